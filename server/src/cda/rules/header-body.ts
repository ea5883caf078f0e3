import { attr, child, descendants, NS, xpathOf, type XmlElement } from '../../xml/tree';
import { report } from '../context';
import { checkCode, type HeaderRun } from './header-run';

/** nullFlavors the kit's `dansJeuDeValeurs` pattern admits where a nullFlavor is allowed. */
const ADMITTED_NULLS = new Set(['UNK', 'NA', 'NASK', 'ASKU', 'NI', 'NAV', 'MSK', 'OTH', 'NINF', 'PINF', 'TRC']);

/**
 * Authors inside the body (sections, entries): `author/assignedAuthor/code` must be a J01 specialty, code and
 * code system together. Elements typed other than CD/CE are not checked, as in the kit.
 */
export function checkBodyAuthorSpecialty(run: HeaderRun): void {
  const component = child(run.ctx.doc, 'component');
  if (!component) return;
  for (const el of descendants(component)) {
    if (el.local !== 'code' || el.ns !== NS.hl7 || !isAuthorCode(el)) continue;
    const type = attr(el, 'type', NS.xsi)?.value;
    if (type !== undefined && !/^(?:[\w.-]+:)?C[DE]$/.test(type)) continue;
    const nf = attr(el, 'nullFlavor')?.value;
    if (nf !== undefined && ADMITTED_NULLS.has(nf)) continue;
    const code = attr(el, 'code')?.value;
    const system = attr(el, 'codeSystem')?.value;
    if (code === undefined || system === undefined) {
      report(run.ctx, 'CDA-HDR-REQUIRED-ATTRIBUTE', el, { attribute: code === undefined ? 'code' : 'codeSystem', element: xpathOf(el) });
      continue;
    }
    if (checkCode(run, 'J01', el, code, system) === 'absent') {
      report(run.ctx, 'CDA-HDR-BODY-AUTHOR-SPECIALTY', attr(el, 'code')!, { code, codeSystem: system, element: xpathOf(el) });
    }
  }
}

function isAuthorCode(el: XmlElement): boolean {
  const assigned = el.parent;
  const author = assigned?.parent;
  return assigned?.local === 'assignedAuthor' && assigned.ns === NS.hl7 && author?.local === 'author' && author.ns === NS.hl7;
}
