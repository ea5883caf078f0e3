import type { OffsetRange } from '../../engine/types';
import type { Segment } from './path';

/**
 * Where a finding points: the whole value at a path, the property key holding it, or just its first
 * character (the `{` of an object that lacks a property).
 */
export type AnchorKind = 'value' | 'key' | 'start';

export interface Anchor {
  path: Segment[];
  kind: AnchorKind;
}

interface TrieNode {
  children?: Map<Segment, TrieNode>;
  wants?: { index: number; kind: AnchorKind }[];
  /** First range seen for this node's value or key: the fallback for anchors below it that do not exist. */
  seen?: OffsetRange;
  up?: TrieNode;
}

interface Frame {
  trie: TrieNode | undefined;
  array: boolean;
  index: number;
  start: number;
}

/**
 * Resolves every anchor to offsets in one scan of well-formed JSON (validation works on plain values;
 * positions are computed only for what is reported), and stops as soon as all are placed. Paths that do
 * not exist fall back to their nearest existing ancestor, so a finding is never lost. Iterative: no
 * recursion whatever the depth.
 */
export function locate(text: string, anchors: Anchor[]): OffsetRange[] {
  const root: TrieNode = {};
  const targets: TrieNode[] = [];
  anchors.forEach((a, index) => {
    let node = root;
    for (const s of a.path) {
      node.children ??= new Map();
      let next = node.children.get(s);
      if (!next) {
        next = { up: node };
        node.children.set(s, next);
      }
      node = next;
    }
    const kind: AnchorKind = a.kind === 'key' && typeof a.path[a.path.length - 1] !== 'string' ? 'start' : a.kind;
    (node.wants ??= []).push({ index, kind });
    targets[index] = node;
  });

  const out: (OffsetRange | undefined)[] = new Array(anchors.length);
  let remaining = anchors.length;
  const resolve = (node: TrieNode | undefined, kind: AnchorKind, range: OffsetRange) => {
    if (!node?.wants) return;
    for (const w of node.wants) {
      if (w.kind === kind && !out[w.index]) {
        out[w.index] = range;
        remaining--;
      }
    }
  };
  scan(text, root, resolve, () => remaining === 0);

  return anchors.map((_, i) => {
    if (out[i]) return out[i]!;
    for (let n: TrieNode | undefined = targets[i]; n; n = n.up) if (n.seen) return n.seen;
    return { start: 0, end: Math.min(1, text.length) };
  });
}

function scan(text: string, root: TrieNode, resolve: (node: TrieNode | undefined, kind: AnchorKind, range: OffsetRange) => void, done: () => boolean): void {
  const n = text.length;
  let i = 0;
  const frames: Frame[] = [];
  let pending: TrieNode | undefined = root;
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
  };
  const stringEnd = (from: number): number => {
    let j = from + 1;
    for (;;) {
      const q = text.indexOf('"', j);
      if (q < 0) return n;
      let b = q - 1;
      while (b > from && text.charCodeAt(b) === 92) b--;
      if ((q - 1 - b) % 2 === 0) return q + 1;
      j = q + 1;
    }
  };
  const scalarEnd = (from: number): number => {
    if (text.charCodeAt(from) === 34) return stringEnd(from);
    let j = from;
    while (j < n && !/[\s,}\]]/.test(text[j])) j++;
    return j;
  };
  /** Reads `"key":` and points `pending` at the key's trie node. */
  const key = (): void => {
    ws();
    const start = i;
    const end = stringEnd(i);
    const raw = text.slice(start + 1, end - 1);
    const name = raw.includes('\\') ? (JSON.parse(text.slice(start, end)) as string) : raw;
    i = end;
    ws();
    i++; // ':'
    const top = frames[frames.length - 1];
    pending = top.trie?.children?.get(name);
    if (pending) {
      const range = { start, end };
      pending.seen ??= range;
      resolve(pending, 'key', range);
    }
  };

  while (i < n && !done()) {
    ws();
    const top = frames[frames.length - 1];
    const t = top?.array ? top.trie?.children?.get(top.index++) : pending;
    const c = text.charCodeAt(i);
    if (c === 123 || c === 91) {
      if (t) {
        t.seen ??= { start: i, end: i + 1 };
        resolve(t, 'start', { start: i, end: i + 1 });
      }
      frames.push({ trie: t, array: c === 91, index: 0, start: i });
      i++;
      ws();
      if (text.charCodeAt(i) === 125 || text.charCodeAt(i) === 93) {
        // empty container: handled by the closing loop below
      } else {
        if (c === 123) key();
        continue;
      }
    } else {
      const end = scalarEnd(i);
      if (t) {
        const range = { start: i, end };
        t.seen ??= range;
        resolve(t, 'value', range);
        resolve(t, 'start', range);
      }
      i = end;
    }
    // After a value: close containers, then step to the next item or property.
    for (;;) {
      ws();
      const f = frames[frames.length - 1];
      if (!f || i >= n) return;
      const d = text.charCodeAt(i);
      if (d === 125 || d === 93) {
        frames.pop();
        if (f.trie) resolve(f.trie, 'value', { start: f.start, end: i + 1 });
        i++;
        continue;
      }
      i++; // ','
      if (!f.array) key();
      break;
    }
  }
}
