import { maskSecret } from './mask';
import { scanAssignments, type Assignment } from './scan';
import type { SecretTable } from './tables';

/**
 * Credentials written in clear: private keys, bearer/JWT tokens, Basic credentials, passwords in URLs, and
 * `password = …`, `client_secret: …`, `api_key` settings with a literal value. A hit carries the offsets and the
 * masked secret only — never the secret itself — so that nothing downstream (messages, data, logs, reports)
 * can echo it.
 */
export interface SecretHit {
  kind: 'private-key' | 'jwt' | 'authorization' | 'userinfo' | 'setting';
  /** The rule the hit belongs to (from the table). */
  rule: string;
  start: number;
  end: number;
  /** At most 4 characters of the secret, behind asterisks; empty for private keys. */
  masked: string;
  /** The setting's key, for `setting` hits. */
  key?: string;
}

export const SETTING_RULE = 'PGSSI-SECRET-CREDENTIAL';

/** Whether a setting key names a credential (`client_secret`, `PSC_CLIENT_SECRET`, `db.password`, `apiKey`…). */
export function isCredentialKey(norm: string, table: SecretTable): boolean {
  return table.credentialKeySuffixes.some((s) => norm === s || norm.endsWith('_' + s));
}

/** Key words split into their parts, grouped by their last letter (the first one the look-back compares). */
type KeyWords = Map<number, string[][]>;
const keyProbes = new WeakMap<SecretTable, KeyWords>();

function keyWords(table: SecretTable): KeyWords {
  let words = keyProbes.get(table);
  if (words) return words;
  words = new Map();
  for (const s of table.credentialKeySuffixes) {
    const parts = s.toLowerCase().split('_');
    const last = parts[parts.length - 1];
    const code = last.charCodeAt(last.length - 1);
    words.set(code, [...(words.get(code) ?? []), parts]);
  }
  keyProbes.set(table, words);
  return words;
}

/**
 * Whether the text mentions a credential key at all: a key word (any case, its parts joined by `_`, `.`, `-` or
 * nothing) followed by an optional quote, spaces and `=` or `:` — a cheap probe that lets large documents with no
 * such key (most CDA documents and FHIR Bundles) skip the line-by-line settings scan. It looks back from each `=` and
 * `:` found by `indexOf` instead of running a case-insensitive alternation at every offset.
 */
export function mayHoldCredentialKey(text: string, table: SecretTable): boolean {
  const words = keyWords(table);
  let eq = text.indexOf('=');
  let colon = text.indexOf(':');
  while (eq >= 0 || colon >= 0) {
    const sign = eq >= 0 && (colon < 0 || eq < colon) ? eq : colon;
    if (keyEndsAt(text, sign, words)) return true;
    if (sign === eq) eq = text.indexOf('=', eq + 1);
    else colon = text.indexOf(':', colon + 1);
  }
  return false;
}

/** A key word ends before the sign at `sign`, with only spaces and tabs, and at most one quote, between them. */
function keyEndsAt(text: string, sign: number, words: KeyWords): boolean {
  let end = sign - 1;
  while (end >= 0 && (text.charCodeAt(end) === 32 || text.charCodeAt(end) === 9)) end--;
  if (end >= 0 && (text.charCodeAt(end) === 34 || text.charCodeAt(end) === 39)) end--;
  if (end < 0) return false;
  let last = text.charCodeAt(end);
  if (last >= 65 && last <= 90) last += 32;
  const candidates = words.get(last);
  if (!candidates) return false;
  for (const parts of candidates) if (wordEndsAt(text, end, parts)) return true;
  return false;
}

/** Compares backwards, ASCII letters case-insensitively (as a non-Unicode `i` regex does); one optional `_`, `.` or `-` between parts. */
function wordEndsAt(text: string, end: number, parts: string[]): boolean {
  let k = end;
  for (let p = parts.length - 1; p >= 0; p--) {
    const part = parts[p];
    for (let c = part.length - 1; c >= 0; c--, k--) {
      if (k < 0) return false;
      let code = text.charCodeAt(k);
      if (code >= 65 && code <= 90) code += 32;
      if (code !== part.charCodeAt(c)) return false;
    }
    if (p > 0 && k >= 0) {
      const sep = text.charCodeAt(k);
      if (sep === 95 || sep === 46 || sep === 45) k--;
    }
  }
  return true;
}

