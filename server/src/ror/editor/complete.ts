import { findNodeAtLocation, type JSONPath, type Node } from 'jsonc-parser/lib/esm/main.js';
import type { FamilyDeps } from '../../engine/family';
import { LineIndex } from '../../engine/positions';
import type { Completion, Position, TextEdit } from '../../engine/types';
import { elementsOf } from '../fhir/r4';
import { fullUrl, rorTables, type RorTables } from '../profile/tables';
import { codingInSystems, findValueSet, systemsOf } from '../profile/terminology';
import type { ExtensionDef } from '../profile/types';
import { contextFor, cursorAt, type Ctx, type Cursor } from './cursor';
import { bindingsAt, childSpec, conceptsFor, elementDoc, systemUrlOf, WORDS, type BoundSet, type Words } from './knowledge';

type Deps = Omit<FamilyDeps, 'reporter'>;
const MAX_CODES = 60;

/**
 * Proposals at the cursor: element names of the object being written (profile-required first), extension
 * URLs allowed there, and codes of the bound value set — choosing a code also writes the Coding's system
 * and display.
 */
export function completeRor(text: string, position: Position, deps: Deps): Completion[] {
  const cursor = cursorAt(text, position);
  if (!cursor) return [];
  const tables = rorTables(deps.data);
  const lines = new LineIndex(text);
  const words = WORDS[deps.settings.locale];
  const path = cursor.location.path;
  if (cursor.location.isAtPropertyKey) return propertyNames(cursor, tables, path.slice(0, -1), words);
  const key = path[path.length - 1];
  const parentPath = path.slice(0, -1);
  const parent = contextFor(cursor.tree, parentPath, tables);
  if (typeof key === 'number' && parent.type === 'Coding') return codingSnippets(deps, tables, contextFor(cursor.tree, parentPath.slice(0, -1), tables));
  if (typeof key !== 'string') return [];
  if (parent.type === 'Extension' && key === 'url') return extensionUrls(cursor, tables, parentPath, parent, words);
  if (parent.type === 'Coding' && key === 'code') return codes(cursor, lines, deps, tables, parentPath, contextFor(cursor.tree, codeableOf(parentPath), tables));
  const here = contextFor(cursor.tree, path, tables);
  if (here.type === 'code' && bindingsAt(here, tables).length) return plainCodes(cursor, deps, tables, here);
  return [];
}

/** The CodeableConcept holding a Coding (`…/coding/0` → `…`), or the Coding element itself. */
function codeableOf(codingPath: JSONPath): JSONPath {
  const n = codingPath.length;
  return typeof codingPath[n - 1] === 'number' && codingPath[n - 2] === 'coding' ? codingPath.slice(0, -2) : codingPath;
}

/** The word being typed and whether it sits inside quotes. */
function typed(cursor: Cursor): { word: string; quoted: boolean } {
  let i = cursor.offset;
  while (i > 0 && /[\w.:/|-]/.test(cursor.text[i - 1])) i--;
  return { word: cursor.text.slice(i, cursor.offset), quoted: cursor.text[i - 1] === '"' };
}

