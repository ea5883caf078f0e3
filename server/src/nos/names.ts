/** Name and text normalisation shared by lookups and search. */

/** `JDV-J07-XdsTypeCode-CISIS`, `jdv_j07_xdstypecode_cisis` and `JDV_J07_XdsTypeCode_CISIS.tabs` give the same key. */
export function nameKey(name: string): string {
  return name
    .trim()
    .replace(/\.(tabs|xml|json)$/i, '')
    .replace(/[-\s]+/g, '_')
    .toUpperCase();
}

/**
 * `JDV_J07` for `JDV_J07_XdsTypeCode_CISIS`, `TRE_R02` for `TRE_R02-SecteurActivite`; undefined when the name
 * has no NOS number (one letter and digits: `JDV_HL7_…` is not numbered).
 */
export function shortNameKey(name: string): string | undefined {
  const m = /^(JDV|TRE)_([A-Z]\d+)(?:_|$)/.exec(nameKey(name));
  return m ? `${m[1]}_${m[2]}` : undefined;
}

/** Lower case without diacritics, for accent-insensitive search ("Établissement" → "etablissement"). */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .toLowerCase();
}

const OID = /^[0-2](?:\.(?:0|[1-9][0-9]*))+$/;

/** A dotted OID of two arcs at least, without leading zeros (`1.2.250.1.213.1.4.8`); no `urn:oid:` prefix. */
export function isOid(text: string): boolean {
  return OID.test(text);
}

/** `urn:oid:1.2.3` → `1.2.3`; any other text as it is. */
export function withoutUrnOid(ref: string): string {
  return ref.startsWith('urn:oid:') ? ref.slice(8) : ref;
}

/** `urn:oid:1.2.3` → `1.2.3`; undefined when the text is not an OID. */
export function asOid(ref: string): string | undefined {
  const s = withoutUrnOid(ref);
  return isOid(s) ? s : undefined;
}

/** Canonical URL without `|version` and trailing slash, for URL lookups. */
export function urlKey(url: string): string {
  const bar = url.indexOf('|');
  const base = bar >= 0 ? url.slice(0, bar) : url;
  return base.trim().replace(/\/+$/, '');
}
