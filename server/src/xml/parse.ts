import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { decodeXmlText, NS, type XmlAttr, type XmlElement, type XmlText } from './tree';

/**
 * Parses XML into a position-aware tree. Never throws: problems come back as data.
 *
 * Safety: a DOCTYPE or ENTITY declaration is refused before the parser sees the text, entity processing
 * is off in fast-xml-parser, and only the five predefined entities and character references are decoded
 * (by us). There is no external resolution of any kind.
 */

export type XmlProblemCode =
  | 'XML-SYNTAX'
  | 'XML-DOCTYPE'
  | 'XML-NUL'
  | 'XML-TOO-DEEP'
  | 'XML-TOO-LARGE'
  | 'XML-ENTITY';

export interface XmlProblem {
  code: XmlProblemCode;
  start: number;
  end: number;
  data?: Record<string, string | number>;
}

export interface XmlDocument {
  root: XmlElement | undefined;
  problems: XmlProblem[];
}

export interface ParseLimits {
  maxBytes: number;
  maxDepth: number;
}

export const defaultLimits: ParseLimits = { maxBytes: 64 * 1024 * 1024, maxDepth: 1000 };

const parsers = new Map<number, XMLParser>();
/** One parser per depth limit: fast-xml-parser keeps no document state between `parse` calls. */
function parser(maxDepth: number): XMLParser {
  let p = parsers.get(maxDepth);
  if (!p) parsers.set(maxDepth, (p = newParser(maxDepth)));
  return p;
}

const newParser = (maxDepth: number) =>
  new XMLParser({
    preserveOrder: true,
    captureMetaData: true,
    ignoreAttributes: true,
    processEntities: false,
    htmlEntities: false,
    parseTagValue: false,
    trimValues: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    cdataPropName: '#cdata',
    maxNestedTags: maxDepth,
    // Callbacks get the path matcher instead of a path string built for every text node (we set no callbacks).
    jPath: false,
  });

const META = XMLParser.getMetaDataSymbol() as unknown as symbol;
type FxpNode = Record<string, unknown> & { [k: symbol]: { startIndex?: number; endIndex?: number } | undefined };

export function parseXml(text: string, limits: ParseLimits = defaultLimits): XmlDocument {
  const problems: XmlProblem[] = [];
  if (text.length > limits.maxBytes) {
    problems.push({ code: 'XML-TOO-LARGE', start: 0, end: 0, data: { size: text.length, max: limits.maxBytes } });
    return { root: undefined, problems };
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    problems.push({ code: 'XML-NUL', start: nul, end: nul + 1 });
    return { root: undefined, problems };
  }
  const dtd = /<!(DOCTYPE|ENTITY)\b/i.exec(text);
  if (dtd) {
    problems.push({ code: 'XML-DOCTYPE', start: dtd.index, end: dtd.index + dtd[0].length, data: { kind: dtd[1].toUpperCase() } });
    return { root: undefined, problems };
  }
  // A leading BOM is legal; the parsers want the text without it.
  const base = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const body = base ? text.slice(base) : text;

  const check = XMLValidator.validate(body, { allowBooleanAttributes: false });
  if (check !== true) {
    const off = base + offsetOfLineCol(body, check.err.line, check.err.col);
    problems.push({ code: 'XML-SYNTAX', start: off, end: off + 1, data: { detail: check.err.msg } });
    return { root: undefined, problems };
  }

  let parsed: FxpNode[];
  try {
    parsed = parser(limits.maxDepth).parse(body) as FxpNode[];
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const code = /nested/i.test(msg) ? 'XML-TOO-DEEP' : 'XML-SYNTAX';
    problems.push({ code, start: base, end: base + 1, data: { detail: msg, max: limits.maxDepth } });
    return { root: undefined, problems };
  }

  const root = buildTree(text, base, parsed, problems);
  return { root, problems };
}

function offsetOfLineCol(text: string, line: number, col: number): number {
  let off = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', off);
    if (nl < 0) return text.length;
    off = nl + 1;
  }
  return Math.min(text.length, off + Math.max(0, col - 1));
}

interface Frame {
  nodes: FxpNode[];
  index: number;
  parent: XmlElement;
  nsMap: Map<string, string>;
  cursor: number;
}

