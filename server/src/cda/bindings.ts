import type { DataSource } from '../engine/data';
import { NS, type XmlElement } from '../xml/tree';
import { loadHeaderModel, qualify, resolveSpec, type ElementSpec, type HeaderModel } from './rules/header-model';

/** A coded element bound to a value set: where the code is written and which list it must come from. */
export interface BoundElement {
  el: XmlElement;
  /** Attribute holding the code (`code` for CD/CE; `typeCode`, `classCode` for participations). */
  on: string;
  valueSetOid: string;
  valueSetName: string;
}

/** Body authors take their specialty from JDV_J01 too (CI-SIS_ModelesDeContenusCDA). */
const BODY_AUTHOR_SPECIALTY = 'J01';

/**
 * The value-set binding of an element, found by following its ancestors down the CI-SIS header model
 * (`schemas/cda/header.json`); body authors' specialty codes are bound to J01. Undefined when unbound.
 */
export function bindingOf(el: XmlElement, data: DataSource): BoundElement | undefined {
  const model = loadHeaderModel(data);
  if (!model) return undefined;
  const chain: XmlElement[] = [];
  for (let cur: XmlElement | undefined = el; cur; cur = cur.parent) {
    chain.push(cur);
    if (cur.local === 'ClinicalDocument' && cur.ns === NS.hl7) break;
  }
  chain.reverse();
  if (chain[0]?.local !== 'ClinicalDocument') return undefined;
  let spec: ElementSpec | undefined = resolveSpec(model, model.document);
  for (let i = 1; i < chain.length && spec; i++) spec = childSpec(model, spec, chain[i]);
  if (spec?.binding) {
    const on = spec.binding.on ?? 'code';
    if (on === '#text') return undefined;
    return toBound(model, el, on, spec.binding.valueSet);
  }
  if (el.local === 'code' && el.ns === NS.hl7 && el.parent?.local === 'assignedAuthor' && el.parent.parent?.local === 'author') {
    return toBound(model, el, 'code', BODY_AUTHOR_SPECIALTY);
  }
  return undefined;
}

/** Every bound element of the document, in document order (one walk of the header model alongside the tree). */
export function boundElements(doc: XmlElement, data: DataSource): BoundElement[] {
  const model = loadHeaderModel(data);
  if (!model) return [];
  const out: BoundElement[] = [];
  const stack: { el: XmlElement; spec: ElementSpec | undefined; inBody: boolean }[] = [{ el: doc, spec: resolveSpec(model, model.document), inBody: false }];
  while (stack.length) {
    const { el, spec, inBody } = stack.pop()!;
    if (spec?.binding && (spec.binding.on ?? 'code') !== '#text') out.push(toBound(model, el, spec.binding.on ?? 'code', spec.binding.valueSet)!);
    else if (inBody && el.local === 'code' && el.parent?.local === 'assignedAuthor' && el.parent.parent?.local === 'author') {
      out.push(toBound(model, el, 'code', BODY_AUTHOR_SPECIALTY)!);
    }
    for (let i = el.children.length - 1; i >= 0; i--) {
      const c = el.children[i];
      const body = inBody || (el === doc && c.local === 'component');
      stack.push({ el: c, spec: spec ? childSpec(model, spec, c) : undefined, inBody: body });
    }
  }
  return out.filter((b) => b !== undefined);
}

function childSpec(model: HeaderModel, spec: ElementSpec, el: XmlElement): ElementSpec | undefined {
  for (const c of spec.children ?? []) {
    const q = qualify(c.name);
    if (q.local === el.local && q.ns === el.ns) return resolveSpec(model, c);
  }
  return undefined;
}

function toBound(model: HeaderModel, el: XmlElement, on: string, key: string): BoundElement | undefined {
  const vs = model.valueSets[key];
  return vs ? { el, on, valueSetOid: vs.oid, valueSetName: vs.name } : undefined;
}
