import { attr, attrValue, child, children, NS, pathAll, textOf, type XmlElement } from '../../xml/tree';
import { report, type CdaContext } from '../context';
import {
  matchVolet,
  structuredBody,
  type CodeRequirement,
  type CodeSpec,
  type EntrySpec,
  type HeaderRequirement,
  type SectionSpec,
  type SubsectionSpec,
  type VoletMatch,
  type VoletVersion,
} from '../volet';

/** CI-SIS volet rules (CDA-VOL-…), driven by the tables of schemas/cda/volets. */
export function checkVolets(ctx: CdaContext): void {
  const m = matchVolet(ctx);
  if (!m) {
    reportUnknownVolet(ctx);
    return;
  }
  if (!m.version) {
    reportUnknownVersion(ctx, m);
    return;
  }
  const v = m.version;
  const volet = `${m.table.volet} ${v.version}`;
  checkTemplateIds(ctx, m, v, volet);
  checkDocumentCode(ctx, v, volet);
  checkTitle(ctx, v, volet);
  if (v.serviceEventCode) checkCodes(ctx, 'CDA-VOL-SERVICE-EVENT-CODE', pathAll(ctx.doc, 'documentationOf', 'serviceEvent'), v.serviceEventCode, volet);
  if (v.encounterCode) checkCodes(ctx, 'CDA-VOL-ENCOUNTER-CODE', pathAll(ctx.doc, 'componentOf', 'encompassingEncounter'), v.encounterCode, volet);
  for (const h of v.header ?? []) checkHeaderElement(ctx, h, volet);
  const body = structuredBody(ctx.doc);
  if (body) checkBody(ctx, body, v, volet);
}

const BASE_TEMPLATES = new Set(['2.16.840.1.113883.2.8.2.1', '1.2.250.1.213.1.1.1.1']);

/** A structured document that declares no known volet: the kit silently runs no volet schematron on it. */
function reportUnknownVolet(ctx: CdaContext): void {
  const component = child(ctx.doc, 'component');
  if (!child(component, 'structuredBody') || child(component, 'nonXMLBody')) return;
  const roots = children(ctx.doc, 'templateId')
    .map((t) => attrValue(t, 'root') ?? '')
    .filter((r) => r && !BASE_TEMPLATES.has(r));
  report(ctx, 'CDA-VOL-UNKNOWN', ctx.doc, { templateIds: roots.length > 0 ? roots.join(', ') : '—' });
}

function reportUnknownVersion(ctx: CdaContext, m: VoletMatch): void {
  const known = m.table.versions
    .map((v) => `${v.version} (${v.extensions.map((e) => (e === null ? '@extension absent' : `@extension="${e}"`)).join(' | ')})`)
    .join(', ');
  const ext = m.templateId && attr(m.templateId, 'extension');
  const found = m.extension === undefined ? '@extension absent' : `@extension="${m.extension}"`;
  report(ctx, 'CDA-VOL-VERSION-UNKNOWN', ext ?? m.templateId ?? ctx.doc, { volet: m.table.volet, root: m.table.templateId, found, known });
}

function checkTemplateIds(ctx: CdaContext, m: VoletMatch, v: VoletVersion, volet: string): void {
  const present = new Set(children(ctx.doc, 'templateId').map((t) => attrValue(t, 'root')));
  const anchor = m.templateId ?? ctx.doc;
  for (const t of v.templateIds ?? []) {
    if (!present.has(t.root)) report(ctx, 'CDA-VOL-TEMPLATE-MISSING', anchor, { volet, root: t.root, name: t.name });
  }
  for (const t of v.expectedTemplateIds ?? []) {
    if (!present.has(t.root)) report(ctx, 'CDA-VOL-TEMPLATE-EXPECTED', anchor, { volet, root: t.root, name: t.name });
  }
}

const showCode = (c: CodeSpec) => (c.codeSystem ? `${c.code} [${c.codeSystem}]` : c.code);
const showCodes = (cs: CodeSpec[]) => cs.map(showCode).join(' | ');
const codeMatches = (el: XmlElement, c: CodeSpec) =>
  attrValue(el, 'code') === c.code && (!c.codeSystem || attrValue(el, 'codeSystem') === c.codeSystem);

