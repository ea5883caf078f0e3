import type { DataSource } from '../../engine/data';
import { NS } from '../../xml/tree';

/**
 * The declarative CI-SIS header model (`schemas/cda/header.json`): element specs with cardinalities, attribute
 * constraints and value-set bindings. This module only types and resolves it; `header-walk.ts` applies it.
 */

export type Datatype = 'uid' | 'oid' | 'cs' | 'st' | 'int';

export interface AttrSpec {
  required?: boolean;
  datatype?: Datatype;
  fixed?: string;
  oneOf?: string[];
  pattern?: string;
  /** Rule reported when `fixed`, `oneOf` or `pattern` fails (default CDA-HDR-FIXED-VALUE). */
  rule?: string;
}

export interface Binding {
  rule: string;
  /** Key into the model's `valueSets`. */
  valueSet: string;
  /** Attribute holding the code, or `#text` for the element's text (name prefix/suffix). Default `code`. */
  on?: string;
  /** Compare code and code system (standardIndustryClassCode); otherwise the code only, as the kit does. */
  system?: boolean;
}

export interface ChoiceSpec {
  of: string[];
  min: number;
  max: number;
}

export interface ElementSpec {
  type?: string;
  spec?: string;
  /** ART-DECOR template the element belongs to (reported as data). */
  template?: string;
  attrs?: Record<string, AttrSpec>;
  binding?: Binding;
  /** When present, the element is closed: children not listed are reported as not foreseen. */
  children?: ChildSpec[];
  choices?: ChoiceSpec[];
  /** Named checks of `header-checks.ts` run on the element. */
  checks?: string[];
  /** `exempt`: an element carrying @nullFlavor is not checked for attributes or binding. */
  nullFlavor?: 'exempt';
}

export interface ChildSpec extends ElementSpec {
  /** Local name, possibly prefixed `sdtc:`, `lab:` or `ps3-20:`. */
  name: string;
  min?: number;
  max?: number;
  /** Only ids with this @root match this spec. */
  root?: string;
  /** A nullFlavor element does not count towards the cardinality and is reported. */
  notNull?: boolean;
  /** Rule reported for the cardinality instead of CDA-HDR-CARDINALITY. */
  rule?: string;
}

export interface ValueSetRef {
  oid: string;
  name: string;
}

export interface HeaderModel {
  insRoots: string[];
  baseTemplates: string[];
  unstructuredTemplate: string;
  valueSets: Record<string, ValueSetRef>;
  types: Record<string, ElementSpec>;
  specs: Record<string, ElementSpec>;
  document: ElementSpec;
}

const PREFIXES: Record<string, string> = { sdtc: NS.sdtc, lab: NS.lab, 'ps3-20': NS.dicom };
const qualified = new Map<string, { ns: string; local: string }>();

/** Namespace and local name of a child spec name (`sdtc:deceasedInd` → sdtc namespace). */
export function qualify(name: string): { ns: string; local: string } {
  let q = qualified.get(name);
  if (!q) {
    const colon = name.indexOf(':');
    q = colon < 0 ? { ns: NS.hl7, local: name } : { ns: PREFIXES[name.slice(0, colon)] ?? '', local: name.slice(colon + 1) };
    qualified.set(name, q);
  }
  return q;
}

const models = new WeakMap<DataSource, HeaderModel | null>();

/** The parsed model, read once per data source; undefined when the bundled file is missing or unreadable. */
export function loadHeaderModel(data: DataSource): HeaderModel | undefined {
  let m = models.get(data);
  if (m === undefined) {
    m = parseModel(data.read('cda/header.json')) ?? null;
    models.set(data, m);
  }
  return m ?? undefined;
}

function parseModel(text: string | undefined): HeaderModel | undefined {
  if (!text) return undefined;
  try {
    const m = JSON.parse(text) as HeaderModel;
    return m && m.document && m.types && m.specs && m.valueSets ? m : undefined;
  } catch {
    return undefined;
  }
}

const resolved = new WeakMap<ElementSpec, ElementSpec>();

/** A spec with its `type` / `spec` base merged in (the spec's own fields win; attributes merge by name). */
export function resolveSpec(model: HeaderModel, spec: ElementSpec): ElementSpec {
  const hit = resolved.get(spec);
  if (hit) return hit;
  let out: ElementSpec = spec;
  const baseName = spec.type ?? spec.spec;
  const base = baseName ? (spec.type ? model.types[baseName] : model.specs[baseName]) : undefined;
  if (base) {
    const b = resolveSpec(model, base);
    out = { ...b, ...spec, attrs: b.attrs || spec.attrs ? { ...b.attrs, ...spec.attrs } : undefined };
  }
  resolved.set(spec, out);
  return out;
}
