/**
 * Content models (sequences, choices, occurrences) compiled into deterministic automata.
 *
 * Each element particle becomes a position (Glushkov construction); a child either moves the automaton to
 * the next position in one map lookup, or fails, and only then are the slower diagnostics computed (which
 * element is missing, which one is out of place). XSD content models are deterministic (Unique Particle
 * Attribution), so one position per (state, name) suffices.
 */

/** `"name Type"` + occurrence (`?`, `*`, `+`, `{n,}`), `"name -"` (prohibited), or a group / wildcard object. */
export type ParticleJson =
  | string
  | { seq: ParticleJson[]; occurs?: string }
  | { choice: ParticleJson[]; occurs?: string }
  | { any: string; occurs?: string };

interface Occurs {
  min: number;
  max: number;
}

export type Particle =
  | ({ kind: 'element'; key: string; name: string; type: string } & Occurs)
  | ({ kind: 'any'; namespace: string; target: string } & Occurs)
  | ({ kind: 'seq' | 'choice'; items: Particle[] } & Occurs);

/** A wildcard's `target` is the namespace of the type that declares it (`##other` excludes it). */
export type Position = { kind: 'element'; key: string; name: string; type: string } | { kind: 'any'; namespace: string; target: string };

export interface ContentModel {
  /** The top-level sequence, kept so that extensions can append to it. */
  particles: Particle[];
  positions: Position[];
  /** Transitions by element key, indexed by state + 1 (state -1 is the start). */
  next: Map<string, number>[];
  /** The wildcard position reachable from a state (state + 1), or -1. */
  anyNext: number[];
  /** Whether the children may stop in a state (state + 1). */
  accepting: boolean[];
  /** Positions by element key, in declaration order. */
  byKey: Map<string, number[]>;
  /** Element positions by local name (to recognise an element written in the wrong namespace). */
  byLocal: Map<string, number[]>;
  /** Wildcard positions, in declaration order. */
  anyPositions: number[];
  /** Memo of `missingSteps`, so that a document repeating one mistake costs one search. */
  missing: Map<string, string[][] | undefined>;
}

export function parseParticles(
  json: ParticleJson[],
  resolve: (qname: string) => { ns: string; local: string },
  targetNs: string,
): Particle[] {
  const out: Particle[] = [];
  for (const p of json) {
    if (typeof p === 'string') {
      const { name, type, occurrence } = splitParticle(p);
      if (type === undefined) continue;
      const { ns, local } = resolve(name);
      out.push({ kind: 'element', key: elementKey(ns, local), name, type, ...occurs(occurrence) });
    } else if ('any' in p) {
      out.push({ kind: 'any', namespace: p.any, target: targetNs, ...occurs(p.occurs ?? '') });
    } else if ('seq' in p) {
      out.push({ kind: 'seq', items: parseParticles(p.seq, resolve, targetNs), ...occurs(p.occurs ?? '') });
    } else {
      out.push({ kind: 'choice', items: parseParticles(p.choice, resolve, targetNs), ...occurs(p.occurs ?? '') });
    }
  }
  return out;
}

/** `"code CD?"` → name, type and occurrence suffix; the type is undefined for a prohibited `"name -"`. */
function splitParticle(p: string): { name: string; type?: string; occurrence: string } {
  const space = p.indexOf(' ');
  const name = p.slice(0, space);
  const rest = p.slice(space + 1);
  if (rest === '-') return { name, occurrence: '' };
  const m = /^(.*?)(\?|\*|\+|\{\d+,\d*\})?$/.exec(rest)!;
  return { name, type: m[1], occurrence: m[2] ?? '' };
}

const HL7 = 'urn:hl7-org:v3';

/** Key of an element name: the local name for HL7 elements, else `ns local` (a space never occurs in a name). */
export function elementKey(ns: string, local: string): string {
  return ns === HL7 ? local : `${ns} ${local}`;
}

