import type { Concept, Terminology } from '../../nos/types';
import { elementOf } from '../fhir/r4';
import { fullUrl, type RorTables } from '../profile/tables';
import { findValueSet, nosName } from '../profile/terminology';
import type { Binding, ExtensionChild, ExtensionDef } from '../profile/types';
import type { Ctx } from './cursor';

/** Editor labels in the user's language (the element definitions of the tables are French). */
export const WORDS = {
  fr: { required: 'obligatoire', optional: 'optionnelle', in: 'dans', valueSet: 'Jeu de valeurs :', slices: 'Tranches :', complex: 'extension complexe', value: 'Valeur :', catalogue: 'extension ROR' },
  en: { required: 'required', optional: 'optional', in: 'in', valueSet: 'Value set:', slices: 'Slices:', complex: 'complex extension', value: 'Value:', catalogue: 'ROR extension' },
};
export type Words = (typeof WORDS)['fr'];

/** A value set that applies at a position, with the code systems its codings should carry. */
export interface BoundSet {
  binding: Binding;
  label: string;
  systems: string[];
}

/** The sub-extension spec of a relative url inside a complex extension. */
export function childSpec(def: ExtensionDef | undefined, url: string): ExtensionChild | undefined {
  return def?.children?.find((c) => (c.name ?? fullUrl(c.ext!)) === url);
}

/**
 * The bindings for the coded element at `ctx` (a CodeableConcept, Coding or code): an extension's value,
 * a profile element, or the slices of a sliced element.
 */
export function bindingsAt(ctx: Ctx, tables: RorTables): BoundSet[] {
  const last = ctx.rel[ctx.rel.length - 1];
  if (ctx.extension && last?.startsWith('value')) {
    const def = ctx.extension.def ?? childSpec(ctx.extension.parent ? tables.extensions.get(ctx.extension.parent) : undefined, ctx.extension.url);
    if (def?.binding) return [{ binding: def.binding, label: nosName(def.binding.valueSet) ?? def.binding.valueSet, systems: [] }];
    return [];
  }
  const path = ctx.rel.join('.');
  const out: BoundSet[] = [];
  for (const rule of ctx.profile?.elements ?? []) {
    if (rule.path === path && rule.binding) out.push({ binding: rule.binding, label: nosName(rule.binding.valueSet) ?? rule.binding.valueSet, systems: [] });
  }
  for (const slicing of ctx.profile?.slicings ?? []) {
    if (slicing.path !== path) continue;
    for (const s of slicing.slices) {
      if (s.valueSet) out.push({ binding: { valueSet: s.valueSet, strength: 'required' }, label: `${s.name} (${nosName(s.valueSet)})`, systems: s.systems ?? [] });
    }
  }
  return out;
}

/** The URL a concept's code system takes in FHIR data. */
export function systemUrlOf(nos: Terminology, concept: Concept, fallback: string[]): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(concept.system) && !concept.system.startsWith('urn:oid:')) return concept.system;
  return nos.systemUrl(concept.system) ?? fallback[0] ?? `urn:oid:${concept.system}`;
}

/** Concepts of a bound set matching what is typed, best first. */
export function conceptsFor(nos: Terminology, set: BoundSet, query: string, limit: number): Concept[] {
  const vs = findValueSet(nos, set.binding.valueSet);
  if (!vs) return [];
  return query ? nos.search(vs.url ?? set.binding.valueSet, query, limit).slice(0, limit) : vs.concepts.slice(0, limit);
}

/** French short definition of an element from the profile tables, or the HL7 English one. */
export function elementDoc(ctx: Ctx, name: string, parentType: string | undefined, words: Words): { text: string; min?: number; max?: number; type?: string } {
  const path = [...ctx.rel, name].join('.');
  const rule = ctx.profile?.elements.find((r) => r.path === path && r.short);
  const slicing = ctx.profile?.slicings.find((s) => s.path === path);
  const el = parentType ? elementOf(parentType, name) : undefined;
  const card = ctx.profile?.elements.find((r) => r.path === path && (r.min !== undefined || r.max !== undefined));
  let text = rule?.short ?? el?.d ?? '';
  if (slicing) text += `\n\n${words.slices} ${slicing.slices.map((s) => s.name).join(', ')}.`;
  return { text, min: card?.min, max: card?.max, type: el ? `${el.t}${el.a ? '[]' : ''}` : undefined };
}