/** The attribute to point at when a code element is wrong: @code unless only the code system differs. */
function wrongCodeTarget(el: XmlElement, allowed: CodeSpec[]) {
  const code = attr(el, 'code');
  if (code && allowed.some((c) => c.code === code.value)) return attr(el, 'codeSystem') ?? el;
  return code ?? el;
}

function foundCode(el: XmlElement | undefined): string {
  if (!el) return '—';
  const code = attrValue(el, 'code');
  const system = attrValue(el, 'codeSystem');
  if (code === undefined) return attrValue(el, 'nullFlavor') ? `nullFlavor="${attrValue(el, 'nullFlavor')}"` : '—';
  return system ? `${code} [${system}]` : code;
}

function checkDocumentCode(ctx: CdaContext, v: VoletVersion, volet: string): void {
  const code = child(ctx.doc, 'code');
  if (!code || !v.documentCode || v.documentCode.length === 0) return;
  if (v.documentCode.some((c) => codeMatches(code, c))) return;
  report(ctx, 'CDA-VOL-DOC-CODE', wrongCodeTarget(code, v.documentCode), { volet, found: foundCode(code), expected: showCodes(v.documentCode) });
}

const normalize = (s: string) => s.replace(/\s+/g, ' ').trim();

function checkTitle(ctx: CdaContext, v: VoletVersion, volet: string): void {
  const title = child(ctx.doc, 'title');
  if (!title || v.title === undefined) return;
  const found = normalize(textOf(title));
  if (found !== normalize(v.title)) report(ctx, 'CDA-VOL-TITLE', title, { volet, found, expected: v.title });
}

/** serviceEvent or encompassingEncounter codes: one must be allowed, or (`each`) every one present must be. */
function checkCodes(ctx: CdaContext, rule: string, owners: XmlElement[], req: CodeRequirement, volet: string): void {
  const expected = showCodes(req.codes);
  const codes = owners.map((o) => child(o, 'code')).filter((c): c is XmlElement => c !== undefined);
  if (req.each) {
    for (const c of codes) {
      if (!req.codes.some((r) => codeMatches(c, r))) report(ctx, rule, wrongCodeTarget(c, req.codes), { volet, found: foundCode(c), expected });
    }
    return;
  }
  if (codes.some((c) => req.codes.some((r) => codeMatches(c, r)))) return;
  const first = codes[0];
  const target = first ? wrongCodeTarget(first, req.codes) : owners[0] ?? ctx.doc;
  report(ctx, rule, target, { volet, found: foundCode(first), expected });
}

const steps = (p: string) => p.split('/').filter((s) => s.length > 0);

function checkHeaderElement(ctx: CdaContext, h: HeaderRequirement, volet: string): void {
  const want = steps(h.path);
  if (h.context === undefined) {
    if (pathAll(ctx.doc, ...want).length === 0) report(ctx, 'CDA-VOL-HEADER-MISSING', deepestPrefix(ctx.doc, want), { volet, path: h.path });
    return;
  }
  const full = `${h.context}/${h.path}`;
  for (const owner of pathAll(ctx.doc, ...steps(h.context))) {
    if (pathAll(owner, ...want).length === 0) report(ctx, 'CDA-VOL-HEADER-MISSING', deepestPrefix(owner, want), { volet, path: full });
  }
}

/** The deepest element that exists on the way to a missing path: where the user has to add something. */
function deepestPrefix(from: XmlElement, names: string[]): XmlElement {
  for (let n = names.length - 1; n > 0; n--) {
    const found = pathAll(from, ...names.slice(0, n));
    if (found.length > 0) return found[0];
  }
  return from;
}

// ---------------------------------------------------------------------------------------------------------------
// Body: one walk over the structured body collects every fact the section rules need.

/** A section of the document that a section spec of the table describes. */
interface Instance {
  el: XmlElement;
  spec: SectionSpec;
  entries: XmlElement[][];
  subsections: XmlElement[][];
  titles: string[];
}

