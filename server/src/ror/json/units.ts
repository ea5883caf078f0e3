/** A JSON text to validate on its own: the whole document, or one NDJSON line. */
export interface JsonUnit {
  text: string;
  /** Offset of `text` in the document. */
  base: number;
}

/**
 * Splits NDJSON (one resource per line, as Bulk Data `$export` writes) into lines; anything else is one
 * unit. NDJSON is recognised when more than one line holds content and the first line — or, when the
 * first is broken, the second, starting at column 0 — is a complete object on its own: a pretty-printed
 * document opens with a lone `{` and indents what follows, a minified one is a single line. A UTF-8 BOM
 * is skipped.
 */
export function splitUnits(text: string): { units: JsonUnit[]; ndjson: boolean } {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const single = { units: [{ text: text.slice(start), base: start }], ndjson: false };
  const first = nextLine(text, start);
  if (!first) return single;
  const more = /\S/g;
  more.lastIndex = first.next;
  if (!more.test(text)) return single;
  // The first line may itself be the broken one: then the next line, unindented, tells.
  const second = isWholeObject(first.text) ? undefined : nextLine(text, first.next);
  if (second && !(second.text.startsWith('{') && isWholeObject(second.text))) return single;
  if (!second && !isWholeObject(first.text)) return single;
  const lines: JsonUnit[] = [];
  for (let line: Line | undefined = first; line; line = nextLine(text, line.next)) lines.push({ text: line.text, base: line.base });
  return { units: lines, ndjson: true };
}

interface Line extends JsonUnit {
  next: number;
}

/** The next non-blank line at or after `pos` (without its line break), or undefined. */
function nextLine(text: string, pos: number): Line | undefined {
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const lineEnd = end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    const line = text.slice(pos, lineEnd);
    if (line.trim()) return { text: line, base: pos, next: end + 1 };
    pos = end + 1;
  }
  return undefined;
}

/** The line holds one object: it opens with `{` and its brackets close exactly at its end. */
function isWholeObject(line: string): boolean {
  const s = line.trim();
  if (!s.startsWith('{') || !s.endsWith('}')) return false;
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34) {
      for (i++; i < s.length && s.charCodeAt(i) !== 34; i++) if (s.charCodeAt(i) === 92) i++;
    } else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0 && i !== s.length - 1) return false;
    }
  }
  return depth === 0;
}