function occurs(s: string): Occurs {
  switch (s) {
    case '':
      return { min: 1, max: 1 };
    case '?':
      return { min: 0, max: 1 };
    case '*':
      return { min: 0, max: Infinity };
    case '+':
      return { min: 1, max: Infinity };
    default: {
      const m = /^\{(\d+),(\d*)\}$/.exec(s);
      if (!m) throw new Error(`bad occurrence ${s}`);
      return { min: Number(m[1]), max: m[2] === '' ? Infinity : Number(m[2]) };
    }
  }
}

interface Fragment {
  nullable: boolean;
  first: number[];
  last: number[];
}

export function compileContent(particles: Particle[]): ContentModel {
  const positions: Position[] = [];
  const follow: Set<number>[] = [];
  const root = build({ kind: 'seq', items: particles, min: 1, max: 1 }, positions, follow);

  const next: Map<string, number>[] = [];
  const anyNext: number[] = [];
  const accepting: boolean[] = [];
  const addState = (targets: Iterable<number>, accepts: boolean) => {
    const map = new Map<string, number>();
    let wildcard = -1;
    for (const t of targets) {
      const p = positions[t];
      if (p.kind === 'any') {
        if (wildcard < 0) wildcard = t;
      } else if (!map.has(p.key)) map.set(p.key, t);
    }
    next.push(map);
    anyNext.push(wildcard);
    accepting.push(accepts);
  };
  const lastSet = new Set(root.last);
  addState(root.first, root.nullable);
  positions.forEach((_, i) => addState(follow[i], lastSet.has(i)));

  const byKey = new Map<string, number[]>();
  const byLocal = new Map<string, number[]>();
  const anyPositions: number[] = [];
  const add = (m: Map<string, number[]>, k: string, i: number) => {
    const list = m.get(k);
    if (!list) m.set(k, [i]);
    else if (!list.includes(i)) list.push(i);
  };
  positions.forEach((p, i) => {
    if (p.kind === 'any') anyPositions.push(i);
    else {
      add(byKey, p.key, i);
      add(byLocal, p.name.slice(p.name.indexOf(':') + 1), i);
    }
  });
  return { particles, positions, next, anyNext, accepting, byKey, byLocal, anyPositions, missing: new Map() };
}

function build(p: Particle, positions: Position[], follow: Set<number>[]): Fragment {
  if (p.max === 0) return { nullable: true, first: [], last: [] };
  if (p.min > 1) {
    // Unroll `{n,m}` into n required copies, the last one carrying the remaining repetitions.
    const copies: Particle[] = [];
    for (let i = 0; i < p.min - 1; i++) copies.push({ ...p, min: 1, max: 1 });
    copies.push({ ...p, min: 1, max: p.max === Infinity ? Infinity : p.max - p.min + 1 });
    return build({ kind: 'seq', items: copies, min: 1, max: 1 }, positions, follow);
  }
  let frag: Fragment;
  if (p.kind === 'element' || p.kind === 'any') {
    const i = positions.length;
    positions.push(p.kind === 'element' ? { kind: 'element', key: p.key, name: p.name, type: p.type } : { kind: 'any', namespace: p.namespace, target: p.target });
    follow.push(new Set());
    frag = { nullable: false, first: [i], last: [i] };
  } else if (p.kind === 'seq') {
    frag = { nullable: true, first: [], last: [] };
    for (const item of p.items) {
      const f = build(item, positions, follow);
      for (const l of frag.last) for (const x of f.first) follow[l].add(x);
      if (frag.nullable) frag.first = [...frag.first, ...f.first];
      frag.last = f.nullable ? [...frag.last, ...f.last] : f.last;
      frag.nullable = frag.nullable && f.nullable;
    }
  } else {
    frag = { nullable: false, first: [], last: [] };
    for (const item of p.items) {
      const f = build(item, positions, follow);
      frag.first.push(...f.first);
      frag.last.push(...f.last);
      frag.nullable ||= f.nullable;
    }
  }
  if (p.max > 1) for (const l of frag.last) for (const x of frag.first) follow[l].add(x);
  if (p.min === 0) frag.nullable = true;
  return frag;
}

