/** The position-aware XML tree the rules walk. Offsets index the original document text. */

export interface XmlAttr {
  /** Qualified name as written, e.g. `xsi:type`. */
  name: string;
  local: string;
  ns: string;
  /** Value with the five XML entities and character references decoded. */
  value: string;
  nameStart: number;
  /** Offsets of the value between the quotes. */
  valueStart: number;
  valueEnd: number;
}

export interface XmlText {
  kind: 'text';
  /** Raw text as written (entities not decoded); use `decodeXmlText` to read it. */
  raw: string;
  start: number;
  cdata?: boolean;
}

export interface XmlElement {
  kind: 'element';
  name: string;
  local: string;
  ns: string;
  attrs: XmlAttr[];
  /** Child elements only, in document order. */
  children: XmlElement[];
  /** Child elements and text, in document order (the narrative needs mixed content). */
  content: (XmlElement | XmlText)[];
  parent: XmlElement | undefined;
  /** Offset of `<`. */
  start: number;
  /** Offset just after the element name in the start tag. */
  nameEnd: number;
  /** Offset just after the end tag (or `/>`). */
  end: number;
  depth: number;
}

export const NS = {
  hl7: 'urn:hl7-org:v3',
  sdtc: 'urn:hl7-org:sdtc',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  xsl: 'http://www.w3.org/1999/XSL/Transform',
  lab: 'urn:oid:1.3.6.1.4.1.19376.1.3.2',
  pharm: 'urn:ihe:pharm:medication',
  dicom: 'urn:dicom-org:ps3-20',
  xml: 'http://www.w3.org/XML/1998/namespace',
} as const;

export function attr(el: XmlElement, local: string, ns = ''): XmlAttr | undefined {
  for (const a of el.attrs) if (a.local === local && a.ns === ns) return a;
  return undefined;
}

export function attrValue(el: XmlElement | undefined, local: string, ns = ''): string | undefined {
  return el ? attr(el, local, ns)?.value : undefined;
}

export function child(el: XmlElement | undefined, local: string, ns: string = NS.hl7): XmlElement | undefined {
  if (!el) return undefined;
  for (const c of el.children) if (c.local === local && c.ns === ns) return c;
  return undefined;
}

export function children(el: XmlElement | undefined, local: string, ns: string = NS.hl7): XmlElement[] {
  if (!el) return [];
  return el.children.filter((c) => c.local === local && c.ns === ns);
}

/** Follows a path of HL7 child names, taking the first match at each step. */
export function path(el: XmlElement | undefined, ...names: string[]): XmlElement | undefined {
  let cur = el;
  for (const n of names) cur = child(cur, n);
  return cur;
}

/** All HL7 elements reached by following names, fanning out at every step. */
export function pathAll(el: XmlElement | undefined, ...names: string[]): XmlElement[] {
  let cur: XmlElement[] = el ? [el] : [];
  for (const n of names) cur = cur.flatMap((c) => children(c, n));
  return cur;
}

/**
 * Every element below `root` (root included), in document order. The tree never changes after parsing, so
 * the list is built once per subtree and shared by the rules that scan it.
 */
export function descendants(root: XmlElement): readonly XmlElement[] {
  let all = descendantsCache.get(root);
  if (all) return all;
  all = [];
  const stack: XmlElement[] = [root];
  while (stack.length > 0) {
    const el = stack.pop()!;
    all.push(el);
    for (let i = el.children.length - 1; i >= 0; i--) stack.push(el.children[i]);
  }
  descendantsCache.set(root, all);
  return all;
}
const descendantsCache = new WeakMap<XmlElement, XmlElement[]>();

export function textOf(el: XmlElement): string {
  let s = '';
  const stack: (XmlElement | XmlText)[] = [el];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.kind === 'text') s += n.cdata ? n.raw : decodeXmlText(n.raw);
    else for (let i = n.content.length - 1; i >= 0; i--) stack.push(n.content[i]);
  }
  return s;
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the five predefined entities and character references; anything else is left as written. */
export function decodeXmlText(raw: string): string {
  if (raw.indexOf('&') < 0) return raw;
  return raw.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]+);/g, (m, body: string) => {
    if (body[0] === '#') {
      const cp = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return NAMED[body] ?? m;
  });
}

/** Escapes text for an XML attribute value or element content. */
export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** Human-readable XPath-like location of an element, e.g. `/ClinicalDocument/recordTarget/patientRole`. */
export function xpathOf(el: XmlElement): string {
  const parts: string[] = [];
  for (let cur: XmlElement | undefined = el; cur; cur = cur.parent) parts.push(cur.local);
  return '/' + parts.reverse().join('/');
}
