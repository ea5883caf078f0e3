/** The shapes of the declarative ROR tables in `schemas/ror/` (profiles and extension catalogue). */

export type Strength = 'required' | 'extensible' | 'preferred' | 'example';

export interface Binding {
  valueSet: string;
  strength: Strength;
}

/** A constraint on the elements found at a dotted path relative to the resource (fanning out through arrays). */
export interface ElementRule {
  path: string;
  min?: number;
  max?: number;
  /** French definition shown on hover. */
  short?: string;
  binding?: Binding;
  /** Allowed reference targets: resource types, and profile ids or canonical URLs. */
  targets?: { types: string[]; profiles?: string[] };
  /** Fixed value of a primitive (patternUri, patternString…). */
  pattern?: string;
  /** Identifier whose value carries a check digit (warning when wrong). */
  key?: IdentifierKey;
}

/** An extension expected on the elements at `path` ("" for the resource itself). */
export interface ExtensionSlot {
  path: string;
  /** ROR extension id, or a full URL for other extensions. */
  url: string;
  min?: number;
  max?: number;
  /** A sub-extension whose CodeableConcept must carry this coding (e.g. the kind of territorial division). */
  childPattern?: { child: string; system: string; code: string };
}

export interface Coded {
  system: string;
  code: string;
}

export interface Slice {
  name: string;
  min?: number;
  max?: number;
  short?: string;
  /** identifierType slicing: identifier.type coding and the fixed identifier.system. */
  typeCode?: string;
  typeSystem?: string;
  system?: string;
  key?: IdentifierKey;
  /** codingSystem / valueSet slicing: the bound value set and the code systems it draws from. */
  valueSet?: string;
  systems?: string[];
  /** HealthcareService.characteristic: required ror-act-type value, or null when the extension is forbidden. */
  actType?: string | null;
  /** pattern slicing: the Coding/CodeableConcept element whose coding selects the slice. */
  pattern?: Coded;
  /** Rules inside the slice, relative to the sliced item. */
  elements?: ElementRule[];
}

export type IdentifierKey = 'finess' | 'siren' | 'siret' | 'idnatst' | 'idnatps' | 'rpps';

export interface Slicing {
  path: string;
  /**
   * identifierType: by identifier.type.coding.code; codingSystem: by coding.system (and ror-act-type);
   * valueSet: by membership of the coding in a slice's value set (slicings whose declared discriminator
   * cannot work); pattern: by the coding of `patternElement`.
   */
  by: 'identifierType' | 'codingSystem' | 'valueSet' | 'pattern';
  patternElement?: string;
  slices: Slice[];
  /** Report items that match no slice (information): used where an unmatched item is almost always a mistake. */
  reportUnmatched?: boolean;
}

export interface ProfileTable {
  id: string;
  url: string;
  name: string;
  type: string;
  /** `unpublished`: referenced by 0.7.0 but absent from its artifact list — only the FHIR base is checked. */
  status: 'active' | 'unpublished';
  source: string;
  short: string;
  elements: ElementRule[];
  extensions: ExtensionSlot[];
  slicings: Slicing[];
}

export interface ExtensionChild {
  /** Relative sub-extension url… */
  name?: string;
  /** …or a ROR extension id nested by its full URL. */
  ext?: string;
  min?: number;
  max?: number;
  value?: string[];
  binding?: Binding;
  /** Elements the value must carry (Range.low and Range.high). */
  requires?: string[];
}

export interface ExtensionDef {
  id?: string;
  url: string;
  short: string;
  /** Allowed value[x] types; absent for complex extensions. */
  value?: string[];
  binding?: Binding;
  children?: ExtensionChild[];
  /** Where the extension may be used: a resource type, an element path, a datatype, or `ext:<id|url>`. */
  context?: string[];
  invariant?: 'canonical-version';
}