function buildTree(text: string, base: number, parsed: FxpNode[], problems: XmlProblem[]): XmlElement | undefined {
  const top: XmlElement = {
    kind: 'element', name: '#document', local: '#document', ns: '', attrs: [], children: [], content: [],
    parent: undefined, start: 0, nameEnd: 0, end: text.length, depth: -1,
  };
  const rootNs = new Map<string, string>([['xml', NS.xml]]);
  const stack: Frame[] = [{ nodes: parsed, index: 0, parent: top, nsMap: rootNs, cursor: base }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame.index >= frame.nodes.length) {
      stack.pop();
      continue;
    }
    const node = frame.nodes[frame.index++];
    const key = firstKey(node);
    if (key === undefined) continue;
    if (key === '#text' || key === '#cdata') {
      const raw = key === '#text' ? String(node[key] ?? '') : cdataText(node[key]);
      const t: XmlText = { kind: 'text', raw, start: frame.cursor, cdata: key === '#cdata' || undefined };
      if (key === '#text' && raw.indexOf('&') >= 0) checkEntities(raw, frame.cursor, problems);
      frame.parent.content.push(t);
      continue;
    }
    const meta = node[META];
    const start = (meta?.startIndex ?? frame.cursor - base) + base;
    const end = (meta?.endIndex ?? start - base) + base;
    const tag = scanStartTag(text, start, problems);
    const nsMap = tag.xmlns ? new Map(frame.nsMap) : frame.nsMap;
    if (tag.xmlns) for (const [prefix, uri] of tag.xmlns) nsMap.set(prefix, uri);
    const colon = key.indexOf(':');
    const prefix = colon >= 0 ? key.slice(0, colon) : '';
    const el: XmlElement = {
      kind: 'element',
      name: key,
      local: colon >= 0 ? key.slice(colon + 1) : key,
      ns: nsMap.get(prefix) ?? '',
      attrs: tag.attrs,
      children: [],
      content: [],
      parent: frame.parent === top ? undefined : frame.parent,
      start,
      nameEnd: start + 1 + key.length,
      end: Math.max(end, tag.end),
      depth: frame.parent.depth + 1,
    };
    for (const a of el.attrs) {
      const c = a.name.indexOf(':');
      if (c >= 0) {
        const p = a.name.slice(0, c);
        a.ns = p === 'xmlns' ? 'http://www.w3.org/2000/xmlns/' : nsMap.get(p) ?? '';
      }
    }
    frame.parent.children.push(el);
    frame.parent.content.push(el);
    frame.cursor = el.end;
    const kids = node[key];
    if (Array.isArray(kids) && kids.length > 0 && !tag.selfClosing) {
      stack.push({ nodes: kids as FxpNode[], index: 0, parent: el, nsMap, cursor: tag.end });
    }
  }
  return top.children[0];
}

function firstKey(node: FxpNode): string | undefined {
  for (const k in node) if (k !== ':@') return k;
  return undefined;
}

function cdataText(v: unknown): string {
  if (Array.isArray(v)) return v.map((x) => String((x as Record<string, unknown>)['#text'] ?? '')).join('');
  return String(v ?? '');
}

interface StartTag {
  attrs: XmlAttr[];
  /** Namespace declarations of this tag, if any (most tags declare none). */
  xmlns: [string, string][] | undefined;
  /** Offset after `>`. */
  end: number;
  selfClosing: boolean;
}

const SPACE = 32, TAB = 9, LF = 10, CR = 13, GT = 62, SLASH = 47, EQ = 61;
const isSpace = (c: number) => c === SPACE || c === TAB || c === LF || c === CR;

/** Reads the attributes of the start tag at `start` (which is `<`). The text is known to be well-formed. */
function scanStartTag(text: string, start: number, problems: XmlProblem[]): StartTag {
  const attrs: XmlAttr[] = [];
  let xmlns: [string, string][] | undefined;
  const n = text.length;
  let i = start + 1;
  let c = text.charCodeAt(i);
  while (i < n && !isSpace(c) && c !== GT && c !== SLASH) c = text.charCodeAt(++i);
  for (;;) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i >= n) return { attrs, xmlns, end: i, selfClosing: false };
    c = text.charCodeAt(i);
    if (c === GT) return { attrs, xmlns, end: i + 1, selfClosing: false };
    if (c === SLASH) return { attrs, xmlns, end: i + 2, selfClosing: true };
    const nameStart = i;
    while (i < n && c !== EQ && !isSpace(c) && c !== GT) c = text.charCodeAt(++i);
    const name = text.slice(nameStart, i);
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) !== EQ) continue; // not reachable for well-formed input
    i++;
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    const valueStart = i + 1;
    const valueEnd = text.indexOf(text[i], valueStart);
    if (valueEnd < 0) return { attrs, xmlns, end: n, selfClosing: false };
    const raw = text.slice(valueStart, valueEnd);
    if (raw.indexOf('&') >= 0) checkEntities(raw, valueStart, problems);
    const value = decodeXmlText(raw);
    i = valueEnd + 1;
    if (name === 'xmlns') (xmlns ??= []).push(['', value]);
    else if (name.startsWith('xmlns:')) (xmlns ??= []).push([name.slice(6), value]);
    const colon = name.indexOf(':');
    attrs.push({ name, local: colon >= 0 ? name.slice(colon + 1) : name, ns: '', value, nameStart, valueStart, valueEnd });
  }
}

const PREDEFINED = new Set(['lt', 'gt', 'amp', 'quot', 'apos']);

/** Reports references to entities that are not predefined: with no DTD allowed, they can never resolve. */
function checkEntities(raw: string, offset: number, problems: XmlProblem[]): void {
  let at = raw.indexOf('&');
  while (at >= 0) {
    const m = /^&([a-zA-Z_][\w.-]*);/.exec(raw.slice(at, at + 64));
    if (m && !PREDEFINED.has(m[1])) {
      problems.push({ code: 'XML-ENTITY', start: offset + at, end: offset + at + m[0].length, data: { entity: m[1] } });
    }
    at = raw.indexOf('&', at + 1);
  }
}
