import { elementOf, isPrimitive } from '../fhir/r4';
import { checkReferenceTarget } from '../fhir/reference';
import { down, isObject, items, objects, own, str, type Json, type JsonObject, type PathNode } from '../json/path';
import { relPath, reportMissing, type ResourceScope } from '../scope';
import { identifierProblem } from './keys';
import { applySlicing } from './slices';
import { fullUrl } from './tables';
import { checkBinding } from './terminology';
import type { ElementRule, ExtensionSlot, ProfileTable } from './types';

/** An object reached by a dotted path, with its FHIR type. */
export interface Located {
  value: JsonObject;
  path: PathNode | undefined;
  type: string;
}

/**
 * The objects at a dotted path below `from` (fanning out through arrays). With `asElement`, a primitive
 * last step yields its `_name` objects (where a primitive's extensions live).
 */
export function collect(from: Located, dotted: string, asElement = false): Located[] {
  if (!dotted) return [from];
  const segs = splitPath(dotted);
  return collectSegments(from, segs, segs.length, asElement);
}

/** The parents of a dotted path's last element, and that element's name. */
export function parentsOf(from: Located, dotted: string): { parents: Located[]; name: string } {
  const segs = splitPath(dotted);
  return { parents: collectSegments(from, segs, segs.length - 1, false), name: segs[segs.length - 1] };
}

function collectSegments(from: Located, segs: string[], count: number, asElement: boolean): Located[] {
  let current: Located[] = [from];
  for (let i = 0; i < count; i++) {
    const seg = segs[i];
    const next: Located[] = [];
    for (const c of current) {
      const el = elementOf(c.type, seg);
      if (!el) continue;
      const last = i === count - 1;
      const key = asElement && last && isPrimitive(el.t) ? `_${seg}` : seg;
      const type = key === seg ? el.t : 'Element';
      const v = own(c.value, key);
      const base = down(c.path, key);
      if (Array.isArray(v)) v.forEach((item, j) => isObject(item) && next.push({ value: item, path: down(base, j), type }));
      else if (isObject(v)) next.push({ value: v, path: base, type });
    }
    current = next;
  }
  return current;
}

const splits = new Map<string, string[]>();
/** Table paths are few and reused for every resource: split once. */
export function splitPath(dotted: string): string[] {
  let segs = splits.get(dotted);
  if (!segs) splits.set(dotted, (segs = dotted.split('.')));
  return segs;
}

/** The element path a finding names: `telecom[0].value`, or the bare name on the resource itself. */
export function elementName(scope: ResourceScope, parent: PathNode | undefined, name: string): string {
  return parent === scope.root ? name : `${relPath(scope, parent)}.${name}`;
}

export function applyProfile(scope: ResourceScope, profile: ProfileTable): void {
  const root: Located = { value: scope.resource, path: scope.root, type: scope.type };
  for (const rule of profile.elements) applyElementRule(scope, root, rule, profile.name);
  applyExtensionSlots(scope, root, profile.extensions, profile.name);
  for (const slicing of profile.slicings) applySlicing(scope, root, slicing, profile.name);
}

export function applyElementRule(scope: ResourceScope, from: Located, rule: ElementRule, profileName: string): void {
  const { parents, name } = parentsOf(from, rule.path);
  for (const parent of parents) {
    const el = elementOf(parent.type, name);
    const v = own(parent.value, name);
    const list = items(v);
    const count = list.length || (own(parent.value, `_${name}`) !== undefined ? 1 : 0);
    if (rule.min && count < rule.min) reportMissing(scope, 'ROR-REQUIRED', parent.path, { element: elementName(scope, parent.path, name), profile: profileName });
    if (rule.max !== undefined && count > rule.max) {
      scope.findings.report('ROR-MAX', down(parent.path, name), 'key', { element: elementName(scope, parent.path, name), max: rule.max, count, profile: profileName });
    }
    if (!el || list.length === 0) continue;
    const base = down(parent.path, name);
    list.forEach((item, i) => {
      const at = Array.isArray(v) ? down(base, i) : base;
      checkItem(scope, item, at, el.t, parent.type, name, rule);
    });
  }
}

