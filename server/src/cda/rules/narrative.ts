import { attr, type XmlAttr } from '../../xml/tree';
import { report, type CdaContext } from '../context';
import { collapse, isNcName } from './datatypes-lexical';
import { excerpt } from './structure-problems';
import { typedDocument } from './structure-walk';

/**
 * Narrative block (StrucDocText) links: ID attributes are unique XML IDs; IDREF(S) attributes, entry
 * `reference/@value="#…"` pointers and `renderMultiMedia/@referencedObject` name an existing ID; links do
 * not carry script URLs. Which narrative elements and attributes exist is checked by the structure walk.
 */
export function checkNarrative(ctx: CdaContext): void {
  const typed = typedDocument(ctx);
  if (!typed) return;
  const ids = new Map<string, XmlAttr>();
  const idrefs: XmlAttr[] = [];
  const pointers: XmlAttr[] = [];
  for (const { el, type } of typed.elements) {
    for (const a of el.attrs) {
      if (a.ns !== '') continue;
      const spec = type.attrs.get(a.local);
      if (!spec || spec.simple.kind !== 'lexical') continue;
      const lex = spec.simple.lexical;
      if (lex === 'ID') {
        const id = collapse(a.value);
        if (!isNcName(id)) report(ctx, 'CDA-NAR-ID-SYNTAX', a, { id: a.value, element: el.name });
        else if (ids.has(id)) report(ctx, 'CDA-NAR-ID-DUP', a, { id, element: el.name });
        else ids.set(id, a);
      } else if (lex === 'IDREF' || lex === 'IDREFS') {
        idrefs.push(a);
      }
    }
    // ED/reference, also in the pharmacy namespace's copy of the data types (pharm:reference, type pharm:TEL).
    if (el.local === 'reference' && (type.name === 'TEL' || type.name.endsWith(':TEL'))) {
      const v = attr(el, 'value');
      if (v && v.value.startsWith('#')) pointers.push(v);
    } else if (type.name === 'StrucDoc.LinkHtml') {
      const href = attr(el, 'href');
      if (href && isScriptUrl(href.value)) report(ctx, 'CDA-NAR-LINK-SCRIPT', href, { href: excerpt(href.value, 60), scheme: scheme(href.value) });
    }
  }
  for (const a of idrefs) {
    for (const ref of collapse(a.value).split(' ')) {
      if (ref !== '' && !ids.has(ref)) report(ctx, 'CDA-NAR-IDREF', a, { id: ref, attribute: a.name });
    }
  }
  for (const v of pointers) {
    const id = v.value.slice(1);
    if (!ids.has(id)) report(ctx, 'CDA-NAR-REF', v, { id, value: v.value });
  }
}

/** The URL scheme as a browser reads it: control characters and whitespace (`java\tscript:`) are dropped. */
function scheme(href: string): string {
  let kept = '';
  for (const ch of href) {
    const code = ch.charCodeAt(0);
    if (code > 0x20 && code !== 0x7f) kept += ch;
    if (ch === ':' || kept.length > 32) break;
  }
  const m = /^([a-z][a-z0-9+.-]*):/.exec(kept.toLowerCase());
  return m ? m[1] : '';
}

function isScriptUrl(href: string): boolean {
  const s = scheme(href);
  return s === 'javascript' || s === 'vbscript' || s === 'data';
}
