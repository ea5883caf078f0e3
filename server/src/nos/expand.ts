import type { Include, ValueSetRecord } from './record';
import type { Concept } from './types';

/** Resolves FHIR `compose.include` references of a value set against lists the caller knows. */
export interface ExpandContext {
  /** Concepts of the code system or value set with this canonical URL; undefined when unknown. */
  resolve(url: string): Concept[] | undefined;
  /** Code system URL → OID, to compare concepts stored by OID with an include that names a URL. */
  systemOid(ref: string): string | undefined;
}

export interface Expansion {
  concepts: Concept[];
  /** References that could not be resolved (unknown list, or a `filter`): the expansion is partial. */
  missing: string[];
}

export function expandRecord(record: ValueSetRecord, ctx: ExpandContext): Expansion {
  const missing: string[] = [];
  const concepts: Concept[] = [...record.concepts];
  const seen = new Set(concepts.map(key));
  for (const inc of record.includes ?? []) {
    for (const c of resolveInclude(inc, ctx, missing)) {
      const k = key(c);
      if (!seen.has(k)) {
        seen.add(k);
        concepts.push(c);
      }
    }
  }
  let result = concepts;
  for (const ex of record.excludes ?? []) {
    const drop = ex.codes
      ? (c: Concept) => ex.codes!.includes(c.code) && (!ex.system || sameSystem(c, ex.system, ctx))
      : excludeSet(ex, ctx, missing);
    result = result.filter((c) => !drop(c));
  }
  return { concepts: result, missing };
}

function resolveInclude(inc: Include, ctx: ExpandContext, missing: string[]): Concept[] {
  const label = [inc.system, ...(inc.valueSets ?? [])].filter(Boolean).join(' ∩ ') || '(empty include)';
  if (inc.filtered) {
    missing.push(`${label} (filter)`);
    return [];
  }
  if (inc.valueSets?.length) {
    const out: Concept[] = [];
    for (const url of inc.valueSets) {
      const found = ctx.resolve(url);
      if (found) out.push(...found);
      else missing.push(url);
    }
    return inc.system ? out.filter((c) => sameSystem(c, inc.system!, ctx)) : out;
  }
  if (!inc.system) return [];
  const found = ctx.resolve(inc.system);
  if (!found) missing.push(inc.system);
  return found ?? [];
}

function excludeSet(ex: Include, ctx: ExpandContext, missing: string[]): (c: Concept) => boolean {
  if (ex.system && !ex.valueSets?.length && !ex.filtered) return (c) => sameSystem(c, ex.system!, ctx);
  const keys = new Set(resolveInclude(ex, ctx, missing).map(key));
  return (c) => keys.has(key(c));
}

function sameSystem(c: Concept, system: string, ctx: ExpandContext): boolean {
  return c.system === system || c.system === ctx.systemOid(system);
}

const key = (c: Concept) => `${c.system}|${c.code}`;
