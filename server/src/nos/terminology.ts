import type { DataSource } from '../engine/data';
import { fromCompact, type CompactList, type NosIndex, type NosIndexEntry } from './compact';
import { expandRecord } from './expand';
import { asOid, foldText, nameKey, shortNameKey, urlKey } from './names';
import type { ValueSetRecord } from './record';
import { WELL_KNOWN_SYSTEMS } from './systems';
import type { Concept, Terminology, ValueSet } from './types';

export { loadNosFolder } from './folder';
export type { ValueSetRecord } from './record';

export interface TerminologyOptions {
  /** Lists read from a user folder of newer NOS exports; they win over bundled lists with the same OID or URL. */
  overrides?: ValueSetRecord[];
}

/** Where a list comes from: a bundled file read on first use, or a record already in memory. */
interface Slot {
  entry?: NosIndexEntry;
  record?: ValueSetRecord;
  date: string;
  loaded?: ValueSet | null;
}

/**
 * Serves the bundled code lists of `schemas/nos/`. The index is read on first use and each list only when
 * first asked for, so starting the engine costs nothing and a document touches a few small files.
 */
export function createTerminology(data: DataSource, options: TerminologyOptions = {}): Terminology {
  let catalog: Catalog | undefined;
  const get = () => (catalog ??= buildCatalog(data, options.overrides ?? []));

  return {
    valueSet: (ref) => get().valueSet(ref),
    systemUrl: (oid) => get().systemUrl(oid),
    systemOid: (url) => get().systemOid(url),
    search(ref, query, limit = 50) {
      const vs = get().valueSet(ref);
      return vs ? searchConcepts(vs, query, limit) : [];
    },
  };
}

interface Catalog {
  valueSet(ref: string): ValueSet | undefined;
  systemUrl(oid: string): string | undefined;
  systemOid(url: string): string | undefined;
}

function buildCatalog(data: DataSource, overrides: ValueSetRecord[]): Catalog {
  const index = readIndex(data);
  const oidToUrl = new Map<string, string>();
  const urlToOid = new Map<string, string>();
  const wellKnown = new Set(WELL_KNOWN_SYSTEMS.map(([oid]) => oid));
  const addSystem = (oid: string, url: string, preferred = false) => {
    if (!asOid(oid) || !url || asOid(url)) return;
    // A NOS subset published under a foreign OID (TRE_A04-Loinc) never displaces http://loinc.org.
    if (!oidToUrl.has(oid) || (preferred && !wellKnown.has(oid))) oidToUrl.set(oid, url);
    urlToOid.set(urlKey(url), oid);
  };
  for (const [oid, url] of WELL_KNOWN_SYSTEMS) addSystem(oid, url);
  for (const pair of index.systems) if (Array.isArray(pair)) addSystem(String(pair[0]), String(pair[1]));
  for (const e of index.lists) if (e.kind === 'CodeSystem' && e.oid && e.url) addSystem(e.oid, e.url);
  // A user's newer export may declare a new URL for a known OID: it becomes the preferred one.
  for (const r of overrides) {
    const declared = [...(r.systems ?? [])];
    if (r.kind === 'CodeSystem' && r.oid && r.url) declared.push([r.oid, r.url]);
    for (const [oid, url] of declared) addSystem(oid, url, true);
  }

  const byOid = new Map<string, Slot>();
  const byUrl = new Map<string, Slot>();
  const byName = new Map<string, Slot>();
  const byShort = new Map<string, Slot>();
  const newer = (map: Map<string, Slot>, key: string | undefined, slot: Slot, force: boolean) => {
    if (!key) return;
    const had = map.get(key);
    if (!had || force || slot.date > had.date) map.set(key, slot);
  };
  const register = (meta: { name?: string; oid?: string; url?: string }, slot: Slot, force: boolean) => {
    newer(byOid, meta.oid ? asOid(meta.oid) : undefined, slot, force);
    for (const u of urlAliases(meta.url)) newer(byUrl, u, slot, force);
    if (!meta.name) return;
    newer(byName, nameKey(meta.name), slot, force);
    newer(byShort, shortNameKey(meta.name), slot, force);
  };
  for (const entry of index.lists) {
    const slot: Slot = { entry, date: entry.date ?? '' };
    register(entry, slot, false);
    for (const alias of Array.isArray(entry.aliases) ? entry.aliases : []) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(alias)) register({ url: alias }, slot, false);
      else register({ name: alias }, slot, false);
    }
  }
  // Overrides are registered after the bundle and always win; among themselves the newest wins.
  const sorted = [...overrides].sort((a, b) => (a.date ?? '').localeCompare(b.date ?? ''));
  for (const record of sorted) register(record, { record, date: record.date ?? '' }, true);

  const systemOid = (ref: string): string | undefined => asOid(ref) ?? urlToOid.get(urlKey(ref));

  // Lists being expanded right now: a value set that includes itself through others resolves to nothing.
  const expanding = new Set<Slot>();
  const materialise = (slot: Slot): ValueSet | undefined => {
    if (slot.loaded !== undefined) return slot.loaded ?? undefined;
    if (expanding.has(slot)) return undefined;
    let record = slot.record ?? readList(data, slot.entry!);
    if (record && (record.includes?.length || record.excludes?.length)) {
      expanding.add(slot);
      const { concepts, missing } = expandRecord(record, {
        resolve: (url) => lookup(url)?.concepts,
        systemOid,
      });
      expanding.delete(slot);
      record = { ...record, concepts, incomplete: record.incomplete || missing.length > 0 };
    }
    slot.loaded = record ? toValueSet(record, systemOid) : null;
    return slot.loaded ?? undefined;
  };

  const lookup = (ref: string): ValueSet | undefined => {
    const s = ref.trim();
    if (!s) return undefined;
    const oid = asOid(s);
    let slot: Slot | undefined;
    if (oid) slot = byOid.get(oid);
    else if (/^[a-z][a-z0-9+.-]*:/i.test(s)) slot = byUrl.get(urlKey(s));
    else slot = byName.get(nameKey(s)) ?? byShort.get(shortNameKey(s) ?? '');
    return slot ? materialise(slot) : undefined;
  };

  return {
    valueSet: lookup,
    systemUrl: (oid) => oidToUrl.get(asOid(oid) ?? oid),
    systemOid: (url) => systemOid(url),
  };
}