function checkBody(ctx: CdaContext, body: XmlElement, v: VoletVersion, volet: string): void {
  const specs = v.sections ?? [];
  const topLevel = children(body, 'component')
    .map((c) => child(c, 'section'))
    .filter((s): s is XmlElement => s !== undefined);
  const instances = collectInstances(body, specs, new Set(topLevel));
  const bySpec = new Map<SectionSpec, Instance[]>(specs.map((s) => [s, []]));
  for (const inst of instances) bySpec.get(inst.spec)!.push(inst);

  for (const spec of specs) {
    const found = bySpec.get(spec)!;
    const section = spec.name;
    if (found.length < spec.min) {
      report(ctx, 'CDA-VOL-SECTION-MISSING', body, { volet, section, templateId: spec.templateId, min: spec.min, count: found.length });
    }
    if (spec.max !== undefined) {
      for (const extra of found.slice(spec.max)) {
        report(ctx, 'CDA-VOL-SECTION-TOO-MANY', extra.el, { volet, section, templateId: spec.templateId, max: spec.max, count: found.length });
      }
    }
  }

  const coded = new Set<XmlElement>();
  const titled = new Set<XmlElement>();
  for (const inst of instances) {
    if (inst.spec.code && !coded.has(inst.el)) {
      coded.add(inst.el);
      checkSectionCode(ctx, inst, inst.spec.code, volet);
    }
    if (inst.spec.title !== undefined && !titled.has(inst.el)) {
      titled.add(inst.el);
      checkSectionTitle(ctx, inst, inst.spec.title, volet);
    }
    checkContents(ctx, inst, volet);
  }

  for (const choice of v.sectionChoices ?? []) {
    const counts = choice.templateIds.map((t) => topLevel.filter((s) => rootsOf(s).has(t)).length);
    if (!counts.includes(1)) report(ctx, 'CDA-VOL-SECTION-CHOICE', body, { volet, sections: `${choice.name} (${choice.templateIds.join(' | ')})` });
  }

  if (v.allowedBodySections) {
    const allowed = new Set(v.allowedBodySections);
    for (const s of topLevel) {
      const roots = [...rootsOf(s)];
      if (!roots.some((r) => allowed.has(r))) {
        report(ctx, 'CDA-VOL-SECTION-NOT-ALLOWED', s, { volet, found: roots.join(', ') || '—', allowed: v.allowedBodySections.join(', ') });
      }
    }
  }
}

function rootsOf(el: XmlElement): Set<string> {
  const roots = new Set<string>();
  for (const c of el.children) {
    if (c.local === 'templateId' && c.ns === NS.hl7) {
      const r = attrValue(c, 'root');
      if (r) roots.add(r);
    }
  }
  return roots;
}

function translationMatches(section: XmlElement, code: string): boolean {
  return children(child(section, 'code'), 'translation').some((t) => attrValue(t, 'code') === code);
}

/**
 * Iterative walk of the body. Each section a spec describes becomes an instance; while the walk is inside an
 * instance, the entries, subsections and titles met are added to it. The work per element is bounded by the number
 * of enclosing instances, so the walk stays linear in the document size.
 */
function collectInstances(body: XmlElement, specs: SectionSpec[], topLevel: Set<XmlElement>): Instance[] {
  const byTemplate = new Map<string, SectionSpec[]>();
  for (const s of specs) byTemplate.set(s.templateId, [...(byTemplate.get(s.templateId) ?? []), s]);
  const all: Instance[] = [];
  const open: Instance[] = [];
  const stack: { el: XmlElement; leave?: number }[] = [{ el: body }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (frame.leave !== undefined) {
      open.length = frame.leave;
      continue;
    }
    const el = frame.el;
    if (el.ns !== NS.hl7) continue;
    const depth = open.length;
    if (el.local === 'section') {
      const roots = rootsOf(el);
      for (const inst of open) countSubsection(inst, el, roots);
      for (const r of roots) {
        for (const spec of byTemplate.get(r) ?? []) {
          if (spec.level === 'body' && !topLevel.has(el)) continue;
          if (spec.translation && !translationMatches(el, spec.translation)) continue;
          const inst: Instance = {
            el,
            spec,
            entries: (spec.entries ?? []).map(() => []),
            subsections: (spec.subsections ?? []).map(() => []),
            titles: [],
          };
          all.push(inst);
          open.push(inst);
        }
      }
    } else if (el.local === 'title' && el.parent?.local === 'section') {
      const t = normalize(textOf(el));
      for (const inst of open) inst.titles.push(t);
    } else if (open.length > 0) {
      countEntry(open, el);
    }
    stack.push({ el, leave: depth });
    for (let i = el.children.length - 1; i >= 0; i--) stack.push({ el: el.children[i] });
  }
  return all;
}

