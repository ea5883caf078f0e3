import type { DataSource } from '../../engine/data';
import type { ExtensionDef, ProfileTable } from './types';

export const ROR_CANONICAL = 'https://interop.esante.gouv.fr/ig/fhir/ror';
export const ROR_SD = `${ROR_CANONICAL}/StructureDefinition/`;

/** The ROR tables, read once per data source and indexed by URL. */
export interface RorTables {
  profiles: Map<string, ProfileTable>;
  extensions: Map<string, ExtensionDef>;
  /** Old or misspelt extension URL → the 0.7.0 URL. */
  renamed: Map<string, string>;
  /** Base FHIR R4 required elements by type (`value[x]` for a choice). */
  baseRequired: Map<string, string[]>;
}

const cache = new WeakMap<DataSource, RorTables>();

/** A ROR id (`ror-location`) or a full URL, as a full URL. */
export const fullUrl = (idOrUrl: string): string => (idOrUrl.includes('://') ? idOrUrl : ROR_SD + idOrUrl);

export function rorTables(data: DataSource): RorTables {
  const hit = cache.get(data);
  if (hit) return hit;
  const tables: RorTables = { profiles: new Map(), extensions: new Map(), renamed: new Map(), baseRequired: new Map() };
  for (const file of data.list('ror/profiles').filter((f) => f.endsWith('.json')).sort()) {
    const p = readJson<ProfileTable>(data, `ror/profiles/${file}`);
    if (p) tables.profiles.set(p.url, p);
  }
  const ext = readJson<{ extensions: ExtensionDef[]; renamed: Record<string, string> }>(data, 'ror/extensions.json');
  for (const e of ext?.extensions ?? []) {
    const url = e.url ?? fullUrl(e.id!);
    tables.extensions.set(url, { ...e, url });
  }
  for (const [from, to] of Object.entries(ext?.renamed ?? {})) tables.renamed.set(fullUrl(from), fullUrl(to));
  const base = readJson<{ required: Record<string, string[]> }>(data, 'ror/fhir-r4-min.json');
  for (const [type, names] of Object.entries(base?.required ?? {})) tables.baseRequired.set(type, names);
  cache.set(data, tables);
  return tables;
}

function readJson<T>(data: DataSource, rel: string): T | undefined {
  const text = data.read(rel);
  if (!text) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/** Profile table for a canonical (with or without `|version`). */
export function profileFor(tables: RorTables, canonical: string): ProfileTable | undefined {
  const bar = canonical.indexOf('|');
  return tables.profiles.get(bar >= 0 ? canonical.slice(0, bar) : canonical);
}

export const isRorCanonical = (url: string): boolean => url.startsWith(ROR_SD) || url.startsWith(ROR_SD.replace('https:', 'http:'));
