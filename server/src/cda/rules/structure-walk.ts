import { NS, type XmlAttr, type XmlElement } from '../../xml/tree';
import type { CdaContext } from '../context';
import { checkAttributes, checkText, XMLNS } from './structure-attrs';
import { matchChildren } from './structure-children';
import { loadCdaModel, type CdaModel, type CdaType } from './structure-model';
import type { ProblemSink, StructureProblem } from './structure-problems';

/**
 * One pass over the ClinicalDocument that gives every element its CDA type (declared by its parent's
 * content model or substituted with xsi:type) and records what breaks the model. The structure rules
 * report the problems; the datatype and narrative rules read the typed elements. Computed once per
 * document and shared by the three.
 */

export interface TypedElement {
  el: XmlElement;
  type: CdaType;
}

export interface TypedDocument {
  model: CdaModel;
  /** In document order. Elements that cannot be typed (unknown, or abstract without xsi:type) and their subtrees are absent. */
  elements: TypedElement[];
  problems: StructureProblem[];
}

const memo = new WeakMap<XmlElement, TypedDocument | null>();

export function typedDocument(ctx: CdaContext): TypedDocument | undefined {
  if (!memo.has(ctx.doc)) {
    const model = loadCdaModel(ctx.data);
    memo.set(ctx.doc, model ? walk(model, ctx.doc) : null);
  }
  return memo.get(ctx.doc) ?? undefined;
}

interface Frame {
  el: XmlElement;
  type: CdaType;
  scope: Map<string, string>;
}

export function walk(model: CdaModel, doc: XmlElement): TypedDocument {
  const out: TypedDocument = { model, elements: [], problems: [] };
  const problem: ProblemSink = (rule, at, data) => out.problems.push({ rule, at, data });

  const stack: Frame[] = [];
  const docScope = scopeOf(doc, ancestorScope(doc));
  const rootType = resolveType(model, doc, model.root.type, docScope, problem);
  if (rootType) stack.push({ el: doc, type: rootType, scope: docScope });
  while (stack.length > 0) {
    const { el, type, scope } = stack.pop()!;
    out.elements.push({ el, type });
    checkAttributes(el, type, problem);
    if (!type.mixed) checkText(el, type, problem);
    const typed = matchChildren(model, el, type, problem);
    for (let i = typed.length - 1; i >= 0; i--) {
      const { child, declared } = typed[i];
      const childScope = scopeOf(child, scope);
      const actual = resolveType(model, child, declared, childScope, problem);
      if (actual) stack.push({ el: child, type: actual, scope: childScope });
    }
  }
  return out;
}

/** In-scope namespace declarations above the document element (it may sit inside an xsl:stylesheet). */
function ancestorScope(doc: XmlElement): Map<string, string> {
  const chain: XmlElement[] = [];
  for (let p = doc.parent; p; p = p.parent) chain.push(p);
  let scope = new Map<string, string>([['xml', NS.xml]]);
  for (let i = chain.length - 1; i >= 0; i--) scope = scopeOf(chain[i], scope);
  return scope;
}

/** The parent's scope, copied only when the element declares namespaces (rare). */
function scopeOf(el: XmlElement, parent: Map<string, string>): Map<string, string> {
  let scope = parent;
  for (const a of el.attrs) {
    if (a.name === 'xmlns' || a.ns === XMLNS) {
      if (scope === parent) scope = new Map(parent);
      scope.set(a.name === 'xmlns' ? '' : a.local, a.value);
    }
  }
  return scope;
}

/** The element's type: its xsi:type when valid, else the declared one; undefined when it cannot be typed. */
function resolveType(model: CdaModel, el: XmlElement, declared: CdaType, scope: Map<string, string>, problem: ProblemSink): CdaType | undefined {
  let xsiType: XmlAttr | undefined;
  for (const a of el.attrs) if (a.ns === NS.xsi && a.local === 'type') xsiType = a;
  if (!xsiType) {
    if (!declared.abstract) return declared;
    problem('CDA-STR-XSI-REQUIRED', el, { element: el.name, declared: declared.name, examples: examples(model, declared) });
    return undefined;
  }
  const value = xsiType.value.trim();
  const colon = value.indexOf(':');
  const uri = scope.get(colon >= 0 ? value.slice(0, colon) : '');
  const prefix = uri === undefined ? undefined : model.prefixOf.get(uri);
  const local = colon >= 0 ? value.slice(colon + 1) : value;
  const named = prefix === undefined ? undefined : model.type(prefix === 'hl7' ? local : `${prefix}:${local}`);
  if (!named) {
    problem('CDA-STR-XSI-UNKNOWN', xsiType, { value, element: el.name });
  } else if (!model.derives(named, declared)) {
    problem('CDA-STR-XSI-DERIVATION', xsiType, { value, element: el.name, declared: declared.name });
  } else if (named.abstract) {
    problem('CDA-STR-XSI-REQUIRED', xsiType, { element: el.name, declared: named.name, examples: examples(model, named) });
    return undefined;
  } else {
    return named;
  }
  // A bad xsi:type: go on with the declared type, as schema validators do, unless it is abstract.
  return declared.abstract ? undefined : declared;
}

const PREFERRED_EXAMPLES = ['CD', 'CE', 'PQ', 'IVL_PQ', 'ST', 'INT', 'BL', 'TS', 'IVL_TS', 'ED', 'RTO_PQ_PQ', 'CO'];

function examples(model: CdaModel, abstract: CdaType): string {
  const all = model.concreteSubtypes(abstract);
  const preferred = PREFERRED_EXAMPLES.filter((n) => all.includes(n));
  return (preferred.length > 0 ? preferred : all).slice(0, 6).join(', ');
}
