import { down, isObject, objects, own, str, type JsonObject, type PathNode } from '../json/path';
import type { ResourceScope } from '../scope';
import { elementOf, elementsOf, isPrimitive, isResourceType } from './r4';

const PARTS = new Set(['type', 'path', 'name', 'value', 'index', 'source', 'destination']);
/** What each operation type needs besides `type` and `path` (FHIR R4 FHIRPath Patch). */
const NEEDS: Record<string, string[]> = {
  add: ['name', 'value'],
  insert: ['value', 'index'],
  delete: [],
  replace: ['value'],
  move: ['source', 'destination'],
};

export const ROR_PATCH_TARGETS = ['Organization', 'HealthcareService', 'Location', 'PractitionerRole', 'Practitioner', 'Task'];

/** True when a Parameters resource is a FHIRPath Patch body (it has `operation` parameters). */
export function isPatch(parameters: JsonObject): boolean {
  return objects(own(parameters, 'parameter')).some((p) => str(own(p, 'name')) === 'operation');
}

/**
 * Checks each `operation` of a FHIRPath Patch: its parts, what its type needs, that the path starts with
 * a resource type and, for an `add` on the resource itself, that the element exists (and so do the
 * names of the value's parts).
 */
export function checkPatch(scope: ResourceScope): void {
  const params = own(scope.resource, 'parameter');
  if (!Array.isArray(params)) return;
  params.forEach((p, i) => {
    if (!isObject(p) || str(own(p, 'name')) !== 'operation') return;
    checkOperation(scope, p, down(down(scope.root, 'parameter'), i));
  });
}

function checkOperation(scope: ResourceScope, op: JsonObject, at: PathNode): void {
  const fr = scope.doc.locale === 'fr';
  const report = (path: PathNode | undefined, kind: 'key' | 'value' | 'start', detailFr: string, detailEn: string) =>
    scope.findings.report('FHIR-PATCH-OPERATION', path, kind, { detail: fr ? detailFr : detailEn });
  const parts = new Map<string, { part: JsonObject; path: PathNode }>();
  const raw = own(op, 'part');
  if (!Array.isArray(raw)) {
    report(down(at, 'name'), 'key', "l'opération n'a aucune partie (type, path…)", 'the operation has no parts (type, path…)');
    return;
  }
  raw.forEach((part, i) => {
    if (!isObject(part)) return;
    const name = str(own(part, 'name'));
    const path = down(down(at, 'part'), i);
    if (name === undefined) return; // reported by the base cardinality of Parameters.parameter.name
    if (!PARTS.has(name)) report(down(path, 'name'), 'value', `partie « ${name} » inconnue (attendu : ${[...PARTS].join(', ')})`, `unknown part "${name}" (expected: ${[...PARTS].join(', ')})`);
    else if (parts.has(name)) report(down(path, 'name'), 'value', `partie « ${name} » répétée`, `part "${name}" repeated`);
    else parts.set(name, { part, path });
  });

  const typePart = parts.get('type');
  const type = typePart ? str(own(typePart.part, 'valueCode')) ?? str(own(typePart.part, 'valueString')) : undefined;
  if (!typePart) report(down(at, 'part'), 'key', 'partie « type » obligatoire (add, insert, delete, replace, move)', 'part "type" required (add, insert, delete, replace, move)');
  else if (own(typePart.part, 'valueCode') === undefined && own(typePart.part, 'valueString') !== undefined) {
    report(down(typePart.path, 'valueString'), 'key', 'le type d’opération est un code : valueCode, pas valueString', 'the operation type is a code: valueCode, not valueString');
  }
  if (typePart && type !== undefined && !Object.hasOwn(NEEDS, type)) {
    report(typePart.path, 'start', `type d'opération « ${type} » inconnu (add, insert, delete, replace, move)`, `unknown operation type "${type}" (add, insert, delete, replace, move)`);
  }
  const pathPart = parts.get('path');
  const fhirPath = pathPart ? str(own(pathPart.part, 'valueString')) : undefined;
  if (!pathPart) report(down(at, 'part'), 'key', 'partie « path » obligatoire (expression FHIRPath)', 'part "path" required (FHIRPath expression)');
  for (const need of type && Object.hasOwn(NEEDS, type) ? NEEDS[type] : []) {
    if (!parts.has(need)) report(down(at, 'part'), 'key', `une opération ${type} exige la partie « ${need} »`, `a ${type} operation needs the part "${need}"`);
  }
  const value = parts.get('value');
  if (value && !Object.keys(value.part).some((k) => k.startsWith('value') && k.length > 5) && own(value.part, 'part') === undefined && own(value.part, 'resource') === undefined) {
    report(value.path, 'start', 'la partie « value » n’a ni value[x] ni parties', 'the "value" part has neither value[x] nor parts');
  }
  if (!fhirPath || !pathPart) return;
  const target = /^[A-Za-z]+/.exec(fhirPath)?.[0] ?? '';
  if (!isResourceType(target)) {
    report(down(pathPart.path, 'valueString'), 'value', `le chemin doit commencer par un type de ressource (ex. HealthcareService), pas « ${target} »`, `the path must start with a resource type (e.g. HealthcareService), not "${target}"`);
    return;
  }
  const namePart = parts.get('name');
  const name = namePart ? str(own(namePart.part, 'valueString')) ?? str(own(namePart.part, 'valueCode')) : undefined;
  if (type !== 'add' || fhirPath !== target || !name || !elementsOf(target)) return;
  const el = elementOf(target, name);
  if (!el) {
    scope.findings.report('FHIR-PATCH-ELEMENT', down(namePart!.path, own(namePart!.part, 'valueString') !== undefined ? 'valueString' : 'valueCode'), 'value', { element: name, type: target });
    return;
  }
  if (!value || isPrimitive(el.t)) return;
  objects(own(value.part, 'part')).forEach((sub, i) => {
    const subName = str(own(sub, 'name'));
    if (subName && !elementOf(el.t, subName)) {
      scope.findings.report('FHIR-PATCH-ELEMENT', down(down(down(value.path, 'part'), i), 'name'), 'value', { element: subName, type: el.t });
    }
  });
}
