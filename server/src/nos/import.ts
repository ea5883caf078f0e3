import { importFhir } from './import-fhir';
import { importXml } from './import-xml';
import type { ValueSetRecord } from './record';

/**
 * Reads NOS code lists in the formats the ANS publishes: IHE SVS XML, ART-DECOR XML, FHIR R4 JSON
 * (CodeSystem, ValueSet, or a Bundle of them). Pure: text in, records and problems out; never throws.
 */

export type { ValueSetRecord } from './record';
export { canonicalFromFileUrl } from './import-xml';

export interface NosImport {
  records: ValueSetRecord[];
  problems: string[];
}

export function importNosText(text: string): NosImport {
  const start = /\S/.exec(text)?.index ?? -1;
  const first = start >= 0 ? text.charAt(start) : '';
  if (first === '{') return importFhir(text);
  if (first === '<') return importXml(text);
  if (text.charCodeAt(0) === 0xfeff) return importNosText(text.slice(1));
  return { records: [], problems: [start < 0 ? 'empty file' : 'neither XML nor JSON'] };
}

/**
 * Bytes → text for the files NOS exports: UTF-8 by default, UTF-16 when a BOM says so, and the encoding named in
 * the XML declaration otherwise (older SVS exports are ISO-8859-1).
 */
export function decodeNosBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const declared = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
  let label = declared?.toLowerCase() ?? 'utf-8';
  if (!/^(utf-?8|iso-8859-1|iso-8859-15|latin1|windows-1252|us-ascii)$/.test(label)) label = 'utf-8';
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}
