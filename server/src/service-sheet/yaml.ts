import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Alias, type Document, type Node as YamlNode, type Pair } from 'yaml';
import type { OffsetRange } from '../engine/types';

/** A sheet is a few kilobytes; past this size the text is not parsed at all. */
export const MAX_SHEET_CHARS = 1_000_000;
/** Alias dereferences allowed per document (the same bound as the `yaml` package's own `maxAliasCount` default). */
export const MAX_ALIAS_COUNT = 100;
/** Values that alias expansion may produce per document: a "billion laughs" stops here. */
export const MAX_ALIASED_VALUES = 10_000;
/** A sheet is four levels deep; deeper nesting is refused before anything walks it. */
export const MAX_DEPTH = 64;

export type YamlProblemRule =
  | 'FICHE-YAML-SYNTAX'
  | 'FICHE-YAML-DUPLICATE-KEY'
  | 'FICHE-YAML-TAG'
  | 'FICHE-YAML-DEPTH'
  | 'FICHE-YAML-ALIAS'
  | 'FICHE-YAML-SIZE';

export interface YamlProblem extends OffsetRange {
  rule: YamlProblemRule;
  /** The `yaml` error code (SYNTAX), or the tag as written (TAG). */
  detail?: string;
}

export interface SheetDoc {
  doc: Document.Parsed;
  /** Plain data: null-prototype objects, arrays and primitives; user keys never reach an ordinary object. */
  value: unknown;
  /** The document has errors that make its content unreliable: only its syntax is reported. */
  broken: boolean;
  /** Each alias node and the node its anchor names. */
  aliases: Map<Alias, YamlNode>;
}

export interface ParsedStream {
  docs: SheetDoc[];
  problems: YamlProblem[];
}

export type PathSegment = string | number;

/** Parses every document of the stream; never throws. */
export function parseSheetStream(text: string): ParsedStream {
  if (text.length > MAX_SHEET_CHARS) {
    return { docs: [], problems: [{ rule: 'FICHE-YAML-SIZE', start: 0, end: firstLineEnd(text), detail: String(text.length) }] };
  }
  let parsed: Document.Parsed[];
  try {
    // The package's own duplicate-key check compares each key with all the others (quadratic): ours uses a set.
    parsed = [...parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false })];
  } catch {
    return { docs: [], problems: [{ rule: 'FICHE-YAML-SYNTAX', start: 0, end: firstLineEnd(text), detail: 'IMPOSSIBLE' }] };
  }
  const problems: YamlProblem[] = [];
  const docs: SheetDoc[] = [];
  for (const doc of parsed) {
    let broken = false;
    let depthReported = false;
    for (const e of doc.errors) {
      const at = widen(e.pos[0], e.pos[1], text.length);
      if (e.code === 'RESOURCE_EXHAUSTION') {
        broken = true;
        if (!depthReported) problems.push({ rule: 'FICHE-YAML-DEPTH', ...at });
        depthReported = true;
      } else {
        broken = true;
        problems.push({ rule: 'FICHE-YAML-SYNTAX', ...at, detail: e.code });
      }
    }
    for (const w of doc.warnings) {
      const at = widen(w.pos[0], w.pos[1], text.length);
      if (w.code === 'TAG_RESOLVE_FAILED') problems.push({ rule: 'FICHE-YAML-TAG', ...at, detail: text.slice(at.start, Math.min(at.end, at.start + 60)) });
      else problems.push({ rule: 'FICHE-YAML-SYNTAX', ...at, detail: w.code });
    }
    const { aliases, unresolved, tooDeep, duplicateKeys } = walkDocument(doc.contents);
    for (const key of duplicateKeys) problems.push({ rule: 'FICHE-YAML-DUPLICATE-KEY', ...rangeOf(key) });
    if (tooDeep) {
      broken = true;
      const at = rangeOf(tooDeep).start;
      if (!depthReported) problems.push({ rule: 'FICHE-YAML-DEPTH', start: at, end: at + 1 });
    }
    for (const a of unresolved) {
      broken = true;
      problems.push({ rule: 'FICHE-YAML-SYNTAX', ...rangeOf(a), detail: 'UNRESOLVED_ALIAS' });
    }
    let value: unknown;
    if (!broken) {
      const plain = toPlain(doc.contents, aliases);
      if (plain.exhaustedAt) {
        broken = true;
        problems.push({ rule: 'FICHE-YAML-ALIAS', ...rangeOf(plain.exhaustedAt) });
      } else value = plain.value;
    }
    docs.push({ doc, value, broken, aliases });
  }
  return { docs, problems };
}

