import type { FamilyDeps } from '../engine/family';
import type { Completion, Locale, Position } from '../engine/types';
import { lookup, schemaAt, sheetLabels, sheetSchemaJson, type JsonSchema, type SheetLabels } from './labels';
import { outlineSchemaPath, ownerPath, siblingKeys } from './outline';

type Deps = Omit<FamilyDeps, 'reporter'>;

const WORD = /^[\p{L}\p{N}_-]*$/u;

/** Keys at the start of a line (with their French descriptions), enumerated values after `key:` or `- `. */
export function completeServiceSheet(text: string, position: Position, deps: Deps): Completion[] {
  const lines = text.split(/\r\n|\r|\n/);
  const line = lines[position.line];
  if (line === undefined) return [];
  const before = line.slice(0, position.character);
  if (/(^|\s)#/.test(before)) return [];
  const m = /^( *)((?:-[ \t]+)*)(.*)$/.exec(before)!;
  const indent = m[1].length;
  const contentAt = indent + m[2].length;
  const rest = m[3];
  const labels = sheetLabels(deps.data);
  const schema = sheetSchemaJson(deps.data);
  const locale = deps.settings.locale;
  const hasDash = m[2].length > 0;
  const owner = hasDash ? ownerPath(lines, position.line, indent + m[2].lastIndexOf('-'), 'item') : ownerPath(lines, position.line, contentAt, 'key');
  if (!owner) return [];
  const parent = outlineSchemaPath(owner);

  if (WORD.test(rest)) {
    const at = schemaAt(schema, parent);
    if (hasDash) {
      if (at?.type !== 'array' || !at.items) return [];
      const items = `${parent}[]`;
      if (at.items.enum) return valueCompletions(labels, items, at.items, locale, new Set());
      return keyCompletions(labels, items, at.items, locale, new Set(), contentAt);
    }
    return keyCompletions(labels, parent, at, locale, siblingKeys(lines, position.line, contentAt), contentAt);
  }
  const kv = /^([\p{L}\p{N}_-]+)[ \t]*:[ \t]*(.*)$/u.exec(rest);
  if (!kv) return [];
  const keyPath = hasDash ? `${parent}[].${kv[1]}` : parent ? `${parent}.${kv[1]}` : kv[1];
  const target = schemaAt(schema, keyPath);
  if (!target) return [];
  const flow = /^\[([^\]]*)$/.exec(kv[2]);
  if (flow && target.items?.enum) {
    const listed = new Set(flow[1].split(',').map((s) => s.trim()));
    const typed = flow[1].split(',').pop()!.trim();
    return WORD.test(typed) ? valueCompletions(labels, `${keyPath}[]`, target.items, locale, listed) : [];
  }
  if (!WORD.test(kv[2])) return [];
  if (target.type === 'boolean') return ['true', 'false'].map((v) => ({ label: v, kind: 'value' as const }));
  return target.enum ? valueCompletions(labels, keyPath, target, locale, new Set()) : [];
}

function keyCompletions(labels: SheetLabels, parent: string, at: JsonSchema | undefined, locale: Locale, present: Set<string>, column: number): Completion[] {
  if (!at?.properties) return [];
  const required = new Set(at.required ?? []);
  const keys = Object.keys(at.properties).filter((k) => !present.has(k));
  keys.sort((a, b) => Number(required.has(b)) - Number(required.has(a)));
  return keys.map((key) => {
    const path = parent ? `${parent}.${key}` : key;
    const child = at.properties![key];
    const description = lookup(labels.keys, path)?.[locale] ?? '';
    const pad = ' '.repeat(column + 2);
    const insertText =
      child.type === 'object' ? `${key}:\n${pad}` : child.type === 'array' && child.items?.type === 'object' ? `${key}:\n${pad}- ` : `${key}: `;
    return {
      label: key,
      kind: 'property' as const,
      detail: required.has(key) ? `${description} (${locale === 'fr' ? 'obligatoire' : 'required'})` : description,
      documentation: keyDocumentation(labels, path, child, locale),
      insertText,
    };
  });
}

function valueCompletions(labels: SheetLabels, table: string, at: JsonSchema, locale: Locale, exclude: Set<string>): Completion[] {
  return (at.enum ?? [])
    .map(String)
    .filter((v) => !exclude.has(v))
    .map((value) => {
      const label = lookup(labels.values[table], value)?.[locale];
      return { label: value, kind: 'value' as const, detail: label, documentation: label ? `**${value}** — ${label}` : undefined, filterText: label ? `${value} ${label}` : value };
    });
}

/** Markdown for a key: its meaning, then its allowed values with their labels. */
export function keyDocumentation(labels: SheetLabels, path: string, at: JsonSchema | undefined, locale: Locale): string {
  const parts = [`**${path}** — ${lookup(labels.keys, path)?.[locale] ?? ''}`];
  const format = lookup(labels.keys, path)?.format?.[locale];
  if (format) parts.push(locale === 'fr' ? `Forme : ${format}` : `Form: ${format}`);
  const enumAt = at?.enum ? { values: at.enum, table: path } : at?.items?.enum ? { values: at.items.enum, table: `${path}[]` } : undefined;
  if (enumAt) {
    const sep = locale === 'fr' ? ' : ' : ': ';
    const rows = enumAt.values.map((v) => `- \`${v}\`${sep}${lookup(labels.values[enumAt.table], String(v))?.[locale] ?? ''}`);
    parts.push(rows.join('\n'));
  }
  return parts.join('\n\n');
}