/** A NOS canonical URL also answers for its `urlFichier` form (the part before `/FHIR/`). */
function urlAliases(url: string | undefined): string[] {
  if (!url) return [];
  const key = urlKey(url);
  const fhir = key.indexOf('/FHIR/');
  return fhir > 0 ? [key, key.slice(0, fhir)] : [key];
}

function readIndex(data: DataSource): NosIndex {
  const text = data.read('nos/index.json');
  const empty: NosIndex = { format: 0, lists: [], systems: [] };
  if (!text) return empty;
  try {
    const parsed = JSON.parse(text) as Partial<NosIndex>;
    return {
      format: Number(parsed.format ?? 0),
      lists: Array.isArray(parsed.lists) ? parsed.lists.filter(isEntry) : [],
      systems: Array.isArray(parsed.systems) ? parsed.systems : [],
    };
  } catch {
    return empty;
  }
}

function isEntry(e: unknown): e is NosIndexEntry {
  if (typeof e !== 'object' || e === null) return false;
  const { file, name, oid, url, date } = e as Record<string, unknown>;
  const optional = (v: unknown) => v === undefined || typeof v === 'string';
  return typeof file === 'string' && optional(name) && optional(oid) && optional(url) && optional(date);
}

function readList(data: DataSource, entry: NosIndexEntry): ValueSetRecord | undefined {
  const text = data.read(`nos/lists/${entry.file}`);
  if (!text) return undefined;
  try {
    return fromCompact(JSON.parse(text) as CompactList);
  } catch {
    return undefined;
  }
}

function toValueSet(record: ValueSetRecord, systemOid: (ref: string) => string | undefined): ValueSet {
  const concepts = record.concepts.map((c) => {
    const oid = c.system && !asOid(c.system) ? systemOid(c.system) : undefined;
    return oid ? { ...c, system: oid } : c;
  });
  let byCode: Map<string, Concept[]> | undefined;
  const codeMap = () => {
    if (byCode) return byCode;
    byCode = new Map();
    for (const c of concepts) {
      const list = byCode.get(c.code);
      if (list) list.push(c);
      else byCode.set(c.code, [c]);
    }
    return byCode;
  };
  return {
    name: record.name,
    oid: record.oid,
    url: record.url,
    title: record.title,
    version: record.version,
    status: record.status,
    incomplete: record.incomplete,
    concepts,
    find(code, system) {
      const hits = codeMap().get(code);
      if (!hits || system === undefined) return hits?.[0];
      const wanted = systemOid(system) ?? urlKey(system);
      return hits.find((c) => c.system === wanted || c.system === system);
    },
  };
}

const folded = new WeakMap<ValueSet, string[]>();

/** Every word of the query must appear in the code or label; exact codes first, then labels that start with it. */
function searchConcepts(vs: ValueSet, query: string, limit: number): Concept[] {
  const words = foldText(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return vs.concepts.slice(0, limit);
  let labels = folded.get(vs);
  if (!labels) {
    labels = vs.concepts.map((c) => `${foldText(c.code)} ${foldText(c.display)}`);
    folded.set(vs, labels);
  }
  const whole = words.join(' ');
  const scored: { c: Concept; rank: number; i: number }[] = [];
  labels.forEach((text, i) => {
    if (!words.every((w) => text.includes(w))) return;
    const c = vs.concepts[i];
    const code = foldText(c.code);
    const display = foldText(c.display);
    const rank = code === whole ? 0 : display.startsWith(whole) || code.startsWith(whole) ? 1 : 2;
    scored.push({ c, rank, i });
  });
  scored.sort((a, b) => a.rank - b.rank || a.i - b.i);
  return scored.slice(0, limit).map((s) => s.c);
}