interface DocumentWalk {
  aliases: Map<Alias, YamlNode>;
  unresolved: Alias[];
  /** Keys written twice in one mapping (each repetition after the first). */
  duplicateKeys: YamlNode[];
  /** The first collection nested deeper than MAX_DEPTH. */
  tooDeep?: YamlNode;
}

/**
 * One document-order walk: records anchors, so that each alias gets the last anchor of its name before it; finds
 * repeated keys; measures nesting.
 */
function walkDocument(root: unknown): DocumentWalk {
  const anchors = new Map<string, YamlNode>();
  const walk: DocumentWalk = { aliases: new Map(), unresolved: [], duplicateKeys: [] };
  const { aliases, unresolved } = walk;
  const stack: { node: unknown; depth: number }[] = [{ node: root, depth: 0 }];
  while (stack.length) {
    const { node, depth } = stack.pop()!;
    if (depth > MAX_DEPTH && (isMap(node) || isSeq(node))) return { ...walk, tooDeep: node };
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target) aliases.set(node, target);
      else unresolved.push(node);
      continue;
    }
    if (!isScalar(node) && !isMap(node) && !isSeq(node)) continue;
    if (node.anchor) anchors.set(node.anchor, node);
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const k = keyText(pair);
        if (seen.has(k)) walk.duplicateKeys.push(pair.key);
        seen.add(k);
      }
      for (let i = node.items.length - 1; i >= 0; i--) stack.push({ node: node.items[i].value, depth: depth + 1 }, { node: node.items[i].key, depth: depth + 1 });
    } else if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push({ node: node.items[i], depth: depth + 1 });
    }
  }
  return walk;
}

interface Task {
  node: unknown;
  into: Record<string, unknown> | unknown[] | { root: unknown };
  key: string | number;
  /** The alias written in the document whose expansion this node belongs to. */
  origin?: Alias;
}

/**
 * Iterative conversion to plain data (no recursion, so nesting depth cannot overflow the stack). Mappings become
 * `Object.create(null)` objects: a `__proto__` key is an ordinary own property there. The first of duplicate keys wins.
 */
function toPlain(root: unknown, aliases: Map<Alias, YamlNode>): { value?: unknown; exhaustedAt?: Alias } {
  const holder = { root: undefined as unknown };
  const stack: Task[] = [{ node: root, into: holder, key: 'root' }];
  let aliasCount = 0;
  let aliasedValues = 0;
  while (stack.length) {
    const task = stack.pop()!;
    let node = task.node;
    let origin = task.origin;
    if (isAlias(node)) {
      origin ??= node;
      if (++aliasCount > MAX_ALIAS_COUNT) return { exhaustedAt: origin };
      node = aliases.get(node);
    }
    if (origin && ++aliasedValues > MAX_ALIASED_VALUES) return { exhaustedAt: origin };
    let value: unknown;
    // Children are pushed last-first so that they are converted in document order.
    if (isMap(node)) {
      const obj: Record<string, unknown> = Object.create(null);
      const children: Task[] = [];
      for (const pair of node.items) {
        const k = keyText(pair, aliases);
        if (Object.hasOwn(obj, k)) continue;
        obj[k] = null;
        children.push({ node: pair.value, into: obj, key: k, origin });
      }
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
      value = obj;
    } else if (isSeq(node)) {
      const arr: unknown[] = new Array(node.items.length).fill(null);
      for (let i = node.items.length - 1; i >= 0; i--) stack.push({ node: node.items[i], into: arr, key: i, origin });
      value = arr;
    } else if (isScalar(node)) {
      value = scalarValue(node.value, node.source);
    } else value = null;
    (task.into as Record<string | number, unknown>)[task.key] = value;
  }
  return { value: holder.root };
}

