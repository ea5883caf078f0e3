import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { isScalar, isSeq, type Scalar } from 'yaml';
import type { OffsetFix } from '../engine/reporter';
import type { OffsetRange } from '../engine/types';
import { quoted, type SheetContext } from './context';
import { lookup, schemaAt, type JsonSchema } from './labels';
import { nearest } from './near-miss';
import { displayPath, hitRange, nodeAt, ownerRange, parsePointer, rangeOf, schemaPath, type PathSegment } from './yaml';

/** A document with thousands of schema errors is not a sheet: past this many, the rest are not reported. */
const MAX_SCHEMA_FINDINGS = 200;

const compiled = new WeakMap<JsonSchema, ValidateFunction>();

/** Compiles the sheet schema once per loaded schema object (the data source caches the object). */
export function schemaValidator(schema: JsonSchema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = new Ajv({ allErrors: true, strict: true }).compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** Validates the document's plain value against the schema and reports each ajv error as a FICHE-SCHEMA-… rule. */
export function checkSchema(ctx: SheetContext): void {
  const validate = schemaValidator(ctx.schema);
  if (validate(ctx.sheet.value)) return;
  const errors = validate.errors ?? [];
  // A value of the wrong type also fails its enum, pattern or length: the type error says it all.
  const wrongType = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  let reported = 0;
  for (const e of errors) {
    if (e.keyword !== 'type' && wrongType.has(e.instancePath) && e.keyword !== 'required' && e.keyword !== 'additionalProperties') continue;
    if (reported++ >= MAX_SCHEMA_FINDINGS) return;
    reportError(ctx, e);
  }
}

function reportError(ctx: SheetContext, e: ErrorObject): void {
  const path = parsePointer(e.instancePath);
  const key = displayPath(path) || 'document';
  const params = e.params as Record<string, unknown>;
  const data = valueAt(ctx.sheet.value, path);
  switch (e.keyword) {
    case 'additionalProperties':
      return unknownKey(ctx, path, String(params.additionalProperty));
    case 'required':
      ctx.reporter.report('FICHE-SCHEMA-REQUIRED', ownerRange(ctx.sheet, path), { key: displayPath([...path, String(params.missingProperty)]) });
      return;
    case 'type':
      return wrongType(ctx, path, key, String(params.type), data);
    case 'enum':
      return notInEnum(ctx, path, key, data);
    case 'minItems':
    case 'minLength':
      ctx.reporter.report('FICHE-SCHEMA-EMPTY', hitRange(nodeAt(ctx.sheet, path)), { key });
      return;
    case 'uniqueItems':
      return duplicateItem(ctx, path, key, Math.max(Number(params.i), Number(params.j)));
    case 'pattern':
    default: {
      const format = lookup(ctx.labels.keys, schemaPath(path))?.format?.[ctx.locale] ?? e.message ?? e.keyword;
      ctx.reporter.report('FICHE-SCHEMA-FORMAT', hitRange(nodeAt(ctx.sheet, path)), { key, value: shown(data), format });
    }
  }
}

function unknownKey(ctx: SheetContext, parent: PathSegment[], name: string): void {
  const hit = nodeAt(ctx.sheet, [...parent, name]);
  const at = rangeOf(hit.key ?? hit.node);
  const allowed = Object.keys(schemaAt(ctx.schema, schemaPath(parent))?.properties ?? {});
  const present = keysOf(valueAt(ctx.sheet.value, parent));
  const fixes: OffsetFix[] = [];
  const suggestion = nearest(
    name,
    allowed.filter((k) => !present.has(k)).map((k) => ({ value: k, aliases: [] })),
  );
  if (suggestion) {
    fixes.push({ title: { fr: `Renommer en « ${suggestion} »`, en: `Rename to "${suggestion}"` }, edits: [{ ...at, newText: suggestion }] });
  }
  ctx.reporter.report('FICHE-SCHEMA-UNKNOWN-KEY', at, { key: displayPath([...parent, shown(name)]), allowed: allowed.join(', ') }, fixes);
}

function wrongType(ctx: SheetContext, path: PathSegment[], key: string, expected: string, data: unknown): void {
  const hit = nodeAt(ctx.sheet, path);
  const at = hitRange(hit);
  if (data === null) {
    ctx.reporter.report('FICHE-SCHEMA-EMPTY', at, { key });
    return;
  }
  const fixes: OffsetFix[] = [];
  if (isScalar(hit.node) && typeof hit.node.source === 'string' && (hit.node as Scalar).type === 'PLAIN') {
    const source = ctx.text.slice(at.start, at.end);
    if (expected === 'string') {
      fixes.push({ title: { fr: 'Mettre la valeur entre guillemets', en: 'Quote the value' }, edits: [{ ...at, newText: quoted(source, source) }] });
    } else if (expected === 'array') {
      fixes.push({ title: { fr: 'En faire une liste', en: 'Make it a list' }, edits: [{ ...at, newText: `[${source}]` }] });
    }
  }
  ctx.reporter.report(
    'FICHE-SCHEMA-TYPE',
    at,
    { key, expected: typeLabel(ctx, expected), found: typeLabel(ctx, jsonType(data)) },
    fixes,
  );
}

function notInEnum(ctx: SheetContext, path: PathSegment[], key: string, data: unknown): void {
  const at = hitRange(nodeAt(ctx.sheet, path));
  const table = schemaPath(path);
  const values = schemaAt(ctx.schema, table)?.enum ?? [];
  const labels = ctx.labels.values[table] ?? {};
  const described = (v: string | number) => {
    const label = lookup(labels, String(v))?.[ctx.locale];
    return typeof v === 'string' && label ? `${v} (${label})` : String(v);
  };
  const fixes: OffsetFix[] = [];
  if (typeof data === 'string') {
    const suggestion = nearest(
      data,
      values.filter((v): v is string => typeof v === 'string').map((v) => ({ value: v, aliases: [lookup(labels, v)?.fr ?? '', lookup(labels, v)?.en ?? ''].filter(Boolean) })),
    );
    if (suggestion) {
      const label = lookup(labels, suggestion);
      fixes.push({
        title: { fr: `Remplacer par « ${suggestion} » (${label?.fr ?? suggestion})`, en: `Replace with "${suggestion}" (${label?.en ?? suggestion})` },
        edits: [{ ...at, newText: suggestion }],
      });
    }
  }
  ctx.reporter.report('FICHE-SCHEMA-ENUM', at, { key, value: shown(data), allowed: values.map(described).join(', ') }, fixes);
}

function duplicateItem(ctx: SheetContext, path: PathSegment[], key: string, index: number): void {
  const seq = nodeAt(ctx.sheet, path).node;
  const item = nodeAt(ctx.sheet, [...path, index]);
  const at = hitRange(item);
  const fixes: OffsetFix[] = [];
  if (isSeq(seq) && index > 0 && item.node?.range) {
    const remove = removalRange(ctx.text, seq.flow === true, rangeOf(seq.items[index - 1] as { range?: [number, number, number] }), at);
    fixes.push({ title: { fr: 'Supprimer le doublon', en: 'Remove the duplicate' }, edits: [{ ...remove, newText: '' }] });
  }
  ctx.reporter.report('FICHE-SCHEMA-DUPLICATE-ITEM', at, { key, value: shown(valueAt(ctx.sheet.value, [...path, index])) }, fixes);
}

/** Flow lists lose ", item"; block lists lose the item's whole line. */
function removalRange(text: string, flow: boolean, previous: OffsetRange, item: OffsetRange): OffsetRange {
  if (flow) return { start: previous.end, end: item.end };
  const lineStart = text.lastIndexOf('\n', item.start - 1) + 1;
  const nl = text.indexOf('\n', item.end);
  return { start: lineStart, end: nl < 0 ? text.length : nl + 1 };
}

const keySets = new WeakMap<object, Set<string>>();

/** The keys of a mapping, computed once however many of its keys are reported. */
function keysOf(obj: unknown): Set<string> {
  if (typeof obj !== 'object' || obj === null) return new Set();
  let keys = keySets.get(obj);
  if (!keys) keySets.set(obj, (keys = new Set(Object.keys(obj))));
  return keys;
}

function valueAt(root: unknown, path: PathSegment[]): unknown {
  let cur = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, seg)) return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeLabel(ctx: SheetContext, type: string): string {
  return lookup(ctx.labels.types, type)?.[ctx.locale] ?? type;
}

/** Document text shown in a message: one line, at most 60 characters. */
export function shown(v: unknown): string {
  const s = typeof v === 'string' ? v : v === undefined ? '' : typeof v === 'object' && v !== null ? (Array.isArray(v) ? '[…]' : '{…}') : String(v);
  const line = s.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? line.slice(0, 57) + '…' : line;
}
