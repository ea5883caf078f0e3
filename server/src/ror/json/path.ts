/** JSON values as JSON.parse gives them, and paths into them. */

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export type Segment = string | number;

/** A path as a linked list: descending costs one small object, and the array is built only when reported. */
export interface PathNode {
  readonly up: PathNode | undefined;
  readonly key: Segment;
}

export const down = (up: PathNode | undefined, key: Segment): PathNode => ({ up, key });

export function segments(path: PathNode | undefined): Segment[] {
  const out: Segment[] = [];
  for (let n = path; n; n = n.up) out.push(n.key);
  return out.reverse();
}

export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Own property only: user keys such as `constructor` must never reach Object.prototype. */
export function own(o: JsonObject, key: string): Json | undefined {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

export const str = (v: Json | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

/** The items of an array value, or the value itself as a one-item list (FHIR cardinality counting). */
export function items(v: Json | undefined): Json[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

export function objects(v: Json | undefined): JsonObject[] {
  return items(v).filter(isObject);
}
