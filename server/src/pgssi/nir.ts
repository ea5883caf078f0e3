import { maskSecret } from './mask';

/**
 * The NIR / matricule INS: 13 characters (sex, year, month, département — `2A`/`2B` for Corsica —, commune,
 * order) followed by a 2-digit key equal to 97 − (body mod 97), the Corsican départements counting as 19 (2A)
 * and 18 (2B).
 */

/** 15 characters, département `2A`/`2B` allowed; month and département values are deliberately not restricted. */
const MATRICULE = /^[0-9]{5}(?:[0-9]{2}|2[AB])[0-9]{6}[0-9]{2}$/;

/** Upper-case, as the matricule is compared (`2a` is read as `2A`). */
export function normalizeMatricule(value: string): string {
  return value.toUpperCase();
}

export function isMatriculeFormat(value: string): boolean {
  return MATRICULE.test(normalizeMatricule(value));
}

/** The key of a 13-character NIR body (Corsica remapped), as two digits; undefined for a malformed body. */
export function nirKey(body: string): string | undefined {
  const b = normalizeMatricule(body);
  if (!/^[0-9]{5}(?:[0-9]{2}|2[AB])[0-9]{6}$/.test(b)) return undefined;
  const dept = b.slice(5, 7);
  const numeric = b.slice(0, 5) + (dept === '2A' ? '19' : dept === '2B' ? '18' : dept) + b.slice(7);
  // 13 digits stay below 2^53: plain numbers are exact here.
  const key = 97 - (Number(numeric) % 97);
  return String(key).padStart(2, '0');
}

export interface NirKeyCheck {
  valid: boolean;
  /** The key the body calls for. */
  expected: string;
  /** The key written. */
  found: string;
}

/** Checks the key of a well-formed matricule; undefined when the value is not a matricule at all. */
export function checkNirKey(matricule: string): NirKeyCheck | undefined {
  const m = normalizeMatricule(matricule);
  if (!isMatriculeFormat(m)) return undefined;
  const expected = nirKey(m.slice(0, 13))!;
  const found = m.slice(13);
  return { valid: expected === found, expected, found };
}

export interface NirInText {
  start: number;
  end: number;
  /** The number with all but 4 characters masked. */
  masked: string;
}

// Sex 1, 2 (3/4 and 7/8 for foreign-born and temporary numbers), year, month, département, commune, order, key;
// single spaces allowed between the groups, as NIRs are often written.
const NIR_IN_TEXT = /(?<![0-9A-Za-z])[123478] ?[0-9]{2} ?(?:0[1-9]|1[0-2]|[2-3][0-9]|4[0-2]|[5-9][0-9]) ?(?:[0-9]{2}|2[AB]) ?[0-9]{3} ?[0-9]{3} ?[0-9]{2}(?![0-9A-Za-z])/g;

/** NIR-shaped numbers whose key holds: personal data a plain text file should not carry. */
export function findNirsInText(text: string): NirInText[] {
  const out: NirInText[] = [];
  for (const m of text.matchAll(NIR_IN_TEXT)) {
    const compact = m[0].replace(/ /g, '');
    if (checkNirKey(compact)?.valid) out.push({ start: m.index!, end: m.index! + m[0].length, masked: maskSecret(compact) });
  }
  return out;
}
