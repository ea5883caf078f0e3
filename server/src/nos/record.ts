import type { Concept } from './types';

/** One code list as read from a source file, before it is bundled or served. */
export interface ValueSetRecord {
  kind: 'ValueSet' | 'CodeSystem';
  /** JDV_…/TRE_… name (or the resource's `name`/`id` when it has no NOS name). */
  name: string;
  /** OID; empty when the source gives none (some ROR FHIR resources). */
  oid: string;
  url?: string;
  title?: string;
  version?: string;
  /** Last update, local ISO 8601 (`2024-09-27` or `2024-09-27T12:00:00`). Used to keep the newest copy of a list. */
  date?: string;
  /** The list as a whole is closed (SVS `dateFin`, FHIR `status: retired`, ART-DECOR deprecated). */
  status?: 'active' | 'retired';
  /** Concepts; `system` is an OID when known, otherwise the code system URL as given by the source. */
  concepts: Concept[];
  /** Code system OID ↔ URL pairs the source declares (FHIR CodeSystem url+identifier, ART-DECOR canonicalUri). */
  systems?: [oid: string, url: string][];
  /** FHIR `compose.include` entries without an explicit concept list, still to be expanded from other lists. */
  includes?: Include[];
  /** FHIR `compose.exclude` entries, applied after the includes are expanded. */
  excludes?: Include[];
  /** Set once expansion is done and some include could not be resolved: the concept list is partial. */
  incomplete?: boolean;
}

/** A reference to a whole code system, to other value sets (intersected), or with filters we cannot evaluate. */
export interface Include {
  system?: string;
  valueSets?: string[];
  /** Explicit concepts (only kept on excludes). */
  codes?: string[];
  /** The include has a `filter`: not expandable from a flat list. */
  filtered?: boolean;
}