/** Whether a wildcard position accepts an element of namespace `ns`. */
export function wildcardAccepts(p: Position, ns: string): boolean {
  if (p.kind !== 'any') return false;
  return p.namespace === '##any' || (p.namespace === '##other' && ns !== p.target && ns !== '');
}

/** Rewrites a datatype's particles for its chameleon copy in namespace `prefix` (see the model README). */
export function chameleonParticles(json: ParticleJson[], prefix: string, isChameleon: (type: string) => boolean): ParticleJson[] {
  return json.map((p): ParticleJson => {
    if (typeof p === 'string') {
      const { name, type, occurrence } = splitParticle(p);
      const qualified = name.includes(':') ? name : `${prefix}:${name}`;
      if (type === undefined) return `${qualified} -`;
      return `${qualified} ${isChameleon(type) ? `${prefix}:${type}` : type}${occurrence}`;
    }
    if ('seq' in p) return { ...p, seq: chameleonParticles(p.seq, prefix, isChameleon) };
    if ('choice' in p) return { ...p, choice: chameleonParticles(p.choice, prefix, isChameleon) };
    return p;
  });
}

/** Positions (as state indexes) reachable in one step from a state. */
function successors(cm: ContentModel, state: number): number[] {
  const out = [...cm.next[state + 1].values()];
  if (cm.anyNext[state + 1] >= 0) out.push(cm.anyNext[state + 1]);
  return out;
}

/**
 * The elements that must be inserted after `state` to reach position `target` (or an accepting state when
 * `target` is 'end'), as steps of alternative names; undefined when the target cannot be reached.
 * Runs only when a document is invalid; cost is quadratic in the (small) number of positions, once per pair.
 */
export function missingSteps(cm: ContentModel, state: number, target: number | 'end'): string[][] | undefined {
  const key = `${state}>${target}`;
  if (!cm.missing.has(key)) cm.missing.set(key, searchMissing(cm, state, target));
  return cm.missing.get(key);
}

function searchMissing(cm: ContentModel, state: number, target: number | 'end'): string[][] | undefined {
  const n = cm.positions.length;
  // Distances to the target over the reversed transition graph, states shifted by one (0 is the start).
  const dist = new Array<number>(n + 1).fill(Infinity);
  const preds: number[][] = Array.from({ length: n + 1 }, () => []);
  for (let s = -1; s < n; s++) for (const t of successors(cm, s)) preds[t + 1].push(s + 1);
  const queue: number[] = [];
  if (target === 'end') {
    cm.accepting.forEach((acc, i) => {
      if (acc) {
        dist[i] = 0;
        queue.push(i);
      }
    });
  } else {
    dist[target + 1] = 0;
    queue.push(target + 1);
  }
  for (let q = 0; q < queue.length; q++) {
    const cur = queue[q];
    for (const p of preds[cur]) {
      if (dist[p] === Infinity) {
        dist[p] = dist[cur] + 1;
        queue.push(p);
      }
    }
  }
  let cur = state + 1;
  if (dist[cur] === Infinity) return undefined;
  const steps: string[][] = [];
  while (dist[cur] > (target === 'end' ? 0 : 1)) {
    const options = successors(cm, cur - 1).filter((s) => dist[s + 1] === dist[cur] - 1);
    const names: string[] = [];
    for (const o of options) {
      const name = positionName(cm.positions[o]);
      if (!names.includes(name)) names.push(name);
    }
    steps.push(names);
    cur = options[0] + 1;
  }
  return steps;
}

export function positionName(p: Position): string {
  return p.kind === 'element' ? p.name : `*(${p.namespace})`;
}

/** Names allowed anywhere in the content model, in declaration order (for messages). */
export function allowedNames(cm: ContentModel): string[] {
  const names: string[] = [];
  for (const p of cm.positions) {
    const n = positionName(p);
    if (!names.includes(n)) names.push(n);
  }
  return names;
}
