import { elementOf } from '../fhir/r4';
import { down, isObject, objects, own, str, type JsonObject, type PathNode } from '../json/path';
import { relPath, reportMissing, type ResourceScope } from '../scope';
import { applyElementRule, checkIdentifierKey, elementName, parentsOf, type Located } from './apply';
import { fullUrl } from './tables';
import { checkBinding, codingInSystems, findValueSet, membership, systemsOf } from './terminology';
import type { Slice, Slicing } from './types';

const ACT_TYPE = fullUrl('ror-act-type');

/**
 * Assigns each item of a sliced element to its slice, then checks slice cardinalities and what each slice
 * fixes (identifier system, act type, binding, nested rules). Open slicing: items matching no slice are
 * accepted, and reported as information only where the profile lists every expected kind.
 */
export function applySlicing(scope: ResourceScope, from: Located, slicing: Slicing, profileName: string): void {
  const { parents, name } = parentsOf(from, slicing.path);
  for (const parent of parents) {
    const raw = own(parent.value, name);
    const list = objects(raw);
    const base = down(parent.path, name);
    const counts = new Map<Slice, PathNode[]>();
    const itemType = elementOf(parent.type, name)?.t ?? 'Element';
    list.forEach((item, i) => {
      const at = Array.isArray(raw) ? down(base, i) : base;
      const slice = match(scope, slicing, item, at);
      if (!slice) return;
      counts.set(slice, [...(counts.get(slice) ?? []), at]);
      checkSliceItem(scope, slicing, slice, item, at, itemType, profileName);
    });
    for (const slice of slicing.slices) {
      const hits = counts.get(slice) ?? [];
      if ((slice.min ?? 0) > hits.length) {
        const data = { slice: slice.name, element: elementName(scope, parent.path, name), profile: profileName };
        if (list.length) scope.findings.report('ROR-SLICE-REQUIRED', base, 'key', data);
        else reportMissing(scope, 'ROR-SLICE-REQUIRED', parent.path, data);
      }
      if (slice.max !== undefined && hits.length > slice.max) {
        scope.findings.report('ROR-SLICE-MAX', hits[slice.max], 'start', { slice: slice.name, element: elementName(scope, parent.path, name), max: slice.max, count: hits.length });
      }
    }
  }
}

function codingsOf(value: unknown): JsonObject[] {
  if (!isObject(value)) return [];
  if (own(value, 'coding') !== undefined) return objects(own(value, 'coding'));
  return own(value, 'system') !== undefined || own(value, 'code') !== undefined ? [value] : [];
}

function match(scope: ResourceScope, slicing: Slicing, item: JsonObject, at: PathNode): Slice | undefined {
  switch (slicing.by) {
    case 'identifierType': {
      const codes = new Set(codingsOf(own(item, 'type')).map((c) => str(own(c, 'code'))));
      return slicing.slices.find((s) => s.typeCode !== undefined && codes.has(s.typeCode));
    }
    case 'pattern': {
      const codings = codingsOf(own(item, slicing.patternElement ?? 'code'));
      return slicing.slices.find((s) => s.pattern && codings.some((c) => str(own(c, 'system')) === s.pattern!.system && str(own(c, 'code')) === s.pattern!.code));
    }
    case 'codingSystem':
    case 'valueSet':
      return matchCoded(scope, slicing, item, at);
  }
}

