import { down, isObject, own, str, type Json, type JsonObject, type PathNode } from '../json/path';
import { checkExtension, type Holder } from '../profile/extensions';
import { relPath, reportMissing, type ResourceScope } from '../scope';
import { noteIdentifierSystem } from '../systems';
import { checkBundleReference } from './reference';
import { elementsOf, isPrimitive, type ModelElement } from './r4';
import { typeLabel } from './schema-check';

/**
 * One type-aware pass over a resource for what the JSON schema cannot say: minimum cardinalities of the
 * base specification, one value per choice element, extension = value xor sub-extensions (ext-1),
 * primitive-extension arrays aligned with their values, the ROR extension catalogue, and notes on misspelled
 * register systems of every Identifier (ID-07, reported after the profiles: `ror/systems.ts`). Nested
 * resources (contained, Bundle entries, Parameters) are left to the caller. The depth is bounded by the
 * JSON scan, so recursion is safe.
 */
export function baseWalk(scope: ResourceScope): void {
  walk(scope, scope.resource, scope.type, scope.root, scope.type, undefined);
}

function walk(scope: ResourceScope, value: JsonObject, type: string, path: PathNode | undefined, fhirPath: string, holder: Holder | undefined, holderType = type): void {
  const model = elementsOf(type);
  if (!model) return;
  checkRequired(scope, value, type, model, path);
  if (type === 'Extension') {
    checkExtensionShape(scope, value, path!);
    if (holder) checkExtension(scope, value, path!, holder);
  }
  if (type === 'Reference' && scope.bundle) checkBundleReference(scope, value, path);
  if (type === 'Identifier') noteIdentifierSystem(scope, value, path);
  let choices: Map<string, string> | undefined;
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (key.charCodeAt(0) === 95 /* _ */) {
      primitiveExtensions(scope, value, key, model, path, fhirPath);
      continue;
    }
    const el = Object.hasOwn(model, key) ? model[key] : undefined;
    if (el?.c) choices = checkChoice(scope, choices, el.c, key, path);
    if (!el || el.t === 'ResourceList' || isPrimitive(el.t)) continue;
    const childFhirPath = `${fhirPath}.${key}`;
    const childHolder: Holder | undefined =
      key === 'extension' || key === 'modifierExtension' ? { fhirPath, type: holderType, parentExt: type === 'Extension' ? str(own(value, 'url')) : undefined } : undefined;
    const keyPath = down(path, key);
    if (Array.isArray(v)) {
      v.forEach((item, i) => {
        if (isObject(item)) walk(scope, item, el.t, down(keyPath, i), childFhirPath, childHolder);
      });
    } else if (isObject(v)) {
      walk(scope, v, el.t, keyPath, childFhirPath, childHolder);
    }
  }
}

function present(value: JsonObject, name: string, model: Record<string, ModelElement>): boolean {
  if (name.endsWith('[x]')) {
    const group = name.slice(0, -3);
    return Object.keys(value).some((k) => Object.hasOwn(model, k) && model[k].c === group);
  }
  return own(value, name) !== undefined || own(value, `_${name}`) !== undefined;
}

function checkRequired(scope: ResourceScope, value: JsonObject, type: string, model: Record<string, ModelElement>, path: PathNode | undefined): void {
  const required = scope.doc.tables.baseRequired.get(type);
  if (!required) return;
  for (const name of required) {
    // Properties the JSON schema already requires are reported from its errors.
    if (!present(value, name, model) && !schemaRequires(type, name)) {
      reportMissing(scope, 'FHIR-MIN-CARDINALITY', path, { element: name, type: typeLabel(type) });
    }
  }
}

/** Complex elements the official JSON schema lists as required itself (see scripts/ror-fhir-schema.mjs). */
const SCHEMA_REQUIRED = new Set([
  'UsageContext.code', 'Signature.type', 'Signature.who', 'SampledData.origin', 'OperationOutcome.issue', 'Narrative.div', 'MeasureReport.period', 'MeasureReport.measure',
  'MeasureReport_Component.code', 'MeasureReport_Component.value', 'Measure_SupplementalData.criteria', 'Measure_Component.criteria', 'Measure_Population.criteria',
  'Task_Output.type', 'Task_Input.type', 'Practitioner_Qualification.code', 'Patient_Communication.language', 'Patient_Link.other',
]);
const schemaRequires = (type: string, name: string) => SCHEMA_REQUIRED.has(`${type}.${name}`);

/** One value per choice element: the second `value…` of a group is reported. */
function checkChoice(scope: ResourceScope, seen: Map<string, string> | undefined, group: string, key: string, path: PathNode | undefined): Map<string, string> {
  seen ??= new Map();
  const first = seen.get(group);
  if (first) scope.findings.report('FHIR-CHOICE-MULTIPLE', down(path, key), 'key', { element: `${group}[x]`, first, second: key });
  else seen.set(group, key);
  return seen;
}

/** ext-1: an extension has either sub-extensions or a value, not both, not neither. */
function checkExtensionShape(scope: ResourceScope, ext: JsonObject, path: PathNode): void {
  const hasChildren = Array.isArray(own(ext, 'extension')) && (own(ext, 'extension') as Json[]).length > 0;
  const valueKey = Object.keys(ext).find((k) => k.startsWith('value') && k.length > 5);
  if (hasChildren === (valueKey !== undefined)) {
    const fr = scope.doc.locale === 'fr';
    const url = str(own(ext, 'url')) ?? '?';
    const detail = hasChildren ? (fr ? 'a à la fois une valeur et des sous-extensions' : 'has both a value and sub-extensions') : fr ? "n'a ni valeur ni sous-extension" : 'has neither a value nor sub-extensions';
    const at = hasChildren ? down(path, valueKey!) : path;
    scope.findings.report('FHIR-EXTENSION-VALUE', at, hasChildren ? 'key' : 'start', { url, detail });
  }
}

/** `_name` holds the id/extensions of primitive `name`; for repeating primitives both arrays line up. */
function primitiveExtensions(scope: ResourceScope, value: JsonObject, key: string, model: Record<string, ModelElement>, path: PathNode | undefined, fhirPath: string): void {
  const name = key.slice(1);
  const el = Object.hasOwn(model, name) ? model[name] : undefined;
  if (!el || !isPrimitive(el.t)) return;
  const ext = value[key];
  const base = own(value, name);
  const keyPath = down(path, key);
  const holderPath = `${fhirPath}.${name}`;
  if (Array.isArray(ext)) {
    if (Array.isArray(base) && base.length !== ext.length) {
      scope.findings.report('FHIR-PRIMITIVE-EXTENSION', keyPath, 'key', { element: relPath(scope, down(path, name)), values: base.length, extensions: ext.length });
    }
    ext.forEach((item, i) => {
      if (isObject(item)) walk(scope, item, 'Element', down(keyPath, i), holderPath, undefined, el.t);
    });
  } else if (isObject(ext)) {
    walk(scope, ext, 'Element', keyPath, holderPath, undefined, el.t);
  }
}