function checkItem(scope: ResourceScope, item: Json, at: PathNode, type: string, parentType: string, name: string, rule: ElementRule): void {
  if (rule.binding) checkBinding(scope, item, type, at, rule.binding);
  if (rule.targets && isObject(item)) checkReferenceTarget(scope, item, at, rule.targets);
  if (rule.pattern !== undefined && typeof item === 'string' && item !== rule.pattern) {
    const identifierSystem = parentType === 'Identifier' && name === 'system';
    scope.findings.report(
      identifierSystem ? 'ROR-IDENTIFIER-SYSTEM' : 'ROR-PATTERN',
      at,
      'value',
      { element: relPath(scope, at), found: item, expected: rule.pattern },
      { title: { fr: `Remplacer par ${rule.pattern}`, en: `Replace with ${rule.pattern}` }, newText: JSON.stringify(rule.pattern) },
    );
  }
  if (rule.key && isObject(item)) checkIdentifierKey(scope, item, at, rule.key);
}

const NONE: number[] = [];

const KEY_LABELS: Record<NonNullable<ElementRule['key']>, string> = { finess: 'FINESS', siren: 'SIREN', siret: 'SIRET', idnatst: 'idNatSt', idnatps: 'idNatPS', rpps: 'RPPS' };

export function checkIdentifierKey(scope: ResourceScope, identifier: JsonObject, at: PathNode, key: NonNullable<ElementRule['key']>): void {
  const value = str(own(identifier, 'value'));
  if (!value) return;
  const problem = identifierProblem(key, value, scope.doc.pgssi?.idNat);
  if (problem) {
    scope.findings.report('ROR-IDENTIFIER-KEY', down(at, 'value'), 'value', { value, kind: KEY_LABELS[key], detail: problem[scope.doc.locale] });
  }
}

const slotGroups = new WeakMap<ExtensionSlot[], Map<string, ExtensionSlot[]>>();

export function applyExtensionSlots(scope: ResourceScope, from: Located, slots: ExtensionSlot[], profileName: string): void {
  let byPath = slotGroups.get(slots);
  if (!byPath) {
    byPath = new Map();
    for (const s of slots) byPath.set(s.path, [...(byPath.get(s.path) ?? []), s]);
    slotGroups.set(slots, byPath);
  }
  for (const [path, group] of byPath) {
    const holders = collect(from, path, true);
    // A required extension on a repeating element applies to each element present; none present, nothing to say.
    for (const holder of holders) {
      const exts = objects(own(holder.value, 'extension'));
      const found = new Map<string, number[]>();
      exts.forEach((e, i) => {
        const u = str(own(e, 'url'));
        if (!u) return;
        const list = found.get(u);
        if (list) list.push(i);
        else found.set(u, [i]);
      });
      for (const slot of group) {
        const url = fullUrl(slot.url);
        const hits = found.get(url) ?? NONE;
        if ((slot.min ?? 0) > hits.length) reportMissing(scope, 'ROR-EXT-REQUIRED', holder.path, { url: slot.url, element: holder.path === scope.root ? scope.type : relPath(scope, holder.path) });
        if (slot.max !== undefined && hits.length > slot.max) {
          scope.findings.report('ROR-EXT-MAX', down(down(down(holder.path, 'extension'), hits[slot.max]), 'url'), 'value', { url: slot.url, max: slot.max, count: hits.length });
        }
        if (slot.childPattern) for (const i of hits) checkChildPattern(scope, exts[i], down(down(holder.path, 'extension'), i), slot, profileName);
      }
    }
  }
}

function checkChildPattern(scope: ResourceScope, ext: JsonObject, path: PathNode, slot: ExtensionSlot, profileName: string): void {
  const p = slot.childPattern!;
  objects(own(ext, 'extension')).forEach((child, i) => {
    if (str(own(child, 'url')) !== p.child) return;
    const cc = own(child, 'valueCodeableConcept');
    const codings = isObject(cc) ? objects(own(cc, 'coding')) : [];
    if (codings.some((c) => str(own(c, 'system')) === p.system && str(own(c, 'code')) === p.code)) return;
    const at = down(down(path, 'extension'), i);
    const found = codings.map((c) => `${str(own(c, 'system')) ?? ''}#${str(own(c, 'code')) ?? ''}`).join(', ') || '—';
    scope.findings.report('ROR-PATTERN', isObject(cc) ? down(at, 'valueCodeableConcept') : at, 'key', { element: `${slot.url}.${p.child} (${profileName})`, found, expected: `${p.system}#${p.code}` });
  });
}