/** Slices told apart by the code system of the coding (or value-set membership), then by ror-act-type. */
function matchCoded(scope: ResourceScope, slicing: Slicing, item: JsonObject, at: PathNode): Slice | undefined {
  const codings = codingsOf(item);
  const nos = scope.doc.nos;
  const candidates = slicing.slices.filter((s) => {
    const systems = new Set(s.systems ?? []);
    const vs = s.valueSet ? findValueSet(nos, s.valueSet) : undefined;
    if (vs) for (const x of systemsOf(nos, vs)) systems.add(x);
    return codings.some((c) => {
      const system = str(own(c, 'system'));
      if (codingInSystems(nos, system, systems)) return true;
      const code = str(own(c, 'code'));
      return slicing.by === 'valueSet' && vs !== undefined && code !== undefined && membership(nos, vs, system, code) === 'in';
    });
  });
  if (candidates.length === 0) {
    if (slicing.reportUnmatched) {
      const systems = codings.map((c) => str(own(c, 'system')) ?? '—').join(', ') || '—';
      scope.findings.report('ROR-SLICE-UNMATCHED', at, 'start', { element: relPath(scope, at), systems });
    }
    return undefined;
  }
  if (!candidates.some((s) => s.actType !== undefined)) return candidates[0];
  const act = actTypeOf(item);
  const exact = candidates.find((s) => (s.actType ?? null) === (act?.value ?? null));
  if (exact) return exact;
  const fr = scope.doc.locale === 'fr';
  const expected = [...new Set(candidates.map((s) => s.actType ?? (fr ? 'aucune' : 'none')))].join(' | ');
  scope.findings.report('ROR-ACT-TYPE', act ? act.path(at) : at, act ? 'value' : 'start', { element: relPath(scope, at), found: act?.value ?? (fr ? 'aucune' : 'none'), expected });
  return undefined;
}

function actTypeOf(item: JsonObject): { value: string; path: (at: PathNode) => PathNode } | undefined {
  const exts = objects(own(item, 'extension'));
  const i = exts.findIndex((e) => str(own(e, 'url')) === ACT_TYPE);
  if (i < 0) return undefined;
  return { value: str(own(exts[i], 'valueCode')) ?? '', path: (at) => down(down(down(at, 'extension'), i), 'valueCode') };
}

function checkSliceItem(scope: ResourceScope, slicing: Slicing, slice: Slice, item: JsonObject, at: PathNode, type: string, profileName: string): void {
  if (slicing.by === 'identifierType') {
    checkIdentifierSlice(scope, slice, item, at);
    return;
  }
  if (slice.valueSet && (slicing.by === 'codingSystem' || slicing.by === 'valueSet')) {
    checkBinding(scope, item, own(item, 'coding') !== undefined ? 'CodeableConcept' : 'Coding', at, { valueSet: slice.valueSet, strength: 'required' });
  }
  const located: Located = { value: item, path: at, type };
  for (const rule of slice.elements ?? []) applyElementRule(scope, located, rule, `${profileName} (${slice.name})`);
}

function checkIdentifierSlice(scope: ResourceScope, slice: Slice, item: JsonObject, at: PathNode): void {
  if (slice.typeSystem) {
    const type = own(item, 'type');
    const codings = codingsOf(type);
    const i = codings.findIndex((c) => str(own(c, 'code')) === slice.typeCode);
    const system = i >= 0 ? str(own(codings[i], 'system')) : undefined;
    if (i >= 0 && system !== slice.typeSystem) {
      const p = down(down(down(at, 'type'), 'coding'), i);
      scope.findings.report('ROR-PATTERN', system === undefined ? p : down(p, 'system'), system === undefined ? 'start' : 'value', {
        element: `${relPath(scope, at)}.type (${slice.name})`,
        found: system ?? '—',
        expected: slice.typeSystem,
      });
    }
  }
  if (slice.system) {
    const system = str(own(item, 'system'));
    if (system !== slice.system) {
      const fix = system !== undefined ? { title: { fr: `Remplacer par ${slice.system}`, en: `Replace with ${slice.system}` }, newText: JSON.stringify(slice.system) } : undefined;
      scope.findings.report('ROR-IDENTIFIER-SYSTEM', system !== undefined ? down(at, 'system') : at, system !== undefined ? 'value' : 'start', { element: `${relPath(scope, at)}.system (${slice.name})`, found: system ?? '—', expected: slice.system }, fix);
    }
  }
  if (slice.key) checkIdentifierKey(scope, item, at, slice.key);
}
