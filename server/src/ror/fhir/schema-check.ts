import { down, isObject, own, type Json, type PathNode } from '../json/path';
import { relPath, reportMissing, type ResourceScope } from '../scope';
import { elementOf, elementsOf, schemaValidator, type ModelElement, type SchemaError } from './r4';

/**
 * Validates a resource against the official R4 JSON schema (generated ajv code) and turns each error into
 * a finding at the exact property or value. Returns false when the type has no generated validator.
 */
export function schemaCheck(scope: ResourceScope): boolean {
  const validate = schemaValidator(scope.type);
  if (!validate) return false;
  if (validate(scope.resource)) return true;
  for (const e of validate.errors ?? []) mapError(scope, e);
  return true;
}

function mapError(scope: ResourceScope, e: SchemaError): void {
  const walked = walkInstancePath(scope, e.instancePath);
  if (!walked) return;
  const { path, value, parent, holder } = walked;
  const element = relPath(scope, path);
  const typeName = definitionOf(e.schemaPath) ?? walked.type;
  switch (e.keyword) {
    case 'additionalProperties': {
      const name = String(e.params.additionalProperty);
      const owner = definitionOf(e.schemaPath) ?? walked.type ?? scope.type;
      scope.findings.report('FHIR-UNKNOWN-ELEMENT', down(path, name), 'key', { element: name, type: typeLabel(owner), hint: suggestion(owner, name, scope.doc.locale) });
      return;
    }
    case 'required':
      reportMissing(scope, 'FHIR-MIN-CARDINALITY', path, { element: String(e.params.missingProperty), type: typeLabel(walked.type ?? scope.type) });
      return;
    case 'type':
      if (value === null) {
        if (!nullAllowed(parent, holder, path)) scope.findings.report('FHIR-JSON-NULL', path, 'value', { element });
        return;
      }
      scope.findings.report('FHIR-JSON-TYPE', path, 'value', { element, expected: jsonTypeLabel(String(e.params.type), scope.doc.locale) });
      return;
    case 'pattern':
    case 'minimum':
    case 'maximum':
      scope.findings.report('FHIR-PRIMITIVE-FORMAT', path, 'value', { element, type: typeName ?? 'string', value: preview(value) });
      return;
    case 'enum':
      scope.findings.report('FHIR-CODE-VALUE', path, 'value', { element, value: preview(value), allowed: (e.params.allowedValues as unknown[] | undefined)?.join(', ') ?? '' });
      return;
    default:
      scope.findings.report('FHIR-JSON-TYPE', path, 'value', { element, expected: `${e.keyword} ${JSON.stringify(e.params)}` });
  }
}

/** Follows an ajv instance path (`/identifier/0/system`) through the value, tracking the FHIR type. */
function walkInstancePath(
  scope: ResourceScope,
  instancePath: string,
): { path: PathNode | undefined; value: Json; parent: Json | undefined; holder: Json | undefined; type?: string } | undefined {
  let path = scope.root;
  let value: Json = scope.resource;
  let parent: Json | undefined;
  let holder: Json | undefined;
  let type: string | undefined = scope.type;
  if (!instancePath) return { path, value, parent, holder, type };
  for (const raw of instancePath.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    holder = parent;
    parent = value;
    if (Array.isArray(value)) {
      const i = Number(seg);
      value = value[i];
      path = down(path, i);
    } else if (isObject(value)) {
      const next = own(value, seg);
      if (next === undefined) return undefined;
      const el: ModelElement | undefined = type ? elementOf(type, seg) : undefined;
      type = el ? el.t : seg.startsWith('_') ? 'Element' : undefined;
      value = next;
      path = down(path, seg);
    } else {
      return undefined;
    }
  }
  return { path, value, parent, holder, type };
}

/** In a primitive array, `null` stands for an item whose value is only in the matching `_name` array. */
function nullAllowed(parent: Json | undefined, holder: Json | undefined, path: PathNode | undefined): boolean {
  if (!Array.isArray(parent) || !isObject(holder) || !path || typeof path.key !== 'number') return false;
  const name = path.up?.key;
  if (typeof name !== 'string') return false;
  const twin = own(holder, name.startsWith('_') ? name.slice(1) : `_${name}`);
  return Array.isArray(twin) && twin[path.key] !== null && twin[path.key] !== undefined;
}

const definitionOf = (schemaPath: string): string | undefined => /#\/definitions\/([^/]+)\//.exec(schemaPath)?.[1];

/** `HealthcareService_AvailableTime` → `HealthcareService.availableTime` for messages. */
export function typeLabel(type: string): string {
  const [head, ...rest] = type.split('_');
  return rest.length ? `${head}.${rest.map((r) => r[0].toLowerCase() + r.slice(1)).join('.')}` : head;
}

const JSON_TYPES: Record<string, [string, string]> = {
  array: ['un tableau [ … ]', 'an array [ … ]'],
  object: ['un objet { … }', 'an object { … }'],
  string: ['une chaîne', 'a string'],
  number: ['un nombre', 'a number'],
  integer: ['un entier', 'an integer'],
  boolean: ['un booléen (true ou false)', 'a boolean (true or false)'],
};

function jsonTypeLabel(type: string, locale: 'fr' | 'en'): string {
  const t = JSON_TYPES[type];
  return t ? t[locale === 'fr' ? 0 : 1] : type;
}

export function preview(v: Json | undefined): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v) ?? '';
  return s.length > 80 ? s.slice(0, 77) + '…' : s;
}

/** A close element name of the same type, for typos such as `valueCodeableconcept`. */
function suggestion(type: string, name: string, locale: 'fr' | 'en'): string {
  const names = Object.keys(elementsOf(type) ?? {});
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = 3;
  for (const n of names) {
    const d = n.toLowerCase() === lower ? 0 : distance(n.toLowerCase(), lower, bestDistance);
    if (d < bestDistance) {
      best = n;
      bestDistance = d;
    }
  }
  if (!best) return '';
  return locale === 'fr' ? ` (vouliez-vous dire « ${best} » ?)` : ` (did you mean "${best}"?)`;
}

/** Levenshtein distance, giving up once it exceeds `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) >= max) return max;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      rowMin = Math.min(rowMin, cur[j]);
    }
    if (rowMin >= max) return max;
    prev = cur;
  }
  return prev[b.length];
}