function scalarValue(v: unknown, source: unknown): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  // Dates (%YAML 1.1 timestamps), binary and the like: the text as written.
  return typeof source === 'string' ? source : String(v);
}

/** A mapping key as text: scalars by value, anything else by a fixed marker (never a valid key). */
export function keyText(pair: Pair<unknown, unknown>, aliases?: Map<Alias, YamlNode>): string {
  let key = pair.key;
  if (isAlias(key) && aliases) key = aliases.get(key);
  if (isScalar(key)) return key.value === null || key.value === undefined ? '' : String(key.value);
  return key === null || key === undefined ? '' : '[?]';
}

export interface PathHit {
  /** The value node at the path (undefined when the key has no value). */
  node?: YamlNode;
  /** The key node when the last segment is a mapping key. */
  key?: YamlNode;
  /** How many segments were found. */
  depth: number;
}

/** Follows a JSON-pointer-like path through the AST, dereferencing aliases on the way. */
export function nodeAt(sheet: SheetDoc, path: PathSegment[]): PathHit {
  let cur: unknown = sheet.doc.contents;
  let key: YamlNode | undefined;
  let depth = 0;
  for (const seg of path) {
    const here = isAlias(cur) ? sheet.aliases.get(cur) : cur;
    key = undefined;
    if (isMap(here) && typeof seg === 'string') {
      const pair = here.items.find((p) => keyText(p, sheet.aliases) === seg);
      if (!pair) return { node: cur as YamlNode, depth };
      key = pair.key as YamlNode;
      cur = pair.value ?? undefined;
    } else if (isSeq(here) && typeof seg === 'number' && seg < here.items.length) {
      cur = here.items[seg];
    } else return { node: cur as YamlNode, depth };
    depth++;
  }
  return { node: (cur ?? undefined) as YamlNode | undefined, key, depth };
}

export function rangeOf(node: { range?: [number, number, number] | null } | undefined | null): OffsetRange {
  const r = node?.range;
  return r ? { start: r[0], end: r[1] } : { start: 0, end: 0 };
}

/** The value's range; its key's when the value is absent or empty (`titre:`). */
export function hitRange(hit: PathHit): OffsetRange {
  const value = rangeOf(hit.node);
  if (hit.key && (!hit.node?.range || value.end === value.start)) return rangeOf(hit.key);
  return value;
}

/** The range that names a node: its key when it has one, else its first key (mappings), else the node. */
export function ownerRange(sheet: SheetDoc, path: PathSegment[]): OffsetRange {
  const hit = nodeAt(sheet, path);
  if (hit.depth === path.length && hit.key && typeof path[path.length - 1] === 'string') return rangeOf(hit.key);
  const node = isAlias(hit.node) ? sheet.aliases.get(hit.node) : hit.node;
  if (isMap(node) && node.items.length > 0 && node.items[0].key) return rangeOf(node.items[0].key as YamlNode);
  return rangeOf(node ?? sheet.doc.contents);
}

export function parsePointer(pointer: string): PathSegment[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

/** `securite.flux[1].url` — for messages. */
export function displayPath(path: PathSegment[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out;
}

/** `securite.flux[].url` — the key of the labels and of the schema. */
export function schemaPath(path: PathSegment[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? '[]' : out ? `.${seg}` : seg;
  return out;
}

function widen(start: number, end: number, length: number): OffsetRange {
  if (end > start) return { start, end };
  return start < length ? { start, end: start + 1 } : { start: Math.max(0, length - 1), end: length };
}

function firstLineEnd(text: string): number {
  const nl = text.indexOf('\n');
  return nl < 0 ? Math.min(text.length, 200) : Math.min(nl, 200);
}
