import type { Locale } from '../engine/types';
import type { Terminology } from '../nos/types';
import type { PgssiTables } from '../pgssi/tables';
import type { PathFindings } from './context';
import type { AnchorKind } from './json/locate';
import { down, isObject, own, str, type Json, type JsonObject, type PathNode, type Segment } from './json/path';
import type { RorTables } from './profile/tables';

/** Shared by every resource of one document (all NDJSON lines included). */
export interface DocScope {
  tables: RorTables;
  nos: Terminology;
  locale: Locale;
  /** Value sets already reported as not checkable: one information per list and document is enough. */
  uncheckable: Set<string>;
  /** Resource types already reported as not covered (FHIR-RESOURCE-UNCHECKED): one information per type and document. */
  uncovered: Set<string>;
  /** The shared PGSSI-S tables (INS arc) for Patient identity checks; undefined when unreadable (checks stay silent). */
  pgssi?: PgssiTables;
}

/** Resolves references between the entries of one Bundle through a Map (never a rescan). */
export interface BundleIndex {
  resolve(reference: string): JsonObject | undefined;
  /** Relative references that point outside the Bundle: reported once, at the first. */
  outside: { count: number; first?: PathNode; example?: string };
}

/** One resource being validated, and where its findings go. */
export interface ResourceScope {
  doc: DocScope;
  findings: PathFindings;
  resource: JsonObject;
  type: string;
  /** Path of the resource from the root of the JSON text (undefined for the root itself). */
  root: PathNode | undefined;
  bundle?: BundleIndex;
  /** Misspelled register systems (ID-07) met by the base walk, reported once the profiles have run (`ror/systems.ts`). */
  systemSpellings?: SystemSpelling[];
  /** Findings on register identifier values (ID-02 to ID-06) met by the base walk, reported after the profiles. */
  registerValues?: { path: PathNode; rule: string; data: Record<string, string | number> }[];
}

export interface SystemSpelling {
  path: PathNode;
  found: string;
  name: string;
  canonical: string;
}

/** Path of `path` relative to the resource, as `identifier[0].system`. */
export function relPath(scope: ResourceScope, path: PathNode | undefined): string {
  const segs: Segment[] = [];
  for (let n = path; n && n !== scope.root; n = n.up) segs.push(n.key);
  let out = '';
  for (let i = segs.length - 1; i >= 0; i--) {
    const s = segs[i];
    out += typeof s === 'number' ? `[${s}]` : out ? `.${s}` : s;
  }
  return out || scope.type;
}

/**
 * Where to point when something is missing from the object at `path`: its property key, the `{` of an
 * array item, or the `resourceType` key for the resource itself.
 */
export function missingAnchor(scope: ResourceScope, path: PathNode | undefined): { path: PathNode | undefined; kind: AnchorKind } {
  if (path === scope.root) return { path: down(scope.root, 'resourceType'), kind: 'key' };
  return { path, kind: path && typeof path.key === 'string' ? 'key' : 'start' };
}

export function reportMissing(scope: ResourceScope, rule: string, objectPath: PathNode | undefined, data: Record<string, string | number>): void {
  const a = missingAnchor(scope, objectPath);
  scope.findings.report(rule, a.path, a.kind, data);
}

/** The profile canonicals a resource claims in meta.profile. */
export function claimedProfiles(resource: JsonObject): { url: string; index: number }[] {
  const meta = own(resource, 'meta');
  if (!isObject(meta)) return [];
  const p = own(meta, 'profile');
  if (!Array.isArray(p)) return [];
  const out: { url: string; index: number }[] = [];
  p.forEach((v: Json, index) => {
    if (typeof v === 'string') out.push({ url: v, index });
  });
  return out;
}

export const resourceTypeOf = (v: Json | undefined): string | undefined => (isObject(v) ? str(own(v, 'resourceType')) : undefined);