function propertyNames(cursor: Cursor, tables: RorTables, objectPath: JSONPath, words: Words): Completion[] {
  const ctx = contextFor(cursor.tree, objectPath, tables);
  if (!ctx.type) return [];
  const model = elementsOf(ctx.type);
  if (!model) return [];
  const object = findNodeAtLocation(cursor.tree, objectPath);
  const present = new Set((object?.children ?? []).map((p) => p.children?.[0]?.value as string));
  const { quoted } = typed(cursor);
  const allowedValues = ctx.type === 'Extension' ? valueTypesAt(ctx, tables) : undefined;
  const rules = ctx.profile?.elements ?? [];
  const pathOf = (n: string) => [...ctx.rel, n].join('.');
  const required = new Set(Object.keys(model).filter((n) => rules.some((r) => r.min && r.path === pathOf(n))));
  const mentioned = new Set(Object.keys(model).filter((n) => rules.some((r) => r.path === pathOf(n) || r.path.startsWith(pathOf(n) + '.'))));
  const names = Object.keys(model).filter((n) => n !== 'resourceType' && !present.has(n) && (!allowedValues || !n.startsWith('value') || allowedValues.includes(n)));
  const rank = (n: string) => (required.has(n) ? 0 : mentioned.has(n) ? 1 : 2);
  names.sort((a, b) => rank(a) - rank(b));
  return names.map((name) => {
    const el = model[name];
    const doc = elementDoc(ctx, name, ctx.type, words);
    const skeleton = el.a ? '[$1]' : elementsOf(el.t) ? '{$1}' : el.t === 'boolean' || el.t === 'integer' || el.t === 'decimal' || el.t === 'positiveInt' || el.t === 'unsignedInt' ? '$1' : '"$1"';
    return {
      label: name,
      kind: 'property',
      detail: `${el.t}${el.a ? '[]' : ''}${required.has(name) ? ` — ${words.required}` : ''}`,
      documentation: doc.text || undefined,
      insertText: quoted ? name : `"${name}": ${skeleton}`,
      filterText: quoted ? name : `"${name}"`,
    };
  });
}

/** For an extension of a known definition, the value[x] properties it allows. */
function valueTypesAt(ctx: Ctx, tables: RorTables): string[] | undefined {
  const def = ctx.extension?.def ?? childSpec(ctx.extension?.parent ? tables.extensions.get(ctx.extension.parent) : undefined, ctx.extension?.url ?? '');
  if (!def) return undefined;
  if ('children' in def && def.children) return [];
  return def.value?.map((t) => `value${t[0].toUpperCase()}${t.slice(1)}`);
}

function extensionUrls(cursor: Cursor, tables: RorTables, extensionPath: JSONPath, ext: Ctx, words: Words): Completion[] {
  const { quoted } = typed(cursor);
  const holderPath = extensionPath.slice(0, -2);
  const holder = contextFor(cursor.tree, holderPath, tables);
  const out: { url: string; def?: ExtensionDef; detail: string }[] = [];
  const seen = new Set<string>();
  const add = (url: string, detail: string) => {
    if (seen.has(url)) return;
    seen.add(url);
    out.push({ url, def: tables.extensions.get(url), detail });
  };
  // Inside a complex extension: its sub-extensions.
  const parentDef = ext.extension?.parent ? tables.extensions.get(ext.extension.parent) : holder.type === 'Extension' ? holder.extension?.def : undefined;
  for (const c of parentDef?.children ?? []) add(c.name ?? fullUrl(c.ext!), `${(c.min ?? 0) > 0 ? words.required : words.optional} ${words.in} ${parentDef!.id ?? parentDef!.url}`);
  // Slots the profile declares on this element, then any catalogue extension whose context fits.
  const relPath = holder.rel.join('.');
  for (const slot of holder.profile?.extensions ?? []) if (slot.path === relPath) add(fullUrl(slot.url), `${slot.min ? words.required : words.optional} (${holder.profile!.name})`);
  const fhirPath = [holder.resourceType, ...holder.rel].join('.');
  for (const def of tables.extensions.values()) {
    if (def.context?.some((c) => c === holder.type || c === fhirPath || (c.startsWith('ext:') && holder.extension && fullUrl(c.slice(4)) === holder.extension.url))) add(def.url, words.catalogue);
  }
  return out.map((o) => ({
    label: o.url.includes('://') ? o.url.slice(o.url.lastIndexOf('/') + 1) : o.url,
    kind: 'value',
    detail: o.detail,
    documentation: o.def ? `${o.def.short}\n\n\`${o.url}\`` : undefined,
    insertText: quoted ? o.url : JSON.stringify(o.url),
    filterText: o.url,
  }));
}

