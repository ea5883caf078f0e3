import type { DataSource } from '../../engine/data';
import { chameleonParticles, compileContent, parseParticles, type ContentModel, type ParticleJson } from './structure-content';

/**
 * The CDA R2 content model of `schemas/cda/structure.json` (format in `schemas/cda/README.md`), compiled once
 * per DataSource: inheritance resolved, content models turned into automata, attribute types into checks.
 */

/** Lexical spaces checked by the datatype rules; `#name` in the model. */
export type LexicalKind =
  | 'bl' | 'boolean' | 'cs' | 'st' | 'string' | 'ts' | 'uid' | 'oid' | 'url' | 'int' | 'int_pos' | 'real'
  | 'probability' | 'bin' | 'ID' | 'IDREF' | 'IDREFS' | 'NMTOKEN' | 'NMTOKENS';

const LEXICAL_KINDS = new Set<string>([
  'bl', 'boolean', 'cs', 'st', 'string', 'ts', 'uid', 'oid', 'url', 'int', 'int_pos', 'real',
  'probability', 'bin', 'ID', 'IDREF', 'IDREFS', 'NMTOKEN', 'NMTOKENS',
]);

export type SimpleType =
  | { kind: 'lexical'; name: string; lexical: LexicalKind }
  /** `exact`: compared as written (xs:string base); otherwise whitespace is collapsed first (xs:token base). */
  | { kind: 'enum'; name: string; values: ReadonlySet<string>; ordered: readonly string[]; exact: boolean }
  | { kind: 'list'; name: string; item: SimpleType };

export interface AttrSpec {
  /** Qualified name as the model writes it, e.g. `classCode` or `sdtc:valueSet`. */
  name: string;
  /** `attrKey` of the name. */
  key: string;
  simple: SimpleType;
  required: boolean;
  fixed?: string;
}

export interface CdaType {
  name: string;
  abstract: boolean;
  mixed: boolean;
  narrative: boolean;
  base?: CdaType;
  /** Keyed by `attrKey(ns, local)`; prohibited attributes are absent. */
  attrs: Map<string, AttrSpec>;
  requiredAttrs: AttrSpec[];
  content: ContentModel;
}

export interface CdaModel {
  /** Namespace URI by model prefix (`hl7`, `sdtc`, `lab`, `pharm`, `dicom`). */
  namespaces: Record<string, string>;
  /** The prefix of a namespace URI the model knows. */
  prefixOf: Map<string, string>;
  root: { element: string; type: CdaType };
  type(name: string): CdaType | undefined;
  /** Whether `type` is `ancestor` or derives from it by extension or restriction. */
  derives(type: CdaType, ancestor: CdaType): boolean;
  /** Concrete types deriving from an abstract one, in a stable order (for messages). */
  concreteSubtypes(type: CdaType): string[];
  typeNames(): string[];
}

interface ModelJson {
  namespaces: Record<string, string>;
  root: { element: string; type: string };
  /** Namespaces into which the datatypes are included as chameleon copies. */
  chameleon?: string[];
  types: Record<string, TypeJson>;
  simpleTypes: Record<string, SimpleJson>;
}

interface TypeJson {
  /** A datatype that also exists, as `prefix:Name`, in every `chameleon` namespace. */
  chameleon?: boolean;
  narrative?: boolean;
  abstract?: boolean;
  mixed?: boolean;
  extends?: string;
  restricts?: string;
  attrs?: Record<string, string>;
  content?: ParticleJson[];
}

type SimpleJson = string[] | { enum: string[]; exact?: boolean } | { list: string };

/** Key of an attribute name: the local name when unqualified, else `ns local`. */
export function attrKey(ns: string, local: string): string {
  return ns === '' ? local : `${ns} ${local}`;
}

const cache = new WeakMap<DataSource, CdaModel | null>();

/** The compiled model, or undefined when `schemas/cda/structure.json` is missing or unreadable. */
export function loadCdaModel(data: DataSource): CdaModel | undefined {
  if (!cache.has(data)) {
    const text = data.read('cda/structure.json');
    let model: CdaModel | null = null;
    if (text !== undefined) {
      try {
        model = compileModel(JSON.parse(text) as ModelJson);
      } catch {
        model = null;
      }
    }
    cache.set(data, model);
  }
  return cache.get(data) ?? undefined;
}