/** A literal that may be a secret: not empty, not a placeholder (`${VAR}`, `<secret>`, `****`), not a path or URL. */
export function isLiteralSecret(value: string, table: SecretTable): boolean {
  if (value.length < table.minLength) return false;
  if (table.placeholderValues.has(value.toLowerCase())) return false;
  return !table.placeholderPatterns.some((re) => re.test(value));
}

/** Digits or symbols, or mixed case beyond a capitalised word: a token, not prose. */
function isTokenLike(s: string): boolean {
  if (/[0-9+/=._~-]/.test(s)) return true;
  const upper = s.replace(/[^A-Z]/g, '').length;
  const lower = s.replace(/[^a-z]/g, '').length;
  return upper >= 2 && lower >= 2;
}

/**
 * Finds the secrets of a text. `assignments` may be passed when the caller already scanned the text. Hits are in
 * text order and do not overlap (a JWT assigned to `token:` is one hit).
 */
export function findSecrets(text: string, table: SecretTable, assignments: Assignment[] = scanAssignments(text)): SecretHit[] {
  const hits: SecretHit[] = [];
  const closing = new NextMarker(text);
  for (const p of table.patterns) {
    if (p.requires && !p.requires.some((r) => text.includes(r))) continue;
    if (p.probe && !p.probe.test(text)) continue;
    for (const m of text.matchAll(p.regex)) {
      const secret = m[p.group];
      if (secret === undefined || (p.tokenLike && !isTokenLike(secret))) continue;
      if (p.kind !== 'private-key' && !isLiteralSecret(secret, table)) continue;
      const start = m.indices![p.group]![0];
      let end = start + secret.length;
      if (p.until) {
        const close = closing.after(p.until, end);
        if (close >= 0) end = lineEnd(text, close);
      }
      hits.push({ kind: p.kind, rule: p.rule, start, end, masked: p.kind === 'private-key' ? '' : maskSecret(secret) });
    }
  }
  for (const a of assignments) {
    if (!isCredentialKey(a.norm, table) || !isLiteralSecret(a.value, table)) continue;
    hits.push({ kind: 'setting', rule: SETTING_RULE, start: a.valueStart, end: a.valueEnd, masked: maskSecret(a.value), key: a.key });
  }
  return withoutOverlaps(hits);
}

/**
 * The secrets of a whole document of another format (CDA, FHIR JSON): the line-by-line settings scan runs only when
 * a credential key appears at all (`mayHoldCredentialKey`), so large documents without one skip it.
 */
export function findDocumentSecrets(text: string, table: SecretTable): SecretHit[] {
  return findSecrets(text, table, mayHoldCredentialKey(text, table) ? scanAssignments(text) : []);
}

/** Finds the next occurrence of a marker after increasing positions without rescanning the text each time. */
class NextMarker {
  private readonly found = new Map<string, number>();

  constructor(private readonly text: string) {}

  after(marker: string, from: number): number {
    const known = this.found.get(marker);
    if (known !== undefined && (known === -1 || known >= from)) return known;
    const at = this.text.indexOf(marker, from);
    this.found.set(marker, at);
    return at;
  }
}

function lineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  const end = nl < 0 ? text.length : nl;
  return text.charCodeAt(end - 1) === 13 ? end - 1 : end;
}

/** Keeps the first-found of overlapping hits (patterns before settings), in text order. */
function withoutOverlaps(hits: SecretHit[]): SecretHit[] {
  const order = hits.map((h, i) => ({ h, i })).sort((a, b) => a.h.start - b.h.start || a.i - b.i);
  const kept: { h: SecretHit; i: number }[] = [];
  for (const cur of order) {
    const last = kept[kept.length - 1];
    if (last && cur.h.start < last.h.end) {
      if (cur.i < last.i) kept[kept.length - 1] = cur;
      continue;
    }
    kept.push(cur);
  }
  return kept.map((k) => k.h);
}
