/**
 * A forgiving, line-based reader of `key = value` settings in configuration text: `.env`, `.properties`, INI,
 * YAML, pretty-printed or one-line JSON, XML attributes, and directive lines (`ssl_protocols TLSv1.2;`). It does
 * not parse any of these formats exactly; it finds the pairs a security check needs, with their offsets and the
 * enclosing section keys (YAML/JSON indentation, INI `[section]`). Linear in the text length; never throws.
 */

export interface Assignment {
  /** The key as written, without quotes. */
  key: string;
  /** The key in snake_case lower case (`clientSecret`, `client-secret`, `CLIENT_SECRET` → `client_secret`). */
  norm: string;
  /** Enclosing section keys, normalised, outermost first. */
  parents: string[];
  /** The value without its quotes (raw text: no escapes decoded). */
  value: string;
  valueStart: number;
  valueEnd: number;
  /** The line is commented out: inactive configuration, though a secret written there is leaked all the same. */
  commented: boolean;
  /** Written as a directive (`key value`) rather than with `=`/`:`. */
  directive: boolean;
}

export function normalizeKey(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** The words of a normalised key (`psc_prod_token_url` → psc, prod, token, url). */
export function keyWords(norm: string): string[] {
  return norm.split('_').filter((w) => w.length > 0);
}

/** The key is one of `keys`, or ends with `_` + one of them (`psc.acr-values` → `psc_acr_values` ends with `acr_values`). */
export function keyEndsWith(norm: string, keys: Set<string>): boolean {
  if (keys.has(norm)) return true;
  for (let i = norm.indexOf('_'); i >= 0; i = norm.indexOf('_', i + 1)) if (keys.has(norm.slice(i + 1))) return true;
  return false;
}

const COMMENT_MARKERS = ['<!--', '//', '/*', '#', ';', '!', '*'];

// Character classes by code, the scanner's hot path: letters, `_`, `$`, `@` start a key; digits, `.` and `-`
// may follow; a key found mid-line must come after one of the delimiters.
function isKeyStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c === 64;
}
function isKeyChar(c: number): boolean {
  return isKeyStart(c) || (c >= 48 && c <= 57) || c === 46 || c === 45;
}
function isDelimiter(c: number): boolean {
  return c === 32 || c === 9 || c === 44 || c === 123 || c === 59 || c === 40 || c === 38 || c === 10 || c === 13;
}

/** Sections deeper than this are not tracked: no configuration needs them, and hostile input cannot grow the stack. */
const MAX_DEPTH = 32;

interface Section {
  indent: number;
  key: string;
}

export function scanAssignments(text: string): Assignment[] {
  const out: Assignment[] = [];
  const stack: Section[] = [];
  let iniSection: string | undefined;
  let pos = 0;
  while (pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    let end = nl < 0 ? text.length : nl;
    if (end > pos && text.charCodeAt(end - 1) === 13) end--;
    const next = readLine(text, pos, end, stack, iniSection, out);
    if (next !== undefined) iniSection = next;
    if (nl < 0) break;
    pos = nl + 1;
  }
  return out;
}

