/** Readings of HL7 v3 data types for display: person names, timestamps, intervals. Plain strings, not escaped. */
import type { Locale } from '../engine/types';
import { attrValue, child, children, textOf, type XmlElement } from '../xml/tree';

const clean = (s: string) => s.replace(/\s+/g, ' ').trim();

/** `prefix given… FAMILY suffix`; a birth family name beside a used one is shown in brackets. */
export function personName(name: XmlElement | undefined): string {
  if (!name) return '';
  const parts = (local: string) => children(name, local).map((e) => ({ text: clean(textOf(e)), qualifier: attrValue(e, 'qualifier') }));
  const families = parts('family').filter((f) => f.text);
  const used = families.find((f) => f.qualifier === 'SP') ?? families.find((f) => f.qualifier !== 'BR') ?? families[0];
  const birth = families.find((f) => f.qualifier === 'BR');
  const givens = parts('given').filter((g) => g.text);
  // CI-SIS: the used given name (CL), else the first given name of birth (BR), else the given names as written.
  const chosen = givens.find((g) => g.qualifier === 'CL') ?? givens.find((g) => g.qualifier === 'BR');
  const given = chosen ? [chosen.text] : givens.map((g) => g.text);
  const words = [...parts('prefix').map((p) => p.text), ...given, used?.text ?? '', ...parts('suffix').map((p) => p.text)].filter(Boolean);
  let s = words.join(' ');
  if (birth && used && birth !== used && birth.text !== used.text) s += ` (${birth.text})`;
  if (!s) s = clean(textOf(name));
  return s;
}

/** An HL7 TS (`YYYYMMDD[HH[MM[SS[.S+]]]][±ZZZZ]`) in the reader's form; the raw value when it does not parse. */
export function formatTs(value: string | undefined, locale: Locale): string {
  if (!value) return '';
  const m = /^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:\.\d+)?([+-]\d{4})?$/.exec(value.trim());
  if (!m) return value;
  const [, y, mo, d, h, mi, , zone] = m;
  let date = y;
  if (mo) date = locale === 'fr' ? `${mo}/${y}` : `${y}-${mo}`;
  if (mo && d) date = locale === 'fr' ? `${d}/${mo}/${y}` : `${y}-${mo}-${d}`;
  const time = h ? ` ${h}:${mi ?? '00'}` : '';
  const tz = zone && h ? ` (UTC${zone.slice(0, 3)}:${zone.slice(3)})` : '';
  return date + time + tz;
}

/** `effectiveTime` as a value or an interval. */
export function formatIvl(el: XmlElement | undefined, locale: Locale, words: { from: string; to: string }): string {
  if (!el) return '';
  const value = attrValue(el, 'value');
  if (value) return formatTs(value, locale);
  const low = formatTs(attrValue(child(el, 'low'), 'value'), locale);
  const high = formatTs(attrValue(child(el, 'high'), 'value'), locale);
  if (low && high) return `${words.from} ${low} ${words.to} ${high}`;
  if (low) return `${words.from} ${low}`;
  if (high) return `${words.to} ${high}`;
  return '';
}

/** `root` / `extension` of an II as `extension (root)`. */
export function formatIi(el: XmlElement): string {
  const root = attrValue(el, 'root') ?? '';
  const ext = attrValue(el, 'extension');
  return ext ? `${ext} (${root})` : root;
}
