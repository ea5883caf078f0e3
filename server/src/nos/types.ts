/** The terminology service's contract, used by every family's rules, completion and hover. */

export interface Concept {
  code: string;
  /** Code system OID. */
  system: string;
  display: string;
  status?: 'active' | 'retired';
}

export interface ValueSet {
  /** JDV or TRE name, e.g. `JDV_J07_XdsTypeCode_CISIS`. */
  name: string;
  oid: string;
  /** FHIR canonical URL when known. */
  url?: string;
  title?: string;
  version?: string;
  /** `retired` when the list itself is closed (NOS `dateFin`, FHIR status). */
  status?: 'active' | 'retired';
  /**
   * True when the list could not be fully expanded (it includes code systems or value sets that are not
   * bundled): a code missing from it is not proof of an error.
   */
  incomplete?: boolean;
  concepts: Concept[];
  /** Finds a concept by code and, when given, code system OID (or canonical URL). */
  find(code: string, system?: string): Concept | undefined;
}

export interface Terminology {
  /** Looks a value set up by OID, canonical URL or name (JDV_…/TRE_…). */
  valueSet(ref: string): ValueSet | undefined;
  /** Code system OID → canonical URL and back; undefined when unknown. */
  systemUrl(oid: string): string | undefined;
  systemOid(url: string): string | undefined;
  /** Case- and accent-insensitive label search inside a value set. */
  search(ref: string, query: string, limit?: number): Concept[];
}
