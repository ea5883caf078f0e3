import { findNodeAtLocation, getLocation, parseTree, type JSONPath, type Location, type Node } from 'jsonc-parser/lib/esm/main.js';
import { LineIndex } from '../../engine/positions';
import type { Position } from '../../engine/types';
import { elementOf } from '../fhir/r4';
import { depthOverflow } from '../json/scan';
import { splitUnits } from '../json/units';
import { profileFor, type RorTables } from '../profile/tables';
import type { ExtensionDef, ProfileTable } from '../profile/types';

/** The JSON text around the cursor (the document, or its NDJSON line), parsed tolerantly. */
export interface Cursor {
  text: string;
  /** Offset of `text` in the document. */
  base: number;
  offset: number;
  tree: Node;
  location: Location;
}

/** A JSON path seen in FHIR terms. */
export interface Ctx {
  /** The enclosing resource. */
  resourceType?: string;
  profile?: ProfileTable;
  /** FHIR type of the object the cursor's path ends in (the value at `location.path`). */
  type?: string;
  /** Element names from the resource down to the cursor, without array indexes (`characteristic.coding.code`). */
  rel: string[];
  /** Innermost extension on the path: its URL, catalogue entry, and the URL of the extension holding it. */
  extension?: { url: string; def?: ExtensionDef; node: Node; parent?: string };
}

/** Parses the JSON around the position, or undefined when it is not usable (not an object, too deep). */
export function cursorAt(fullText: string, position: Position): Cursor | undefined {
  const docOffset = new LineIndex(fullText).offsetAt(position);
  const { units } = splitUnits(fullText);
  const unit = units.find((u) => docOffset >= u.base && docOffset <= u.base + u.text.length) ?? units[0];
  if (!unit || depthOverflow(unit.text) !== undefined) return undefined;
  const offset = docOffset - unit.base;
  const tree = parseTree(unit.text, [], { disallowComments: false, allowTrailingComma: true });
  if (!tree || tree.type !== 'object') return undefined;
  return { text: unit.text, base: unit.base, offset, tree, location: getLocation(unit.text, offset) };
}

/** The FHIR context of a JSON path: enclosing resource and profile, element path and type, extension. */
export function contextFor(tree: Node, path: JSONPath, tables: RorTables): Ctx {
  const ctx: Ctx = { rel: [] };
  follow(ctx, tree, tables, path);
  return ctx;
}

function stringAt(node: Node | undefined, key: string): string | undefined {
  const n = node ? findNodeAtLocation(node, [key]) : undefined;
  return n && typeof n.value === 'string' ? n.value : undefined;
}

function rorProfileOf(resource: Node, tables: RorTables): ProfileTable | undefined {
  const list = findNodeAtLocation(resource, ['meta', 'profile']);
  for (const item of list?.type === 'array' ? list.children ?? [] : []) {
    const p = typeof item.value === 'string' ? profileFor(tables, item.value) : undefined;
    if (p && p.status === 'active') return p;
  }
  return undefined;
}

/** Walks the JSON path from the root, switching resource at Bundle entries, contained and Parameters. */
function follow(ctx: Ctx, tree: Node, tables: RorTables, path: JSONPath): void {
  let node: Node | undefined = tree;
  const enterResource = (n: Node) => {
    ctx.resourceType = stringAt(n, 'resourceType');
    ctx.profile = rorProfileOf(n, tables);
    ctx.type = ctx.resourceType;
    ctx.rel = [];
    ctx.extension = undefined;
  };
  enterResource(node);
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const next: Node | undefined = node ? findNodeAtLocation(node, [seg]) : undefined;
    if (typeof seg === 'number') {
      node = next;
    } else {
      const el = ctx.type ? elementOf(ctx.type, seg) : undefined;
      if (el?.t === 'ResourceList') {
        // The resource is the value itself (entry.resource) or an item of it (contained).
        const resourceNode: Node | undefined = next?.type === 'array' && typeof path[i + 1] === 'number' ? findNodeAtLocation(next, [path[i + 1]]) : next;
        if (resourceNode?.type === 'object') {
          enterResource(resourceNode);
          if (next?.type === 'array') i++;
          node = resourceNode;
          continue;
        }
      }
      ctx.type = el?.t;
      ctx.rel.push(seg);
      node = next;
    }
    if (ctx.type === 'Extension' && node?.type === 'object' && (typeof seg === 'number' || seg === 'extension')) {
      const url = stringAt(node, 'url');
      if (url) ctx.extension = { url, def: tables.extensions.get(url), node, parent: ctx.extension?.url };
    }
  }
}
