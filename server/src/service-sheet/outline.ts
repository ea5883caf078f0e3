/**
 * Where the cursor is in the sheet's structure, read from the lines themselves: while a sheet is being typed
 * it is rarely valid YAML, but its indentation already says which key owns which line.
 */

export interface LineShape {
  /** Column of the first non-space character. */
  indent: number;
  /** Columns of the `- ` markers at the start of the line. */
  dashes: number[];
  /** Column where the content after the dashes starts. */
  contentAt: number;
  key?: string;
  /** The key has no value on its line: a nested mapping or list follows (a block scalar `|` does not open). */
  opens: boolean;
}

const KEY = /^("[^"]*"|'[^']*'|[^\s:#'"[\]{},][^:#]*?)[ \t]*:(?:[ \t]+(.*))?$/;

/** The structure of one line; undefined for blank and comment lines. */
export function shapeOf(line: string): LineShape | undefined {
  const m = /^( *)((?:-[ \t]+)*)(.*?)[ \t\r]*$/.exec(line)!;
  let rest = m[3].replace(/(^|[ \t])#.*$/, '').trimEnd();
  const dashText = m[2];
  if (!rest && !dashText) return undefined;
  const indent = m[1].length;
  const dashes: number[] = [];
  for (let i = 0; i < dashText.length; i++) if (dashText[i] === '-') dashes.push(indent + i);
  if (rest === '-') {
    dashes.push(indent + dashText.length);
    rest = '';
  }
  const shape: LineShape = { indent, dashes, contentAt: indent + dashText.length, opens: false };
  const k = KEY.exec(rest);
  if (k) {
    const value = (k[2] ?? '').trim();
    shape.key = k[1].replace(/^(["'])(.*)\1$/, '$2');
    shape.opens = value === '';
  }
  return shape;
}

export type OutlineSegment = string | '[]';

/**
 * The path of the mapping (kind `key`) or list (kind `item`) that starts at `column` on line `lineNo`, found by
 * walking up to less-indented owners. Undefined inside block text or when the indentation does not fit.
 */
export function ownerPath(lines: string[], lineNo: number, column: number, kind: 'key' | 'item'): OutlineSegment[] | undefined {
  const path: OutlineSegment[] = [];
  let col = column;
  let mode = kind;
  const enterItemOf = (s: LineShape) => {
    path.unshift('[]');
    col = s.dashes[s.dashes.length - 1];
    mode = 'item';
  };
  for (let l = lineNo - 1; l >= 0; l--) {
    const s = shapeOf(lines[l]);
    if (!s) continue;
    if (mode === 'key') {
      if (s.key !== undefined && s.contentAt === col) {
        if (s.dashes.length) enterItemOf(s);
        continue;
      }
      if (s.indent >= col) continue;
      if (s.key === undefined || !s.opens || s.contentAt > col) return undefined;
      path.unshift(s.key);
      col = s.contentAt;
      if (s.dashes.length) enterItemOf(s);
    } else {
      if (s.dashes.includes(col) || s.indent > col) continue;
      if (s.key === undefined || !s.opens || s.contentAt > col) return undefined;
      path.unshift(s.key);
      col = s.contentAt;
      mode = 'key';
      if (s.dashes.length) enterItemOf(s);
    }
  }
  return mode === 'key' && col === 0 ? path : undefined;
}

/** Keys already written in the mapping at `column` around line `lineNo` (that line excluded). */
export function siblingKeys(lines: string[], lineNo: number, column: number): Set<string> {
  const keys = new Set<string>();
  for (let l = lineNo - 1; l >= 0; l--) {
    const s = shapeOf(lines[l]);
    if (!s) continue;
    if (s.key !== undefined && s.contentAt === column) keys.add(s.key);
    if (s.indent < column || (s.dashes.length > 0 && s.contentAt === column)) break;
  }
  for (let l = lineNo + 1; l < lines.length; l++) {
    const s = shapeOf(lines[l]);
    if (!s) continue;
    if (s.indent < column) break;
    if (s.key !== undefined && s.contentAt === column && s.dashes.length === 0) keys.add(s.key);
  }
  return keys;
}

/** The schema path (`securite.flux[].url`) of outline segments. */
export function outlineSchemaPath(path: OutlineSegment[]): string {
  let out = '';
  for (const seg of path) out += seg === '[]' ? '[]' : out ? `.${seg}` : seg;
  return out;
}
