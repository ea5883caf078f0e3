import { findNodeAtLocation, findNodeAtOffset, getNodePath, type Node } from 'jsonc-parser/lib/esm/main.js';
import type { FamilyDeps } from '../../engine/family';
import { LineIndex } from '../../engine/positions';
import type { HoverInfo, Position } from '../../engine/types';
import { profileFor, rorTables, type RorTables } from '../profile/tables';
import { findValueSet, nosName } from '../profile/terminology';
import { contextFor, cursorAt, type Cursor } from './cursor';
import { bindingsAt, childSpec, elementDoc, WORDS, type Words } from './knowledge';

type Deps = Omit<FamilyDeps, 'reporter'>;

/**
 * Hover: an element's definition (French short text of the ROR tables, else the HL7 one) with its type,
 * cardinality and binding; an extension URL's definition; a code's label; a profile's summary.
 */
export function hoverRor(text: string, position: Position, deps: Deps): HoverInfo | undefined {
  const cursor = cursorAt(text, position);
  if (!cursor) return undefined;
  const node = findNodeAtOffset(cursor.tree, cursor.offset, true);
  if (!node || node.type !== 'string') return undefined;
  const tables = rorTables(deps.data);
  const prop = node.parent?.type === 'property' ? node.parent : undefined;
  const words = WORDS[deps.settings.locale];
  const contents = prop && prop.children?.[0] === node ? keyHover(cursor, tables, prop, words) : valueHover(cursor, deps, tables, node, words);
  if (!contents) return undefined;
  const lines = new LineIndex(text);
  return { contents, range: lines.range(cursor.base + node.offset, cursor.base + node.offset + node.length) };
}

function keyHover(cursor: Cursor, tables: RorTables, prop: Node, words: Words): string | undefined {
  const name = prop.children![0].value as string;
  const objectPath = getNodePath(prop.parent!);
  const ctx = contextFor(cursor.tree, objectPath, tables);
  const doc = elementDoc(ctx, name, ctx.type, words);
  if (!doc.text && !doc.type) return undefined;
  const card = doc.min !== undefined || doc.max !== undefined ? ` · ${doc.min ?? 0}..${doc.max ?? '*'}` : '';
  const here = contextFor(cursor.tree, [...objectPath, name], tables);
  const bound = bindingsAt(here, tables)
    .map((b) => `${b.label} (${b.binding.strength})`)
    .join(', ');
  const where = [ctx.resourceType, ...ctx.rel, name].filter(Boolean).join('.');
  return [`**${where}**${doc.type ? ` : \`${doc.type}\`` : ''}${card}`, doc.text, bound ? `${words.valueSet} ${bound}` : '', ctx.profile ? `_${ctx.profile.name}_` : ''].filter(Boolean).join('\n\n');
}

function valueHover(cursor: Cursor, deps: Deps, tables: RorTables, node: Node, words: Words): string | undefined {
  const path = getNodePath(node);
  const key = path[path.length - 1];
  const value = node.value as string;
  // meta.profile item
  if (typeof key === 'number' && path[path.length - 2] === 'profile') {
    const p = profileFor(tables, value);
    return p ? `**${p.name}** (${p.type})\n\n${p.short}\n\n_${p.source}_` : undefined;
  }
  if (typeof key !== 'string') return undefined;
  const parent = contextFor(cursor.tree, path.slice(0, -1), tables);
  if (parent.type === 'Extension' && key === 'url') {
    const def = tables.extensions.get(value) ?? childSpec(parent.extension?.parent ? tables.extensions.get(parent.extension.parent) : undefined, value);
    if (!def) return undefined;
    const short = 'short' in def ? def.short : '';
    const types = def.value ? def.value.map((t) => `value${t[0].toUpperCase()}${t.slice(1)}`).join(' | ') : words.complex;
    const binding = def.binding ? `\n\n${words.valueSet} ${nosName(def.binding.valueSet)} (${def.binding.strength})` : '';
    return `**${value}**\n\n${short}\n\n${words.value} ${types}${binding}`;
  }
  if (parent.type === 'Coding' && key === 'code') {
    const system = findNodeAtLocation(cursor.tree, [...path.slice(0, -1), 'system'])?.value as string | undefined;
    return codeHover(deps, tables, cursor, path, value, system);
  }
  return undefined;
}

/** A code's label: from its code system when bundled, else from the value set bound at that place. */
function codeHover(deps: Deps, tables: RorTables, cursor: Cursor, path: (string | number)[], code: string, system: string | undefined): string | undefined {
  const fromSystem = system ? deps.nos.valueSet(system)?.find(code) : undefined;
  if (fromSystem) return `**${code}** — ${fromSystem.display}\n\n\`${system}\``;
  const n = path.length;
  const element = typeof path[n - 2] === 'number' && path[n - 3] === 'coding' ? path.slice(0, -3) : path.slice(0, -1);
  for (const set of bindingsAt(contextFor(cursor.tree, element, tables), tables)) {
    const c = findValueSet(deps.nos, set.binding.valueSet)?.find(code);
    if (c) return `**${code}** — ${c.display}\n\n${set.label}`;
  }
  return undefined;
}
