import type { Locale } from '../../engine/types';
import type { JsonProblem } from './scan';

/** Keys that would reach Object.prototype in naive code. */
export const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Objects with more keys than this switch from a list scan to a Set for duplicate detection. */
const SMALL_OBJECT = 16;

export interface LintResult {
  /** False when the text is not well-formed JSON: the caller then asks jsonc-parser for precise errors. */
  wellFormed: boolean;
  problems: JsonProblem[];
  reserved: boolean;
}

/**
 * One iterative pass over JSON text that checks what FHIR JSON adds to JSON — no duplicate keys, no empty
 * object or array, no number a double cannot hold, no prototype keys — and that nesting stays below
 * `maxDepth`. No recursion and no per-value allocation, so it is safe on hostile input and fast on large
 * Bundles. It stops at the first syntax fault and reports `wellFormed: false` without a message.
 */
export function lintJson(text: string, maxDepth: number, locale: Locale, precisionLost: (raw: string, value: number) => boolean): LintResult {
  const problems: JsonProblem[] = [];
  const n = text.length;
  let i = 0;
  let reserved = false;
  // Open containers: kind (1 object, 2 array), index of their first key in `keys`, optional Set of keys.
  const kinds: number[] = [];
  const keyStart: number[] = [];
  const keySets: (Set<string> | undefined)[] = [];
  // Keys of the open objects as [start, end) offsets of their raw text: no string is built per key.
  const keyFrom: number[] = [];
  const keyTo: number[] = [];
  let keyLen = 0;
  const fail = (): LintResult => ({ wellFormed: false, problems, reserved });
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
  };
  /** Scans a string starting at the opening quote; returns its end (after the closing quote) or -1. */
  const stringEnd = (from: number): number => {
    let j = from + 1;
    for (;;) {
      const q = text.indexOf('"', j);
      if (q < 0) return -1;
      // Control characters are not allowed raw inside strings.
      for (let k = j; k < q; k++) if (text.charCodeAt(k) < 32) return -1;
      let b = q - 1;
      while (b > from && text.charCodeAt(b) === 92) b--;
      if ((q - 1 - b) % 2 === 0) return q + 1;
      j = q + 1;
    }
  };
  const scanValue = (): boolean => {
    ws();
    if (i >= n) return false;
    const c = text.charCodeAt(i);
    if (c === 34) {
      const end = stringEnd(i);
      if (end < 0) return false;
      i = end;
      return true;
    }
    if (c === 45 || (c >= 48 && c <= 57)) {
      const m = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/y;
      m.lastIndex = i;
      const hit = m.exec(text);
      if (!hit) return false;
      const raw = hit[0];
      if ((raw.length > 15 || /[eE]/.test(raw)) && precisionLost(raw, Number(raw))) {
        problems.push({ rule: 'FHIR-JSON-NUMBER', start: i, end: i + raw.length, data: { value: raw.slice(0, 60), read: String(Number(raw)) } });
      }
      i += raw.length;
      return true;
    }
    const lit = c === 116 ? 'true' : c === 102 ? 'false' : c === 110 ? 'null' : undefined;
    if (lit && text.startsWith(lit, i)) {
      i += lit.length;
      return true;
    }
    return false;
  };

  ws();
  if (i >= n) return fail();
  for (;;) {
    ws();
    if (i >= n) return fail();
    const c = text.charCodeAt(i);
    // A value starts here (top level, after ':' or ',' in an array, or first array item).
    if (c === 123 /* { */ || c === 91 /* [ */) {
      if (kinds.length >= maxDepth) {
        problems.push({ rule: 'FHIR-JSON-TOO-DEEP', start: i, end: i + 1, data: { max: maxDepth } });
        return { wellFormed: false, problems, reserved };
      }
      const open = i;
      i++;
      ws();
      const close = c === 123 ? 125 : 93;
      if (text.charCodeAt(i) === close) {
        problems.push({ rule: 'FHIR-JSON-EMPTY', start: open, end: i + 1, data: { kind: c === 123 ? (locale === 'fr' ? 'objet' : 'object') : locale === 'fr' ? 'tableau' : 'array' } });
        i++;
      } else {
        kinds.push(c === 123 ? 1 : 2);
        keyStart.push(keyLen);
        keySets.push(undefined);
        if (c === 123) {
          if (!scanKey()) return fail();
        }
        continue;
      }
    } else if (!scanValue()) {
      return fail();
    }
    // After a value: close containers or move to the next item.
    for (;;) {
      ws();
      if (kinds.length === 0) {
        return i >= n ? { wellFormed: true, problems, reserved } : fail();
      }
      const d = text.charCodeAt(i);
      const kind = kinds[kinds.length - 1];
      if ((kind === 1 && d === 125) || (kind === 2 && d === 93)) {
        i++;
        kinds.pop();
        keyLen = keyStart.pop()!;
        keySets.pop();
        continue;
      }
      if (d !== 44 /* , */) return fail();
      i++;
      if (kind === 1 && !scanKey()) return fail();
      break;
    }
  }

  /** Reads `"key" :` inside the innermost object and records the key. */
  function scanKey(): boolean {
    ws();
    if (text.charCodeAt(i) !== 34) return false;
    const start = i;
    const end = stringEnd(i);
    if (end < 0) return false;
    i = end;
    ws();
    if (text.charCodeAt(i) !== 58 /* : */) return false;
    i++;
    const from = start + 1;
    const to = end - 1;
    const len = to - from;
    let escaped = false;
    for (let x = from; x < to && !escaped; x++) escaped = text.charCodeAt(x) === 92;
    const decoded = escaped ? decode(text.slice(start, end)) : undefined;
    if (escaped && decoded === undefined) return false;
    if (escaped || len === 9 || len === 11) {
      const key = decoded ?? text.slice(from, to);
      if (RESERVED_KEYS.has(key)) {
        reserved = true;
        problems.push({ rule: 'FHIR-JSON-RESERVED-KEY', start, end, data: { key } });
      }
    }
    const top = keySets.length - 1;
    let set = keySets[top];
    // Escaped keys compare by their decoded text: the object switches to a Set of decoded keys.
    if (!set && (escaped || keyLen - keyStart[top] >= SMALL_OBJECT)) {
      set = keySets[top] = new Set();
      for (let k = keyStart[top]; k < keyLen; k++) set.add(text.slice(keyFrom[k], keyTo[k]));
    }
    let duplicate = false;
    if (set) {
      const key = decoded ?? text.slice(from, to);
      duplicate = set.has(key);
      set.add(key);
    } else {
      for (let k = keyStart[top]; k < keyLen && !duplicate; k++) {
        if (keyTo[k] - keyFrom[k] !== len) continue;
        let same = true;
        for (let x = 0; x < len && same; x++) same = text.charCodeAt(keyFrom[k] + x) === text.charCodeAt(from + x);
        duplicate = same;
      }
      if (!duplicate) {
        keyFrom[keyLen] = from;
        keyTo[keyLen] = to;
        keyLen++;
      }
    }
    if (duplicate) problems.push({ rule: 'FHIR-JSON-DUPLICATE-KEY', start, end, data: { key: text.slice(from, to) } });
    return true;
  }
}

/** The text of a JSON string literal with escapes, or undefined when an escape is invalid. */
function decode(literal: string): string | undefined {
  try {
    return JSON.parse(literal) as string;
  } catch {
    return undefined;
  }
}