/** Reads one line; returns the new INI section when the line opens one. */
function readLine(text: string, start: number, end: number, stack: Section[], iniSection: string | undefined, out: Assignment[]): string | undefined {
  let i = skipBlanks(text, start, end);
  if (i >= end) return undefined;
  let commented = false;
  for (const m of COMMENT_MARKERS) {
    if (text.startsWith(m, i)) {
      commented = true;
      i = skipBlanks(text, i + m.length, end);
      break;
    }
  }
  if (!commented && text[i] === '[') {
    const m = /^\[([\w .-]+)\]\s*$/.exec(text.slice(i, end));
    if (m) {
      stack.length = 0;
      return normalizeKey(m[1]);
    }
  }
  while (text[i] === '-' && (text[i + 1] === ' ' || text[i + 1] === '\t')) i = skipBlanks(text, i + 1, end);
  if (text.startsWith('export ', i)) i = skipBlanks(text, i + 7, end);
  const indent = i - start;
  if (!commented) while (stack.length > 0 && stack[stack.length - 1].indent >= indent) stack.pop();
  const parents = () => [...(iniSection ? [iniSection] : []), ...stack.map((s) => s.key)];
  const flow = text[i] === '{' || text[i] === '[';

  let first = true;
  while (i < end) {
    const key = readKey(text, i, end);
    if (!key) {
      i = skipToNextKey(text, i + 1, end);
      continue;
    }
    let j = skipBlanks(text, key.end, end);
    let directive = false;
    if (text[j] === '=' && text[j + 1] === '>') j += 2;
    else if (text[j] === '=' && text[j + 1] !== '=') j += 1;
    else if (text[j] === ':' && (key.quoted || j + 1 >= end || /[\s"'{[]/.test(text[j + 1]))) j += 1;
    else if (first && !key.quoted && !flow && j > key.end && j < end && !/[=:,;{}()<>]/.test(text[j])) directive = true;
    else {
      i = skipToNextKey(text, key.end, end);
      first = false;
      continue;
    }
    first = false;
    j = skipBlanks(text, j, end);
    const norm = normalizeKey(key.name);
    const value = readValue(text, j, end, flow || key.quoted, directive);
    if (value.opensSection) {
      if (!commented && stack.length < MAX_DEPTH) stack.push({ indent, key: norm });
    } else {
      out.push({ key: key.name, norm, parents: parents(), value: text.slice(value.start, value.end), valueStart: value.start, valueEnd: value.end, commented, directive });
    }
    if (directive) break;
    i = skipToNextKey(text, Math.max(value.after, j + 1), end);
  }
  return undefined;
}

function skipBlanks(text: string, i: number, end: number): number {
  while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
  return i;
}

/** Moves to the next position where a key may start: after a delimiter. */
function skipToNextKey(text: string, i: number, end: number): number {
  while (i < end) {
    const c = text.charCodeAt(i);
    if ((c === 34 || c === 39 || isKeyStart(c)) && (i === 0 || isDelimiter(text.charCodeAt(i - 1)))) return i;
    i++;
  }
  return end;
}

function readKey(text: string, i: number, end: number): { name: string; end: number; quoted: boolean } | undefined {
  const c = text[i];
  if (c === '"' || c === "'") {
    const close = text.indexOf(c, i + 1);
    if (close < 0 || close >= end || close === i + 1) return undefined;
    const name = text.slice(i + 1, close);
    return /^[\w.\-$@ ]+$/.test(name) ? { name, end: close + 1, quoted: true } : undefined;
  }
  if (!isKeyStart(text.charCodeAt(i))) return undefined;
  let j = i + 1;
  while (j < end && isKeyChar(text.charCodeAt(j))) j++;
  return { name: text.slice(i, j), end: j, quoted: false };
}

interface ValueSpan {
  start: number;
  end: number;
  /** Where scanning for further pairs resumes (after a closing quote). */
  after: number;
  opensSection: boolean;
}

function readValue(text: string, i: number, end: number, flow: boolean, directive: boolean): ValueSpan {
  if (i >= end || (text[i] === '#' && !directive)) return { start: i, end: i, after: end, opensSection: true };
  const c = text[i];
  if (c === '"' || c === "'") {
    let j = i + 1;
    while (j < end && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
    const close = Math.min(j, end);
    return { start: i + 1, end: close, after: close + 1, opensSection: false };
  }
  if (c === '{' || c === '[') return { start: i, end: i, after: i + 1, opensSection: true };
  let j = i;
  while (j < end) {
    const ch = text[j];
    if (flow && (ch === ',' || ch === '}' || ch === ']')) break;
    const spaced = text[j - 1] === ' ' || text[j - 1] === '\t';
    if (spaced && (ch === '#' || text.startsWith('//', j) || text.startsWith('-->', j) || text.startsWith('*/', j))) break;
    j++;
  }
  let k = j;
  while (k > i && /[\s;,]/.test(text[k - 1])) k--;
  return { start: i, end: k, after: j, opensSection: false };
}

/** Line starts of a text, computed once, for line queries in O(log n) whatever the number of queries. */
export class LineStarts {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** The offset where the line holding `offset` starts. */
  lineStart(offset: number): number {
    return this.starts[firstAbove(this.starts, offset) - 1];
  }

  /** Whether the line holding `offset` is a comment line (`#`, `//`, `;`, `!`, `<!--`, `/*`, `*`). */
  isComment(offset: number): boolean {
    let i = this.lineStart(offset);
    while (this.text[i] === ' ' || this.text[i] === '\t') i++;
    return COMMENT_MARKERS.some((m) => this.text.startsWith(m, i));
  }
}

/** Index of the first element of a sorted array greater than `value`. */
export function firstAbove(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The assignment whose value holds `offset`, by binary search (assignments are in text order). */
export function assignmentAt(assignments: Assignment[], offset: number): Assignment | undefined {
  let lo = 0;
  let hi = assignments.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const a = assignments[mid];
    if (offset < a.valueStart) hi = mid - 1;
    else if (offset >= a.valueEnd) lo = mid + 1;
    else return a;
  }
  return undefined;
}

/** The words of an assignment's key and of its enclosing sections. */
export function contextWords(a: Assignment): string[] {
  return [...a.parents.flatMap(keyWords), ...keyWords(a.norm)];
}
