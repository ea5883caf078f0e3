/**
 * The FR Core (hl7.fhir.fr.core) canonicals the FHIR JSON family reads: detection (`detect.ts`), the Patient identity
 * checks (`patient.ts`, `ins-traits.ts`) and the Patient preview. The INS traits' extension URLs are data
 * (`schemas/pgssi/ins.json` → `fhirTraits`). Some senders write FR Core canonicals in http: `isCanonical` reads both.
 */
export const FR_CORE_SD = 'https://hl7.fr/ig/fhir/core/StructureDefinition/';
export const FR_CORE_PATIENT = `${FR_CORE_SD}fr-core-patient`;
export const FR_CORE_PATIENT_INS = `${FR_CORE_SD}fr-core-patient-ins`;
export const FR_CORE_IDENTITY_RELIABILITY = `${FR_CORE_SD}fr-core-identity-reliability`;

/** `url` is `canonical`, or an https canonical written in http (`http://hl7.fr/…` for `https://hl7.fr/…`). */
export function isCanonical(url: unknown, canonical: string): boolean {
  if (url === canonical) return true;
  return typeof url === 'string' && canonical.startsWith('https://') && url.startsWith('http://') && url.slice(7) === canonical.slice(8);
}

/** The canonical without its scheme, for text searches that must match either spelling. */
export const withoutScheme = (canonical: string): string => canonical.slice(canonical.indexOf('://') + 3);