/** Compiles the JSON model. Throws on a model that refers to undefined types (a packaging bug, caught by tests). */
export function compileModel(json: ModelJson): CdaModel {
  const namespaces = json.namespaces;
  const prefixOf = new Map(Object.entries(namespaces).map(([p, uri]) => [uri, p]));
  const resolveName = (qname: string): { ns: string; local: string } => {
    const colon = qname.indexOf(':');
    if (colon < 0) return { ns: namespaces.hl7, local: qname };
    const ns = namespaces[qname.slice(0, colon)];
    if (ns === undefined) throw new Error(`unknown prefix in ${qname}`);
    return { ns, local: qname.slice(colon + 1) };
  };

  const simples = new Map<string, SimpleType>();
  const simple = (name: string): SimpleType => {
    if (name.startsWith('#')) {
      const lex = name.slice(1);
      if (!LEXICAL_KINDS.has(lex)) throw new Error(`unknown lexical kind ${name}`);
      return { kind: 'lexical', name: lex, lexical: lex as LexicalKind };
    }
    const known = simples.get(name);
    if (known) return known;
    const def = json.simpleTypes[name];
    if (def === undefined) throw new Error(`unknown simple type ${name}`);
    let st: SimpleType;
    if (Array.isArray(def)) st = { kind: 'enum', name, values: new Set(def), ordered: def, exact: false };
    else if ('enum' in def) st = { kind: 'enum', name, values: new Set(def.enum), ordered: def.enum, exact: def.exact === true };
    else st = { kind: 'list', name, item: simple(def.list) };
    simples.set(name, st);
    return st;
  };

  const chameleonPrefixes = new Set(json.chameleon ?? []);
  const isChameleon = (type: string) => json.types[type]?.chameleon === true;
  /** The JSON definition of a type, deriving `pharm:CE` from the chameleon datatype `CE`. */
  const definition = (name: string): TypeJson | undefined => {
    const own = json.types[name];
    if (own) return own;
    const colon = name.indexOf(':');
    const prefix = name.slice(0, colon);
    const base = json.types[name.slice(colon + 1)];
    if (colon < 0 || !chameleonPrefixes.has(prefix) || base?.chameleon !== true) return undefined;
    const retype = (t: string | undefined) => (t !== undefined && isChameleon(t) ? `${prefix}:${t}` : t);
    return {
      ...base,
      extends: retype(base.extends),
      restricts: retype(base.restricts),
      content: base.content && chameleonParticles(base.content, prefix, isChameleon),
    };
  };
  const targetOf = (name: string) => {
    const colon = name.indexOf(':');
    return colon < 0 ? namespaces.hl7 : (namespaces[name.slice(0, colon)] ?? namespaces.hl7);
  };

  const types = new Map<string, CdaType>();
  const building = new Set<string>();
  const build = (name: string): CdaType => {
    const done = types.get(name);
    if (done) return done;
    const def = definition(name);
    if (!def) throw new Error(`unknown type ${name}`);
    if (building.has(name)) throw new Error(`circular derivation at ${name}`);
    building.add(name);
    const baseName = def.extends ?? def.restricts;
    const base = baseName ? build(baseName) : undefined;
    const attrs = new Map(base?.attrs);
    for (const [qname, spec] of Object.entries(def.attrs ?? {})) {
      const qualified = qname.includes(':') ? resolveName(qname) : undefined;
      const key = qualified ? attrKey(qualified.ns, qualified.local) : qname;
      if (spec === '-') {
        attrs.delete(key);
        continue;
      }
      attrs.set(key, parseAttr(qname, key, spec, simple));
    }
    const own = parseParticles(def.content ?? [], resolveName, targetOf(name));
    // An extension appends to its base's content; a restriction restates it entirely.
    const particles = def.extends && base ? [...base.content.particles, ...own] : own;
    const type: CdaType = {
      name,
      abstract: def.abstract === true,
      mixed: def.mixed === true,
      narrative: def.narrative === true,
      base,
      attrs,
      requiredAttrs: [...attrs.values()].filter((a) => a.required),
      content: compileContent(particles),
    };
    building.delete(name);
    types.set(name, type);
    return type;
  };
  for (const name of Object.keys(json.types)) build(name);
  // Every element particle must name a defined type; chameleon copies are built as they are referenced.
  const pending = [...types.values()];
  for (let i = 0; i < pending.length; i++) {
    for (const p of pending[i].content.positions) {
      if (p.kind !== 'element' || types.has(p.type)) continue;
      if (!definition(p.type)) throw new Error(`${pending[i].name}: unknown type ${p.type}`);
      pending.push(build(p.type));
    }
  }

  /** A chameleon copy first met in an xsi:type (e.g. `pharm:PQ`); undefined when it does not exist. */
  const lazy = (name: string): CdaType | undefined => {
    if (!definition(name)) return undefined;
    try {
      return build(name);
    } catch {
      building.clear();
      return undefined;
    }
  };

  const rootType = types.get(json.root.type);
  if (!rootType) throw new Error(`unknown root type ${json.root.type}`);
  const derives = (type: CdaType, ancestor: CdaType): boolean => {
    for (let t: CdaType | undefined = type; t; t = t.base) if (t === ancestor) return true;
    return false;
  };
  const subtypes = new Map<CdaType, string[]>();
  return {
    namespaces,
    prefixOf,
    root: { element: json.root.element, type: rootType },
    type: (name) => types.get(name) ?? lazy(name),
    derives,
    concreteSubtypes(type) {
      let list = subtypes.get(type);
      if (!list) {
        list = [...types.values()].filter((t) => !t.abstract && t !== type && !t.narrative && derives(t, type)).map((t) => t.name);
        subtypes.set(type, list);
      }
      return list;
    },
    typeNames: () => [...types.keys()],
  };
}

/** `Type`, `Type!` (required), `Type =fixed`, `Type! =fixed`. */
function parseAttr(name: string, key: string, spec: string, simple: (n: string) => SimpleType): AttrSpec {
  const fixedAt = spec.indexOf(' =');
  const head = fixedAt >= 0 ? spec.slice(0, fixedAt) : spec;
  const required = head.endsWith('!');
  return {
    name,
    key,
    simple: simple(required ? head.slice(0, -1) : head),
    required,
    fixed: fixedAt >= 0 ? spec.slice(fixedAt + 2) : undefined,
  };
}
