import type { ValueSetRecord } from './record';
import type { Concept } from './types';

/**
 * The bundled format under `schemas/nos/`: `index.json` describes every list, and each list lives in its own
 * small file, read only when first needed. Concepts are arrays to keep the files small:
 * `[code, display]`, `[code, display, systemIndex]` or `[code, display, systemIndex, 1]` (1 = retired),
 * where `systemIndex` points into the list's `systems` (default 0).
 */

export const NOS_FORMAT = 1;

/** What the index and a list's own file both say about the list, its concepts aside. */
export interface ListHeader {
  name: string;
  oid: string;
  url?: string;
  title?: string;
  version?: string;
  date?: string;
  kind: ValueSetRecord['kind'];
  status?: 'retired';
  /** Some includes could not be expanded when the bundle was built. */
  incomplete?: true;
}

export interface NosIndexEntry extends ListHeader {
  count: number;
  /** File name under `schemas/nos/lists/`. */
  file: string;
  /** Source folder and file the list was built from. */
  source: string;
  /** Names and URLs of other copies of the same list (same OID) that were dropped for this newer one. */
  aliases?: string[];
}

export interface NosIndex {
  format: number;
  lists: NosIndexEntry[];
  /** Code system OID ↔ canonical URL; the first pair of an OID gives its preferred URL, later ones are aliases. */
  systems: [oid: string, url: string][];
}

export type CompactConcept = [string, string] | [string, string, number] | [string, string, number, 1];

export interface CompactList extends ListHeader {
  systems: string[];
  concepts: CompactConcept[];
}

export function toCompact(r: ValueSetRecord): CompactList {
  const systems: string[] = [];
  const slot = new Map<string, number>();
  const concepts = r.concepts.map((c): CompactConcept => {
    let i = slot.get(c.system);
    if (i === undefined) {
      i = systems.push(c.system) - 1;
      slot.set(c.system, i);
    }
    if (c.status === 'retired') return [c.code, c.display, i, 1];
    return i === 0 ? [c.code, c.display] : [c.code, c.display, i];
  });
  const { status, incomplete, ...head } = listHeader(r);
  const list: CompactList = { ...head, systems, concepts };
  if (status) list.status = status;
  if (incomplete) list.incomplete = incomplete;
  return list;
}

/** The header of a list as the index and the list file write it. */
export function listHeader(r: ValueSetRecord): ListHeader {
  const { name, oid, url, title, version, date, kind } = r;
  const head: ListHeader = { name, oid, url, title, version, date, kind };
  if (r.status === 'retired') head.status = 'retired';
  if (r.incomplete) head.incomplete = true;
  return head;
}

/** Tolerates a damaged file: entries that are not well-formed are skipped, never thrown on. */
export function fromCompact(list: CompactList): ValueSetRecord {
  const systems = Array.isArray(list.systems) ? list.systems : [];
  const concepts: Concept[] = [];
  for (const c of Array.isArray(list.concepts) ? list.concepts : []) {
    if (!Array.isArray(c) || typeof c[0] !== 'string') continue;
    const concept: Concept = { code: c[0], system: systems[c[2] ?? 0] ?? '', display: typeof c[1] === 'string' ? c[1] : '' };
    if (c[3] === 1) concept.status = 'retired';
    concepts.push(concept);
  }
  const { name, oid, url, title, version, date, kind } = list;
  const record: ValueSetRecord = {
    kind: kind === 'CodeSystem' ? 'CodeSystem' : 'ValueSet',
    name: String(name ?? ''),
    oid: String(oid ?? ''),
    url,
    title,
    version,
    date,
    concepts,
  };
  if (list.status === 'retired') record.status = 'retired';
  if (list.incomplete) record.incomplete = true;
  return record;
}
