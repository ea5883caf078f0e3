import { isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { FamilyDeps } from '../engine/family';
import { LineIndex } from '../engine/positions';
import type { HoverInfo, OffsetRange, Position } from '../engine/types';
import { keyDocumentation } from './complete';
import { lookup, schemaAt, sheetLabels, sheetSchemaJson } from './labels';
import { keyText, MAX_SHEET_CHARS, schemaPath, type PathSegment } from './yaml';

type Deps = Omit<FamilyDeps, 'reporter'>;

interface Spot {
  kind: 'key' | 'value';
  path: PathSegment[];
  range: OffsetRange;
  value?: unknown;
}

/** On a key: its meaning and allowed values. On an enumerated value: its label (axis title, domain, status…). */
export function hoverServiceSheet(text: string, position: Position, deps: Deps): HoverInfo | undefined {
  if (text.length > MAX_SHEET_CHARS) return undefined;
  const lines = new LineIndex(text);
  const spot = spotAt(text, lines.offsetAt(position));
  if (!spot) return undefined;
  const labels = sheetLabels(deps.data);
  const schema = sheetSchemaJson(deps.data);
  const locale = deps.settings.locale;
  const path = schemaPath(spot.path);
  const at = schemaAt(schema, path);
  if (!at) return undefined;
  const range = lines.range(spot.range.start, spot.range.end);
  if (spot.kind === 'key') return { contents: keyDocumentation(labels, path, at, locale), range };
  const label = lookup(labels.values[path], String(spot.value))?.[locale];
  if (!label) return undefined;
  return { contents: `**${String(spot.value)}** — ${label}\n\n_${path}_ : ${lookup(labels.keys, path)?.[locale] ?? ''}`, range };
}

/** The key or scalar value under the offset, with its path; an iterative descent through the document. */
function spotAt(text: string, offset: number): Spot | undefined {
  let docs;
  try {
    docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false });
  } catch {
    return undefined;
  }
  const doc = [...docs].find((d) => d.range[0] <= offset && offset <= d.range[2]);
  if (!doc) return undefined;
  const path: PathSegment[] = [];
  const within = (n: unknown) => {
    const r = (n as { range?: [number, number, number] } | null)?.range;
    return r && r[0] <= offset && offset <= r[1] ? r : undefined;
  };
  let node: unknown = doc.contents;
  for (let depth = 0; depth < 64 && node; depth++) {
    if (isMap(node)) {
      const pair = node.items.find((p) => within(p.key) || within(p.value));
      if (!pair) return undefined;
      const keyRange = within(pair.key);
      path.push(keyText(pair));
      if (keyRange) return { kind: 'key', path, range: { start: keyRange[0], end: keyRange[1] } };
      node = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => within(item));
      if (index < 0) return undefined;
      path.push(index);
      node = node.items[index];
    } else if (isScalar(node)) {
      const r = within(node)!;
      return { kind: 'value', path, range: { start: r[0], end: r[1] }, value: node.value };
    } else return undefined;
  }
  return undefined;
}
