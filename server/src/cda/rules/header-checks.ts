import { attr, attrValue, child, children, NS, path, xpathOf, type XmlElement } from '../../xml/tree';
import { report } from '../context';
import { hasNullFlavor, type HeaderRun } from './header-run';

/**
 * Header requirements that are not plain cardinalities or attribute constraints. The model names them in
 * `checks`; each receives the element the spec applies to.
 */
export const headerChecks: Record<string, (run: HeaderRun, el: XmlElement) => void> = {
  documentTemplates,
  firstDocumentationOf,
  insTraits,
  telecom,
  addrForm,
  codedOrNull,
};

/** The two CI-SIS base templateIds once each, a volet templateId, and exactly the XDS-SD trio for nonXMLBody. */
function documentTemplates(run: HeaderRun, doc: XmlElement): void {
  const { baseTemplates, unstructuredTemplate } = run.model;
  const ids = children(doc, 'templateId');
  const rootOf = (t: XmlElement) => attr(t, 'root')?.value ?? '';
  for (const base of baseTemplates) {
    const found = ids.filter((t) => rootOf(t) === base);
    if (found.length === 0) report(run.ctx, 'CDA-HDR-BASE-TEMPLATE', doc, { root: base, found: 0 });
    for (const extra of found.slice(1)) report(run.ctx, 'CDA-HDR-BASE-TEMPLATE', extra, { root: base, found: found.length });
  }
  if (!ids.some((t) => !baseTemplates.includes(rootOf(t)))) report(run.ctx, 'CDA-HDR-VOLET-TEMPLATE', doc, {});

  const nonXml = path(doc, 'component', 'nonXMLBody');
  if (!nonXml) return;
  const sd = ids.filter((t) => rootOf(t) === unstructuredTemplate);
  if (sd.length === 0) report(run.ctx, 'CDA-HDR-UNSTRUCTURED-TEMPLATE', nonXml, { root: unstructuredTemplate });
  for (const t of ids) {
    const root = rootOf(t);
    if (!baseTemplates.includes(root) && (root !== unstructuredTemplate || t !== sd[0])) {
      report(run.ctx, 'CDA-HDR-UNSTRUCTURED-EXTRA-TEMPLATE', t, { root });
    }
  }
}

/** The main act (first documentationOf) carries the performer and the effectiveTime. */
function firstDocumentationOf(run: HeaderRun, doc: XmlElement): void {
  const event = path(doc, 'documentationOf', 'serviceEvent');
  if (!event) return; // the cardinality rules already say so
  for (const missing of ['performer', 'effectiveTime']) {
    if (!child(event, missing)) report(run.ctx, 'CDA-HDR-FIRST-DOCUMENTATIONOF', event, { missing });
  }
}

/**
 * With an INS among the patient ids, the INS traits must all be present. This is the intended reading of the
 * kit's assertion, which lacks brackets (see the rule's source).
 */
function insTraits(run: HeaderRun, role: XmlElement): void {
  const ins = children(role, 'id').find((id) => run.model.insRoots.includes(attr(id, 'root')?.value ?? ''));
  if (!ins) return;
  const patient = child(role, 'patient');
  const names = children(patient, 'name');
  const given = names.flatMap((n) => children(n, 'given'));
  const traits: [string, boolean][] = [
    ["name/family[@qualifier='BR']", names.some((n) => children(n, 'family').some((f) => attr(f, 'qualifier')?.value === 'BR'))],
    ["name/given[@qualifier='BR']", given.some((g) => attr(g, 'qualifier')?.value === 'BR')],
    ['name/given[not(@qualifier)]', given.some((g) => !attr(g, 'qualifier'))],
    ['birthTime', child(patient, 'birthTime') !== undefined],
    ['birthplace/place/addr/county', path(patient, 'birthplace', 'place', 'addr', 'county') !== undefined],
    ['administrativeGenderCode/@code', attrValue(child(patient, 'administrativeGenderCode'), 'code') !== undefined],
  ];
  const missing = traits.filter(([, ok]) => !ok).map(([t]) => t);
  if (missing.length > 0) {
    report(run.ctx, 'CDA-HDR-INS-TRAITS', patient ?? role, { missing: missing.join(', '), ins: attr(ins, 'root')?.value ?? '' });
  }
}

const TELECOM_SCHEMES = ['tel', 'fax', 'mailto', 'http', 'ftp', 'mllp'];
const TELECOM_NULLS = ['UNK', 'NASK', 'ASKU', 'NAV', 'MSK'];

/** A telecom is `scheme:address` with a CI-SIS scheme, or a bare admitted nullFlavor. */
function telecom(run: HeaderRun, el: XmlElement): void {
  const value = attr(el, 'value');
  const nf = attr(el, 'nullFlavor');
  const others = el.attrs.filter((a) => a.local !== 'nullFlavor' && a.name !== 'xmlns' && !a.name.startsWith('xmlns:'));
  if (value && nf) {
    report(run.ctx, 'CDA-HDR-TELECOM-NULLFLAVOR', nf, { found: `value + nullFlavor="${nf.value}"` });
  } else if (nf) {
    if (!TELECOM_NULLS.includes(nf.value)) report(run.ctx, 'CDA-HDR-TELECOM-NULLFLAVOR', nf, { found: `nullFlavor="${nf.value}"` });
    else if (others.length > 0) report(run.ctx, 'CDA-HDR-TELECOM-NULLFLAVOR', others[0], { found: `nullFlavor + ${others[0].name}` });
  } else if (!value) {
    report(run.ctx, 'CDA-HDR-TELECOM-NULLFLAVOR', el, { found: '-' });
  }
  if (!value || nf) return;
  const colon = value.value.indexOf(':');
  const scheme = colon > 0 ? value.value.slice(0, colon) : '';
  if (!TELECOM_SCHEMES.includes(scheme) || colon === value.value.length - 1) {
    report(run.ctx, 'CDA-HDR-TELECOM-VALUE', value, { found: value.value });
  }
}

/** An address is either free lines (streetAddressLine) or structured parts, never both. */
function addrForm(run: HeaderRun, el: XmlElement): void {
  const lines = children(el, 'streetAddressLine');
  if (lines.length === 0) return;
  for (const k of el.children) {
    if (k.ns === NS.hl7 && k.local !== 'streetAddressLine') {
      report(run.ctx, 'CDA-HDR-UNEXPECTED-ELEMENT', k, { element: k.name, parent: xpathOf(el), allowed: 'streetAddressLine' });
    }
  }
}

/** serviceEvent/code: @code and @codeSystem, or a nullFlavor alone. */
function codedOrNull(run: HeaderRun, el: XmlElement): void {
  const code = attr(el, 'code');
  const system = attr(el, 'codeSystem');
  const ok = hasNullFlavor(el) ? !code && !system : !!code && !!system;
  if (!ok) report(run.ctx, 'CDA-HDR-SERVICE-EVENT-CODE', el, { element: xpathOf(el) });
}