/** Codes for `"code": |` in a Coding; the completion also sets the sibling system and display. */
function codes(cursor: Cursor, lines: LineIndex, deps: Deps, tables: RorTables, codingPath: JSONPath, element: Ctx): Completion[] {
  const coding = findNodeAtLocation(cursor.tree, codingPath);
  const system = coding ? findNodeAtLocation(coding, ['system'])?.value : undefined;
  const all = bindingsAt(element, tables);
  // A sliced element: the coding's system, when already written, tells which slice is meant.
  const matching = typeof system === 'string' ? all.filter((set) => setHasSystem(deps, set, system)) : [];
  const sets = matching.length ? matching : all;
  if (!sets.length) return [];
  const { word, quoted } = typed(cursor);
  const out: Completion[] = [];
  for (const set of sets) {
    for (const concept of conceptsFor(deps.nos, set, word, MAX_CODES)) {
      const system = systemUrlOf(deps.nos, concept, set.systems);
      out.push({
        label: concept.code,
        kind: 'code',
        detail: concept.display,
        documentation: `${set.label}\n\n\`${system}\``,
        insertText: quoted ? concept.code : JSON.stringify(concept.code),
        filterText: `${concept.code} ${concept.display}`,
        additionalEdits: siblingEdits(cursor, lines, coding, { system, display: concept.display }),
      });
    }
  }
  return out;
}

function setHasSystem(deps: Deps, set: BoundSet, system: string): boolean {
  if (set.systems.includes(system)) return true;
  const vs = findValueSet(deps.nos, set.binding.valueSet);
  return vs !== undefined && codingInSystems(deps.nos, system, systemsOf(deps.nos, vs));
}

/** Sets `system` and `display` beside the code: replaces their values, or inserts them before `code`. */
function siblingEdits(cursor: Cursor, lines: LineIndex, coding: Node | undefined, values: Record<string, string>): TextEdit[] {
  if (!coding || coding.type !== 'object') return [];
  const props = coding.children ?? [];
  const codeProp = props.find((p) => p.children?.[0]?.value === 'code');
  const edits: TextEdit[] = [];
  const shift = (offset: number) => lines.positionAt(cursor.base + offset);
  let inserted = '';
  for (const [name, value] of Object.entries(values)) {
    const prop = props.find((p) => p.children?.[0]?.value === name);
    const v = prop?.children?.[1];
    if (v) edits.push({ range: { start: shift(v.offset), end: shift(v.offset + v.length) }, newText: JSON.stringify(value) });
    else inserted += `"${name}": ${JSON.stringify(value)}, `;
  }
  if (inserted && codeProp) edits.push({ range: { start: shift(codeProp.offset), end: shift(codeProp.offset) }, newText: inserted });
  return edits;
}

/** A whole Coding for an empty slot of a `coding` array. */
function codingSnippets(deps: Deps, tables: RorTables, element: Ctx): Completion[] {
  const sets = bindingsAt(element, tables);
  const out: Completion[] = [];
  for (const set of sets) {
    for (const concept of conceptsFor(deps.nos, set, '', MAX_CODES)) {
      const system = systemUrlOf(deps.nos, concept, set.systems);
      out.push({
        label: `${concept.code} — ${concept.display}`,
        kind: 'snippet',
        detail: set.label,
        insertText: JSON.stringify({ system, code: concept.code, display: concept.display }).replace(/\$/g, '\\$'),
        filterText: `${concept.code} ${concept.display}`,
      });
    }
  }
  return out;
}

/** Codes for a bound primitive code (e.g. ror-act-type valueCode, Questionnaire.status). */
function plainCodes(cursor: Cursor, deps: Deps, tables: RorTables, here: Ctx): Completion[] {
  const { word, quoted } = typed(cursor);
  return bindingsAt(here, tables).flatMap((set) =>
    conceptsFor(deps.nos, set, word, MAX_CODES).map((c) => ({
      label: c.code,
      kind: 'code' as const,
      detail: c.display,
      documentation: set.label,
      insertText: quoted ? c.code : JSON.stringify(c.code),
    })),
  );
}
