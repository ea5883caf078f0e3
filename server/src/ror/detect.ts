import { ROR_PATCH_TARGETS } from './fhir/patch';

const PROFILE_MARK = 'interop.esante.gouv.fr/ig/fhir/ror/StructureDefinition/';
/** How many `"profile"` keys to inspect: a ROR Bundle or NDJSON export shows one in its first entries. */
const MAX_PROFILE_KEYS = 64;
const TARGETS = `(?:${ROR_PATCH_TARGETS.join('|')})\\b`;
const PATH_THEN_VALUE = new RegExp(`^"path"\\s*,\\s*"value(?:String|Code)"\\s*:\\s*"${TARGETS}`);
const VALUE_THEN_PATH = new RegExp(`"value(?:String|Code)"\\s*:\\s*"${TARGETS}[^"]*"\\s*,\\s*"name"\\s*:\\s*$`);

/**
 * A FHIR JSON text (or NDJSON export) that declares a ROR profile in a `meta.profile` array, directly or
 * in Bundle entries, or a FHIRPath Patch body whose operations target a ROR resource type. Cheap
 * (bounded string searches), never throws, and never claims JSON without `resourceType`.
 */
export function isRorPayload(text: string): boolean {
  const first = firstNonSpace(text);
  if (first !== '{') return false;
  if (!text.includes('"resourceType"')) return false;
  return declaresRorProfile(text) || isRorPatch(text);
}

function firstNonSpace(text: string): string | undefined {
  for (let i = 0; i < text.length && i < 4096; i++) {
    const c = text[i];
    if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t' && c !== '\ufeff') return c;
  }
  return undefined;
}

function declaresRorProfile(text: string): boolean {
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
    if (list.includes(PROFILE_MARK)) return true;
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
