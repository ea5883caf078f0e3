import type { FamilyDeps } from '../engine/family';
import { findPasswordOnlyAuth } from '../pgssi/auth';
import { findXdsConfidentialityCodes, JDV_J08, metadataCodeProblem } from '../pgssi/metadata';
import { findNirsInText } from '../pgssi/nir';
import { findOidcIssues } from '../pgssi/oidc';
import { findPscIssues, pscHitData } from '../pgssi/psc';
import { findRegisterSettings } from '../pgssi/registers';
import { reportSecrets } from '../pgssi/report';
import { scanAssignments } from '../pgssi/scan';
import { findSecrets } from '../pgssi/secrets';
import { findWeakSignatureAlgorithms, findXmldsigOnlySignatures } from '../pgssi/signature';
import { loadPgssiTables } from '../pgssi/tables';
import { findClearHttpEndpoints, findDisabledCertVerification, findOldTlsVersions, findTls12Only, findWeakCiphers } from '../pgssi/transport';

/**
 * PGSSI-S transport, secret and authentication checks on an opted-in text file (configuration, script, export), and the
 * register numbers and NIRs of settings named after them; XDM/XDS metadata (METADATA.XML) confidentiality codes; weak algorithms and XMLDSig-only form of a detached XML signature.
 */
export function validateText(text: string, deps: FamilyDeps): { kind?: string } {
  const tables = loadPgssiTables(deps.data);
  if (!tables) return {};
  const { reporter, settings } = deps;
  const assignments = scanAssignments(text);
  reportSecrets(reporter, findSecrets(text, tables.secrets, assignments));
  for (const h of findClearHttpEndpoints(assignments, tables.transport)) reporter.report('PGSSI-HTTP-ENDPOINT', h, h.data);
  for (const h of findOldTlsVersions(assignments, tables.transport)) reporter.report('PGSSI-TLS-VERSION', h, h.data);
  for (const h of findTls12Only(assignments, tables.transport)) reporter.report('PGSSI-TLS-13-ABSENT', h, h.data);
  for (const h of findWeakCiphers(assignments, tables.transport)) reporter.report('PGSSI-TLS-WEAK-CIPHER', h, h.data);
  for (const h of findDisabledCertVerification(text, assignments, tables.transport)) reporter.report('PGSSI-TLS-VERIFY-DISABLED', h, h.data);
  const l = settings.locale;
  for (const h of findPscIssues(text, assignments, tables.psc, settings.production)) reporter.report(h.rule, h, pscHitData(h, l));
  for (const h of findPasswordOnlyAuth(text, assignments, tables.transport)) reporter.report('PGSSI-AUTH-PASSWORD-ONLY', h, { key: h.key, found: h.found });
  for (const h of findOidcIssues(text, assignments, tables.transport.oidc, tables.psc)) reporter.report(h.rule, h, h.data);
  for (const h of findNirsInText(text)) reporter.report('PGSSI-NIR-IN-TEXT', h, { masked: h.masked });
  for (const h of findRegisterSettings(assignments, tables.systems, tables.idNat, l)) reporter.report(h.rule, h, h.data);
  for (const h of findWeakSignatureAlgorithms(text)) reporter.report('PGSSI-SIGNATURE-WEAK-ALGORITHM', h, { algorithm: h.algorithm });
  for (const h of findXmldsigOnlySignatures(text)) reporter.report('PGSSI-SIGNATURE-XMLDSIG-ONLY', h, {});
  const codes = findXdsConfidentialityCodes(text);
  const j08 = codes.length > 0 ? deps.nos.valueSet(JDV_J08) : undefined;
  for (const c of codes) {
    const problem = metadataCodeProblem(c.code, j08);
    if (problem) reporter.report('PGSSI-CONF-METADATA-CODE', c, problem);
  }
  return {};
}
