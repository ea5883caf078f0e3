/**
 * Shared PGSSI-S, INS and identifier algorithms and detectors. Pure: no I/O beyond the tables a caller loads with
 * `loadPgssiTables(data)`; nothing throws. The CDA rules (`cda/rules/pgssi*.ts`), the FHIR Patient checks
 * (`ror/patient.ts`), the ROR identifier keys, the service-sheet secret check and the text family use them.
 */
export { luhnSum, isLuhnValid, luhnKey } from './luhn';
export { isMatriculeFormat, normalizeMatricule, nirKey, checkNirKey, findNirsInText, type NirKeyCheck, type NirInText } from './nir';
export { checkRpps, checkAdeli, checkFiness, checkSiren, checkSiret, checkRegister, LA_POSTE_SIREN, type IdVerdict, type Register } from './identifiers';
export { readIdNat, type IdNatTable, type IdNatTables, type IdNatPrefix, type IdNatReading } from './idnat';
export { classifyInsRoot, isInsRoot, assessPatientRoot, assessInsValue, type InsTable, type InsFhirTraits, type InsOid, type InsStatus, type InsReading, type InsIdFinding } from './ins';
export { checkIdentityStatus, type IdentityInput, type IdentityFinding, type PatientIdentifier } from './identity';
export { systemKey, misspelledSystem, registerSystem, compileSystems, type IdSystem, type IdSystemTable, type SettingKind } from './systems';
export { assessIdNat, assessRegisterNumber, assessSystemIdentifier, idNatPsOfRpps, findRegisterSettings, REGISTER_FORMAT, type RegisterFinding, type RegisterHit } from './registers';
export { maskSecret } from './mask';
export { findWeakSignatureAlgorithms, findXmldsigOnlySignatures, WEAK_SIGNATURE_ALGORITHMS, algorithmName, DSIG_NS } from './signature';
export { findXdsConfidentialityCodes, isConfidentialitySystem, metadataCodeProblem, JDV_J08, TRE_A07, TRE_A07_URL, type MetadataCode } from './metadata';
export { scanAssignments, normalizeKey, keyWords, LineStarts, type Assignment } from './scan';
export { findSecrets, findDocumentSecrets, isCredentialKey, isLiteralSecret, mayHoldCredentialKey, type SecretHit } from './secrets';
export { findClearHttpEndpoints, findOldTlsVersions, findDisabledCertVerification, findWeakCiphers, findTls12Only, isLoopbackHost, clearHttpHost, type TransportHit } from './transport';
export { findPscIssues, isPscHost, declaresProduction, environmentOfKey, pscHitData, type PscHit, type PscRule } from './psc';
export { findPasswordOnlyAuth, type AuthHit } from './auth';
export { findOidcIssues, accessTokenLifetime, mentionsPsc, type OidcHit } from './oidc';
export { loadPgssiTables, type PgssiTables, type PscEnvironment, type OidcTable } from './tables';
export { reportStrict, reportSecrets } from './report';
