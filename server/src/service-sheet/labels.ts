import type { DataSource } from '../engine/data';
import type { Locale } from '../engine/types';

export type Text = Record<Locale, string>;

export interface ValueLabel extends Text {
  /** Beneficiaries: the actor is a professional or an organisation of professionals. */
  professionnels?: boolean;
  /** Authentication: a national means of strong authentication (PGSSI-S référentiel d'identification). */
  forte?: boolean;
  /** Socle services: patterns whose presence in the title or description suggests the socle. */
  mentions?: string[];
}

export interface SheetLabels {
  keys: Record<string, Text & { format?: Text }>;
  /** Value tables keyed by schema path (`domaines[]`, `statut`…). */
  values: Record<string, Record<string, ValueLabel>>;
  types: Record<string, Text>;
  secrets: Record<string, Text>;
  yamlErrors: Record<string, Text>;
}

export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  required?: string[];
  enum?: (string | number)[];
  additionalProperties?: boolean;
  pattern?: string;
  minItems?: number;
  minLength?: number;
  uniqueItems?: boolean;
}

const labelsCache = new WeakMap<DataSource, SheetLabels>();
const schemaCache = new WeakMap<DataSource, JsonSchema>();

const EMPTY: SheetLabels = { keys: {}, values: {}, types: {}, secrets: {}, yamlErrors: {} };

/** `schemas/service-sheet/labels.json`, read once per data source. */
export function sheetLabels(data: DataSource): SheetLabels {
  let labels = labelsCache.get(data);
  if (!labels) {
    labels = { ...EMPTY, ...(readJson(data, 'service-sheet/labels.json') as Partial<SheetLabels> | undefined) };
    labelsCache.set(data, labels);
  }
  return labels;
}

/** `schemas/service-sheet/fiche.schema.json`, read once per data source. */
export function sheetSchemaJson(data: DataSource): JsonSchema {
  let schema = schemaCache.get(data);
  if (!schema) {
    schema = (readJson(data, 'service-sheet/fiche.schema.json') as JsonSchema | undefined) ?? {};
    schemaCache.set(data, schema);
  }
  return schema;
}

function readJson(data: DataSource, rel: string): unknown {
  const text = data.read(rel);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Own-property lookup: table keys come from our data, looked-up names may come from the document. */
export function lookup<T>(table: Record<string, T> | undefined, key: string): T | undefined {
  return table && Object.hasOwn(table, key) ? table[key] : undefined;
}

/** The sub-schema at a schema path (`securite.flux[].url`). */
export function schemaAt(schema: JsonSchema, path: string): JsonSchema | undefined {
  let cur: JsonSchema | undefined = schema;
  for (const token of path.match(/[^.[\]]+|\[\]/g) ?? []) {
    if (!cur) return undefined;
    cur = token === '[]' ? cur.items : lookup(cur.properties, token);
  }
  return cur;
}
