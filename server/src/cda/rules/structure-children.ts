import type { XmlElement } from '../../xml/tree';
import { allowedNames, elementKey, missingSteps, positionName, wildcardAccepts, type Position } from './structure-content';
import type { CdaModel, CdaType } from './structure-model';
import { listed, type ProblemSink } from './structure-problems';

export interface TypedChild {
  child: XmlElement;
  declared: CdaType;
}

/**
 * Runs an element's children through its type's content automaton and returns those that can be typed, in
 * document order. On a child the automaton rejects, it tells apart an unknown element, a wrong namespace, a
 * repetition, missing required elements (then resumes at the child) and a misplaced element (then stays).
 */
export function matchChildren(model: CdaModel, parent: XmlElement, type: CdaType, problem: ProblemSink): TypedChild[] {
  const cm = type.content;
  const typed: TypedChild[] = [];
  const kids = parent.children;
  let state = -1;
  let lastIndex: Map<string, number> | undefined;
  // A "missing" element that comes later among the siblings is misplaced, not missing: it is reported there.
  const appearsAfter = (names: string[], i: number): boolean => {
    lastIndex ??= indexLast(kids);
    return names.some((n) => (lastIndex!.get(keyOfName(model, n)) ?? -1) > i);
  };
  const assign = (child: XmlElement, pos: Position) => {
    if (pos.kind === 'any') return; // processContents="skip": not validated
    const declared = model.type(pos.type);
    if (declared) typed.push({ child, declared });
  };

  for (let i = 0; i < kids.length; i++) {
    const child = kids[i];
    let key = elementKey(child.ns, child.local);
    let pos = cm.next[state + 1].get(key);
    const wildcard = cm.anyNext[state + 1];
    if (pos === undefined && wildcard >= 0 && wildcardAccepts(cm.positions[wildcard], child.ns)) pos = wildcard;
    if (pos !== undefined) {
      state = pos;
      assign(child, cm.positions[pos]);
      continue;
    }
    let candidates = cm.byKey.get(key) ?? cm.anyPositions.filter((p) => wildcardAccepts(cm.positions[p], child.ns));
    if (candidates.length === 0) {
      const sameLocal = cm.byLocal.get(child.local);
      if (!sameLocal) {
        unknownChild(model, parent, type, child, problem);
        continue;
      }
      // Right name, wrong namespace (a stray prefix or xmlns): say so, then go on as if it were the expected element.
      const expected = cm.positions[sameLocal[0]] as Extract<Position, { kind: 'element' }>;
      problem('CDA-STR-WRONG-NS', child, { element: child.name, expected: expected.name, ns: child.ns, expectedNs: nsOf(model, expected.name) });
      key = expected.key;
      candidates = sameLocal;
      pos = cm.next[state + 1].get(key);
      if (pos !== undefined) {
        state = pos;
        assign(child, cm.positions[pos]);
        continue;
      }
    }
    const current = state >= 0 ? cm.positions[state] : undefined;
    if (current && current.kind === 'element' && current.key === key) {
      problem('CDA-STR-MAX', child, { element: child.name, parent: parent.name, max: 1 });
      assign(child, current);
      continue;
    }
    const forward = candidates.find((p) => p > state);
    const steps = forward === undefined ? undefined : missingSteps(cm, state, forward);
    if (forward !== undefined && steps) {
      for (const names of steps) {
        if (!appearsAfter(names, i)) problem('CDA-STR-MIN', parent, { element: names.join(' | '), parent: parent.name });
      }
      state = forward;
      assign(child, cm.positions[forward]);
      continue;
    }
    problem('CDA-STR-ORDER', child, { element: child.name, parent: parent.name, after: current ? positionName(current) : parent.name });
    assign(child, cm.positions[candidates[0]]);
  }
  if (!cm.accepting[state + 1]) {
    for (const names of missingSteps(cm, state, 'end') ?? []) problem('CDA-STR-MIN', parent, { element: names.join(' | '), parent: parent.name });
  }
  return typed;
}

function unknownChild(model: CdaModel, parent: XmlElement, type: CdaType, child: XmlElement, problem: ProblemSink): void {
  if (!model.prefixOf.has(child.ns)) {
    problem('CDA-STR-NAMESPACE', child, { element: child.name, ns: child.ns });
  } else if (type.narrative) {
    problem('CDA-NAR-ELEMENT', child, { element: child.name, parent: parent.name, allowed: listed(allowedNames(type.content)) });
  } else {
    problem('CDA-STR-UNKNOWN', child, { element: child.name, parent: parent.name, type: type.name });
  }
}

/** Namespace URI of a model name such as `code` or `sdtc:raceCode`. */
function nsOf(model: CdaModel, name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? model.namespaces.hl7 : (model.namespaces[name.slice(0, colon)] ?? '');
}

/** Element key of a model name such as `code` or `sdtc:raceCode`. */
function keyOfName(model: CdaModel, name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : elementKey(model.namespaces[name.slice(0, colon)] ?? '', name.slice(colon + 1));
}

function indexLast(kids: XmlElement[]): Map<string, number> {
  const m = new Map<string, number>();
  kids.forEach((k, i) => m.set(elementKey(k.ns, k.local), i));
  return m;
}
