import { sameLabel } from '../../nos/labels';
import type { Concept, Terminology, ValueSet } from '../../nos/types';
import { down, isObject, objects, own, str, type Json, type JsonObject, type PathNode } from '../json/path';
import { relPath, type ResourceScope } from '../scope';
import type { Binding } from './types';

/**
 * Finds a bound value set: by canonical URL, then by its NOS name (`JDV_J202-ESPIC-ROR`), which survives
 * the URL typos some NOS exports carry.
 */
export function findValueSet(nos: Terminology, url: string): ValueSet | undefined {
  let cache = valueSets.get(nos);
  if (!cache) valueSets.set(nos, (cache = new Map()));
  if (cache.has(url)) return cache.get(url);
  const vs = nos.valueSet(url) ?? (nosName(url) ? nos.valueSet(nosName(url)!) : undefined);
  cache.set(url, vs);
  return vs;
}
const valueSets = new WeakMap<Terminology, Map<string, ValueSet | undefined>>();

/** `…/NOS/JDV_J19-ModePriseEnCharge-ROR/FHIR/…` → `JDV_J19-ModePriseEnCharge-ROR`; IG value sets → their last segment. */
export function nosName(url: string): string | undefined {
  return /\/NOS\/([^/]+)\/FHIR\//.exec(url)?.[1] ?? /\/ValueSet\/([^/|]+)/.exec(url)?.[1];
}

export type Membership = 'in' | 'out' | 'wrong-system' | 'no-system';

/** Membership of a (system, code) pair, with the concept it matched when it is in the set. */
export interface CodingMatch {
  membership: Membership;
  concept?: Concept;
}

/**
 * Is (system, code) in the value set? The bundled lists name code systems by OID or URL; when neither
 * side can be mapped to the other and the system is a NOS TRE URL, the code alone decides.
 */
export function membership(nos: Terminology, vs: ValueSet, system: string | undefined, code: string): Membership {
  return matchCoding(nos, vs, system, code).membership;
}

/** {@link membership}, with the matched concept (its NOS label and status). */
export function matchCoding(nos: Terminology, vs: ValueSet, system: string | undefined, code: string): CodingMatch {
  let bySystem = memberships.get(vs);
  if (!bySystem) memberships.set(vs, (bySystem = new Map()));
  let byCode = bySystem.get(system ?? '');
  if (!byCode) bySystem.set(system ?? '', (byCode = new Map()));
  let m = byCode.get(code);
  if (!m) byCode.set(code, (m = computeMembership(nos, vs, system, code)));
  return m;
}
/** Large Bundles repeat the same codings: each (system, code) is looked up once per value set. */
const memberships = new WeakMap<ValueSet, Map<string, Map<string, CodingMatch>>>();

const OUT: CodingMatch = { membership: 'out' };
const NO_SYSTEM: CodingMatch = { membership: 'no-system' };
const WRONG_SYSTEM: CodingMatch = { membership: 'wrong-system' };

function computeMembership(nos: Terminology, vs: ValueSet, system: string | undefined, code: string): CodingMatch {
  const byCode = vs.find(code);
  if (!byCode) return OUT;
  if (!system) return NO_SYSTEM;
  const exact = vs.find(code, system);
  if (exact) return { membership: 'in', concept: exact };
  const candidates = vs.concepts.filter((c) => c.code === code);
  for (const c of candidates) {
    if (c.system === system) return { membership: 'in', concept: c };
    const url = nos.systemUrl(c.system);
    if (url && url === system) return { membership: 'in', concept: c };
    const unmapped = !url && !nos.systemOid(system) && /^[0-9.]+$/.test(c.system);
    if (unmapped && system.startsWith('https://mos.esante.gouv.fr/NOS/TRE_')) return { membership: 'in', concept: c };
  }
  return WRONG_SYSTEM;
}

/** The code systems a value set draws from, as they appear in data (URLs when known). */
export function systemsOf(nos: Terminology, vs: ValueSet): Set<string> {
  let s = systemCache.get(vs);
  if (s) return s;
  s = new Set();
  for (const c of vs.concepts) {
    s.add(c.system);
    const url = nos.systemUrl(c.system);
    if (url) s.add(url);
  }
  systemCache.set(vs, s);
  return s;
}
const systemCache = new WeakMap<ValueSet, Set<string>>();

export function codingInSystems(nos: Terminology, system: string | undefined, systems: Set<string>): boolean {
  if (!system) return false;
  if (systems.has(system)) return true;
  const oid = systemOidOf(nos, system);
  return oid !== undefined && systems.has(oid);
}

/** Code system URL → OID, remembered per terminology (the same few systems recur in every resource). */
export function systemOidOf(nos: Terminology, url: string): string | undefined {
  let cache = oids.get(nos);
  if (!cache) oids.set(nos, (cache = new Map()));
  if (cache.has(url)) return cache.get(url);
  const oid = nos.systemOid(url);
  cache.set(url, oid);
  return oid;
}
const oids = new WeakMap<Terminology, Map<string, string | undefined>>();

