import { NS, type XmlElement } from '../../xml/tree';
import { collapse } from './datatypes-lexical';
import { attrKey, type CdaType } from './structure-model';
import { excerpt, listed, type ProblemSink } from './structure-problems';

const XSI_ALLOWED = new Set(['type', 'nil', 'schemaLocation', 'noNamespaceSchemaLocation']);
export const XMLNS = 'http://www.w3.org/2000/xmlns/';

/**
 * Attributes against the element's type: declared, required, fixed, in their vocabulary. Lexical spaces
 * (dates, identifiers, numbers…) and nullFlavor values are left to the datatype rules.
 */
export function checkAttributes(el: XmlElement, type: CdaType, problem: ProblemSink): void {
  for (const a of el.attrs) {
    if (a.name === 'xmlns' || a.ns === XMLNS) continue;
    if (a.ns === NS.xsi && XSI_ALLOWED.has(a.local)) continue;
    const spec = type.attrs.get(attrKey(a.ns, a.local));
    if (!spec) {
      const at = { start: a.nameStart, end: a.nameStart + a.name.length };
      if (type.narrative) problem('CDA-NAR-ATTR', at, { attribute: a.name, element: el.name, allowed: listed([...type.attrs.values()].map((s) => s.name)) });
      else problem('CDA-STR-ATTR-UNKNOWN', at, { attribute: a.name, element: el.name, type: type.name });
      continue;
    }
    if (spec.fixed !== undefined) {
      if (collapse(a.value) !== spec.fixed) problem('CDA-STR-ATTR-FIXED', a, { attribute: a.name, element: el.name, value: a.value, fixed: spec.fixed });
      continue;
    }
    const st = spec.simple;
    if (st.kind === 'lexical' || st.name === 'NullFlavor') continue;
    const vocabulary = st.kind === 'enum' ? st : st.item;
    if (vocabulary.kind !== 'enum') continue;
    // A list (`use="H WP"`) may also be empty, as XML Schema lists may.
    const tokens = st.kind === 'enum' ? [vocabulary.exact ? a.value : collapse(a.value)] : collapse(a.value).split(' ').filter((t) => t !== '');
    if (tokens.some((t) => !vocabulary.values.has(t))) {
      problem('CDA-STR-ATTR-VALUE', a, { attribute: a.name, element: el.name, value: a.value, valueSet: vocabulary.name, allowed: listed(vocabulary.ordered) });
    }
  }
  for (const spec of type.requiredAttrs) {
    let present = false;
    for (const a of el.attrs) if (attrKey(a.ns, a.local) === spec.key) present = true;
    if (!present) problem('CDA-STR-ATTR-REQUIRED', el, { attribute: spec.name, element: el.name });
  }
}

/** Character data in an element whose type is not mixed (only whitespace may separate its children). */
export function checkText(el: XmlElement, type: CdaType, problem: ProblemSink): void {
  for (const c of el.content) {
    if (c.kind !== 'text') continue;
    const text = c.raw.trim();
    if (text === '') continue;
    const lead = c.raw.length - c.raw.trimStart().length;
    const at = c.cdata ? el : { start: c.start + lead, end: c.start + lead + text.length };
    problem('CDA-STR-TEXT', at, { element: el.name, type: type.name, text: excerpt(text) });
    return;
  }
}