function countSubsection(inst: Instance, section: XmlElement, roots: Set<string>): void {
  (inst.spec.subsections ?? []).forEach((sub, i) => {
    if (!roots.has(sub.templateId)) return;
    if (sub.direct && section.parent?.parent !== inst.el) return;
    inst.subsections[i].push(section);
  });
}

function countEntry(open: Instance[], el: XmlElement): void {
  let roots: Set<string> | undefined;
  for (const inst of open) {
    (inst.spec.entries ?? []).forEach((entry, i) => {
      if (entry.element && el.local !== entry.element) return;
      if (entry.templateId) {
        roots ??= rootsOf(el);
        if (!roots.has(entry.templateId)) return;
      } else if (!entry.element) {
        return;
      }
      if (entry.code !== undefined && !entryCodeMatches(el, entry)) return;
      inst.entries[i].push(el);
    });
  }
}

function entryCodeMatches(el: XmlElement, entry: EntrySpec): boolean {
  const code = attrValue(child(el, 'code'), 'code');
  if (code === undefined) return false;
  return Array.isArray(entry.code) ? entry.code.includes(code) : entry.code === code;
}

function checkSectionCode(ctx: CdaContext, inst: Instance, want: CodeSpec, volet: string): void {
  const code = child(inst.el, 'code');
  if (code && codeMatches(code, want)) return;
  const section = inst.spec.name;
  report(ctx, 'CDA-VOL-SECTION-CODE', code ? wrongCodeTarget(code, [want]) : inst.el, {
    volet,
    section,
    templateId: inst.spec.templateId,
    found: foundCode(code),
    expected: showCode(want),
  });
}

/** The kit compares any title inside the section (`.//cda:title`); whitespace is normalised here. */
function checkSectionTitle(ctx: CdaContext, inst: Instance, want: string, volet: string): void {
  if (inst.titles.includes(normalize(want))) return;
  const own = child(inst.el, 'title');
  report(ctx, 'CDA-VOL-SECTION-TITLE', own ?? inst.el, { volet, section: inst.spec.name, found: inst.titles[0] ?? '—', expected: want });
}

function checkContents(ctx: CdaContext, inst: Instance, volet: string): void {
  const section = inst.spec.name;
  (inst.spec.entries ?? []).forEach((entry, i) => {
    reportCardinality(ctx, inst, entry, inst.entries[i], 'CDA-VOL-ENTRY-MISSING', 'CDA-VOL-ENTRY-TOO-MANY', {
      volet,
      section,
      entry: entryLabel(entry),
    });
  });
  (inst.spec.subsections ?? []).forEach((sub: SubsectionSpec, i) => {
    reportCardinality(ctx, inst, sub, inst.subsections[i], 'CDA-VOL-SUBSECTION-MISSING', 'CDA-VOL-SUBSECTION-TOO-MANY', {
      volet,
      section,
      subsection: `${sub.name} (${sub.templateId})`,
    });
  });
}

function entryLabel(entry: EntrySpec): string {
  return entry.templateId ? `${entry.name} (${entry.templateId})` : entry.name;
}

function reportCardinality(
  ctx: CdaContext,
  inst: Instance,
  spec: { min: number; max?: number },
  found: XmlElement[],
  missing: string,
  tooMany: string,
  data: Record<string, string>,
): void {
  if (found.length < spec.min) report(ctx, missing, inst.el, { ...data, min: spec.min, count: found.length });
  if (spec.max !== undefined && found.length > spec.max) {
    report(ctx, tooMany, found[spec.max], { ...data, max: spec.max, count: found.length });
  }
}
