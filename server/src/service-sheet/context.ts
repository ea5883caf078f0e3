import type { Reporter } from '../engine/reporter';
import type { Locale } from '../engine/types';
import type { JsonSchema, SheetLabels } from './labels';
import type { SheetDoc } from './yaml';

/** What a check of one sheet document sees. */
export interface SheetContext {
  text: string;
  sheet: SheetDoc;
  labels: SheetLabels;
  schema: JsonSchema;
  reporter: Reporter;
  locale: Locale;
}

export type Plain = Record<string, unknown>;

export function isPlainObject(v: unknown): v is Plain {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A property of a converted mapping (own properties only: mappings have no prototype, but stay explicit). */
export function prop(obj: unknown, key: string): unknown {
  return isPlainObject(obj) && Object.hasOwn(obj, key) ? obj[key] : undefined;
}

export function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** A scalar's source as a new quoted value, keeping the user's quote style. */
export function quoted(source: string, value: string): string {
  if (source.startsWith("'")) return `'${value.replace(/'/g, "''")}'`;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