export function reportUncheckable(scope: ResourceScope, url: string, path: PathNode | undefined, reason: 'absent' | 'incomplete'): void {
  const key = `${url}\u0000${reason}`;
  if (scope.doc.uncheckable.has(key)) return;
  scope.doc.uncheckable.add(key);
  const fr = scope.doc.locale === 'fr';
  const why = reason === 'absent' ? (fr ? 'liste absente des nomenclatures embarquées' : 'list not among the bundled nomenclatures') : fr ? 'liste incomplète' : 'incomplete list';
  scope.findings.report('ROR-BINDING-UNCHECKABLE', path, 'value', { valueSet: nosName(url) ?? url, reason: why });
}

/**
 * Checks a bound value (CodeableConcept, Coding, or a code/string) against its value set. For a
 * CodeableConcept one coding from the set is enough; the others are translations.
 */
export function checkBinding(scope: ResourceScope, value: Json, type: string, path: PathNode | undefined, binding: Binding): void {
  if (binding.strength !== 'required' && binding.strength !== 'extensible') return;
  const vs = findValueSet(scope.doc.nos, binding.valueSet);
  if (!vs) {
    reportUncheckable(scope, binding.valueSet, path, 'absent');
    return;
  }
  const rule = binding.strength === 'required' ? 'ROR-BINDING' : 'ROR-BINDING-EXTENSIBLE';
  const listName = () => nosName(binding.valueSet) ?? vs.name;
  if (type === 'code' || type === 'string' || type === 'uri') {
    if (typeof value !== 'string') return;
    const concept = vs.find(value);
    if (concept) return checkConcept(scope, concept, vs, path, undefined);
    if (vs.incomplete) return reportUncheckable(scope, binding.valueSet, path, 'incomplete');
    scope.findings.report(rule, path, 'value', { element: relPath(scope, path), code: value, valueSet: listName(), detail: '' });
    return;
  }
  if (!isObject(value)) return;
  const codings: { coding: JsonObject; path: PathNode }[] =
    type === 'Coding' ? [{ coding: value, path: path! }] : objects(own(value, 'coding')).map((coding, i) => ({ coding, path: down(down(path, 'coding'), i) }));
  if (codings.length === 0) {
    if (binding.strength === 'required') scope.findings.report(rule, path, 'key', { element: relPath(scope, path), code: '—', valueSet: listName(), detail: scope.doc.locale === 'fr' ? ' : aucun codage' : ': no coding' });
    return;
  }
  let first: { coding: JsonObject; path: PathNode; m: Membership } | undefined;
  let member = false;
  for (const c of codings) {
    const code = str(own(c.coding, 'code'));
    const match = code ? matchCoding(scope.doc.nos, vs, str(own(c.coding, 'system')), code) : OUT;
    if (match.membership === 'in') {
      member = true;
      checkConcept(scope, match.concept!, vs, c.path, c.coding);
    } else first ??= { ...c, m: match.membership };
  }
  if (member || !first) return;
  if (first.m === 'out' && vs.incomplete) return reportUncheckable(scope, binding.valueSet, path, 'incomplete');
  const code = str(own(first.coding, 'code')) ?? '—';
  const fr = scope.doc.locale === 'fr';
  const detail =
    first.m === 'wrong-system'
      ? fr
        ? ` : le code existe, mais sous un autre système que « ${str(own(first.coding, 'system'))} »`
        : `: the code exists, but under another system than "${str(own(first.coding, 'system'))}"`
      : first.m === 'no-system'
        ? fr
          ? ' : system absent'
          : ': system missing'
        : '';
  const at = own(first.coding, 'code') !== undefined ? down(first.path, first.m === 'wrong-system' ? 'system' : 'code') : first.path;
  scope.findings.report(rule, at, first.m === 'no-system' ? 'start' : 'value', { element: relPath(scope, path), code, valueSet: listName(), detail });
}

/**
 * What NOS says about a code the value set holds: a `display` that is not its label (case and spacing
 * aside, as for the CDA displayName), a retired concept. Rules shared with CDA: NOS-DISPLAY-NAME,
 * NOS-RETIRED. `coding` is undefined for a bound code or string, which carries no label.
 */
function checkConcept(scope: ResourceScope, concept: Concept, vs: ValueSet, path: PathNode | undefined, coding: JsonObject | undefined): void {
  const display = coding ? str(own(coding, 'display')) : undefined;
  const labelOff = display !== undefined && concept.display !== '' && !sameLabel(display, concept.display);
  const retired = concept.status === 'retired';
  if (!labelOff && !retired) return;
  const data = { code: concept.code, valueSet: vs.name, label: concept.display, system: concept.system };
  const at = { display: down(path, 'display'), code: coding ? down(path, 'code') : path };
  if (labelOff && once(scope, 'NOS-DISPLAY-NAME', at.display)) {
    scope.findings.report('NOS-DISPLAY-NAME', at.display, 'value', { ...data, field: 'display', found: display }, {
      title: { fr: 'Remplacer par le libellé NOS « {label} »', en: 'Replace with the NOS label "{label}"' },
      newText: JSON.stringify(concept.display),
    });
  }
  if (retired && once(scope, 'NOS-RETIRED', at.code)) scope.findings.report('NOS-RETIRED', at.code, 'value', data);
}

/**
 * A coding can be reached by several bindings (the element's and a slice's, or two claimed profiles): its
 * NOS findings are reported once. Only called when there is something to report.
 */
function once(scope: ResourceScope, rule: string, at: PathNode | undefined): boolean {
  return scope.findings.reportedAt(rule, at).length === 0;
}
