/**
 * The FHIR R4 base, as generated at build time by scripts/ror-fhir-schema.mjs from the official JSON
 * schema: ajv standalone validators per resource type, the element model and the resource type list.
 * Loaded on first use, so starting the server costs nothing.
 */

export interface SchemaError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
}

export type SchemaValidator = ((data: unknown) => boolean) & { errors?: SchemaError[] | null };

/** One element of a type: `t` type name, `a` repeats, `c` choice group (`value` for value[x]), `e` fixed codes, `d` HL7 short text. */
export interface ModelElement {
  t: string;
  a?: 1;
  c?: string;
  e?: string[];
  d?: string;
}

interface Generated {
  model: Record<string, Record<string, ModelElement>>;
  resourceTypes: string[];
  validatedTypes: string[];
  [type: string]: unknown;
}

let generated: Generated | undefined;

/**
 * A CommonJS file written by `npm run build` (scripts/ror-fhir-schema.mjs): esbuild bundles it into
 * dist/, tests load it from the source tree. Not in a try block, so that esbuild does bundle it.
 */
function load(): Generated {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  generated ??= require('../generated/fhir-r4.js') as Generated;
  return generated;
}

let resourceTypeSet: Set<string> | undefined;

export function isResourceType(name: string): boolean {
  resourceTypeSet ??= new Set(load().resourceTypes);
  return resourceTypeSet.has(name);
}

/** The validator of a resource type, when the type is one ROR exchanges. */
export function schemaValidator(type: string): SchemaValidator | undefined {
  const g = load();
  return g.validatedTypes.includes(type) ? (g[type] as SchemaValidator) : undefined;
}

let types: Map<string, Record<string, ModelElement>> | undefined;

/** The elements of a type (resource, backbone element such as `HealthcareService_AvailableTime`, or datatype). */
export function elementsOf(type: string): Record<string, ModelElement> | undefined {
  types ??= new Map(Object.entries(load().model));
  return types.get(type);
}

export function elementOf(type: string, name: string): ModelElement | undefined {
  const e = elementsOf(type);
  return e && Object.hasOwn(e, name) ? e[name] : undefined;
}

/** Primitive types are the lower-case ones (string, dateTime, code…). */
export const isPrimitive = (type: string): boolean => {
  const c = type.charCodeAt(0);
  return c >= 97 && c <= 122;
};
