import { ROR_PATCH_TARGETS } from './fhir/patch';
import { FR_CORE_IDENTITY_RELIABILITY, FR_CORE_PATIENT, withoutScheme } from './fr-core';

const PROFILE_MARK = 'interop.esante.gouv.fr/ig/fhir/ror/StructureDefinition/';
/** Also matches `fr-core-patient-ins`. */
const FR_CORE_PATIENT_MARK = withoutScheme(FR_CORE_PATIENT);
const FR_CORE_RELIABILITY_MARK = withoutScheme(FR_CORE_IDENTITY_RELIABILITY);
const PATIENT_TYPE = /"resourceType"\s*:\s*"Patient"/;
/** An identifier system in the patient-identifier arc 1.2.250.1.213.1.4.x (INS-NIR, INS-NIA, test, INS-C…), bare OID included. */
const PATIENT_ARC_SYSTEM = /"system"\s*:\s*"(?:urn:oid:)?1\.2\.250\.1\.213\.1\.4\.[0-9]/;
/** How far to look for a French Patient: a Bundle or NDJSON export shows one (and its markers) in its first entries. */
const PATIENT_SCAN_CHARS = 2_000_000;
/** How many `"profile"` keys to inspect: a ROR Bundle or NDJSON export shows one in its first entries. */
const MAX_PROFILE_KEYS = 64;
const TARGETS = `(?:${ROR_PATCH_TARGETS.join('|')})\\b`;
const PATH_THEN_VALUE = new RegExp(`^"path"\\s*,\\s*"value(?:String|Code)"\\s*:\\s*"${TARGETS}`);
const VALUE_THEN_PATH = new RegExp(`"value(?:String|Code)"\\s*:\\s*"${TARGETS}[^"]*"\\s*,\\s*"name"\\s*:\\s*$`);

/**
 * The FHIR JSON family (reported as `ror`): a ROR payload, or French patient identity data — see below.
 */
export function isFhirPayload(text: string): boolean {
  return isRorPayload(text) || isFrPatientPayload(text);
}

/**
 * A FHIR JSON text (or NDJSON export) that declares a ROR profile in a `meta.profile` array, directly or
 * in Bundle entries, or a FHIRPath Patch body whose operations target a ROR resource type. Cheap
 * (bounded string searches), never throws, and never claims JSON without `resourceType`.
 */
export function isRorPayload(text: string): boolean {
  const first = firstNonSpace(text);
  if (first !== '{') return false;
  if (!text.includes('"resourceType"')) return false;
  return declaresProfile(text, PROFILE_MARK) || isRorPatch(text);
}

/**
 * A FHIR JSON text (resource, Bundle, NDJSON) holding a `Patient` that is French identity data: a `meta.profile`
 * claiming FR Core Patient (or Patient INS), an identifier system in the patient-identifier arc (INS-NIR, INS-NIA…),
 * or FR Core's identity-reliability extension. A plain Patient, or JSON without `resourceType`, is not claimed.
 * Cheap: linear string searches over the first 2 million characters at most; never throws.
 */
export function isFrPatientPayload(text: string): boolean {
  if (firstNonSpace(text) !== '{') return false;
  const head = text.length > PATIENT_SCAN_CHARS ? text.slice(0, PATIENT_SCAN_CHARS) : text;
  if (!head.includes('"resourceType"') || !PATIENT_TYPE.test(head)) return false;
  return PATIENT_ARC_SYSTEM.test(head) || head.includes(FR_CORE_RELIABILITY_MARK) || declaresProfile(head, FR_CORE_PATIENT_MARK);
}

function firstNonSpace(text: string): string | undefined {
  for (let i = 0; i < text.length && i < 4096; i++) {
    const c = text[i];
    if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t' && c !== '\ufeff') return c;
  }
  return undefined;
}

/** A `"profile": [ … ]` array among the first ones of the text lists a canonical containing `mark`. */
function declaresProfile(text: string, mark: string): boolean {
  let from = 0;
  for (let n = 0; n < MAX_PROFILE_KEYS; n++) {
    const at = text.indexOf('"profile"', from);
    if (at < 0) return false;
    from = at + 9;
    const open = /^\s*:\s*\[/.exec(text.slice(from, from + 64));
    if (!open) continue;
    const start = from + open[0].length;
    const close = text.indexOf(']', start);
    const list = text.slice(start, close < 0 ? start + 4096 : Math.min(close, start + 4096));
    if (list.includes(mark)) return true;
  }
  return false;
}

function isRorPatch(text: string): boolean {
  if (!/"resourceType"\s*:\s*"Parameters"/.test(text.slice(0, 1_000_000)) || !text.includes('"operation"')) return false;
  let from = 0;
  for (let n = 0; n < MAX_PROFILE_KEYS; n++) {
    const at = text.indexOf('"path"', from);
    if (at < 0) return false;
    from = at + 6;
    // `{"name": "path", "valueString": "Location…"}` or the same properties in the other order.
    if (PATH_THEN_VALUE.test(text.slice(at, at + 400)) || VALUE_THEN_PATH.test(text.slice(Math.max(0, at - 400), at))) return true;
  }
  return false;
}
