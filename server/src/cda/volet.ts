import type { DataSource } from '../engine/data';
import { attrValue, child, children, path, type XmlElement } from '../xml/tree';
import type { CdaContext } from './context';

/**
 * CI-SIS volets: the declarative tables of `schemas/cda/volets/*.json` (format in its README.md) and the detection of
 * the volet a document declares. Detection follows the kit's own mapping: document templateId root + extension.
 */

export interface CodeSpec {
  code: string;
  codeSystem?: string;
}

export interface TemplateRef {
  root: string;
  name: string;
}

export interface CodeRequirement {
  codes: CodeSpec[];
  /** Every code present must be allowed (instead of: one of them must be). */
  each?: boolean;
}

export interface HeaderRequirement {
  /** Path of HL7 element names below the context. */
  path: string;
  /** Path from ClinicalDocument to the elements that must each hold `path`; the document itself when absent. */
  context?: string;
}

export interface EntrySpec {
  name: string;
  templateId?: string;
  element?: string;
  code?: string | string[];
  min: number;
  max?: number;
}

export interface SubsectionSpec {
  templateId: string;
  name: string;
  min: number;
  max?: number;
  /** Only sections placed directly in this section's components count. */
  direct?: boolean;
}

export interface SectionSpec {
  templateId: string;
  name: string;
  /** `body`: sections directly under structuredBody; `any`: at any depth. */
  level: 'body' | 'any';
  min: number;
  max?: number;
  /** Only sections whose code carries a translation with this code match (CNAM-HR). */
  translation?: string;
  code?: CodeSpec;
  title?: string;
  entries?: EntrySpec[];
  subsections?: SubsectionSpec[];
  note?: string;
}

export interface SectionChoice {
  name: string;
  templateIds: string[];
}

export interface VoletVersion {
  version: string;
  /** Accepted values of the templateId extension; `null` accepts a templateId without extension. */
  extensions: (string | null)[];
  kit: string;
  templateIds?: TemplateRef[];
  expectedTemplateIds?: TemplateRef[];
  documentCode?: CodeSpec[];
  serviceEventCode?: CodeRequirement;
  encounterCode?: CodeRequirement;
  title?: string;
  header?: HeaderRequirement[];
  sections?: SectionSpec[];
  sectionChoices?: SectionChoice[];
  allowedBodySections?: string[];
  notes?: string[];
}

export interface VoletTable {
  volet: string;
  label: { fr: string; en: string };
  templateId: string;
  /** Unstructured volets (TLM-CR) carry no volet templateId and are recognised by their document code. */
  detect?: { unstructured: true; documentCode: CodeSpec };
  notes?: string[];
  common?: Partial<VoletVersion>;
  versions: VoletVersion[];
}

export interface VoletCatalog {
  byRoot: Map<string, VoletTable>;
  unstructured: VoletTable[];
}

export interface VoletMatch {
  table: VoletTable;
  /** The version's facts merged with the table's common facts; undefined when the extension is unknown. */
  version?: VoletVersion;
  /** The document templateId that selected the volet (undefined for unstructured volets). */
  templateId?: XmlElement;
  extension?: string;
}

const XDS_SD = '1.3.6.1.4.1.19376.1.2.20';
const catalogs = new WeakMap<DataSource, VoletCatalog>();
const matches = new WeakMap<XmlElement, VoletMatch | null>();

/** The volet tables bundled with the engine, read once per data source. Unreadable files are skipped. */
export function voletCatalog(data: DataSource): VoletCatalog {
  let catalog = catalogs.get(data);
  if (catalog) return catalog;
  catalog = { byRoot: new Map(), unstructured: [] };
  for (const file of data.list('cda/volets').filter((f) => f.endsWith('.json')).sort()) {
    const table = parseTable(data.read(`cda/volets/${file}`));
    if (!table) continue;
    if (table.detect?.unstructured) catalog.unstructured.push(table);
    else catalog.byRoot.set(table.templateId, table);
  }
  catalogs.set(data, catalog);
  return catalog;
}

function parseTable(text: string | undefined): VoletTable | undefined {
  if (text === undefined) return undefined;
  try {
    const t = JSON.parse(text) as VoletTable;
    if (typeof t.volet !== 'string' || typeof t.templateId !== 'string' || !Array.isArray(t.versions)) return undefined;
    return t;
  } catch {
    return undefined;
  }
}

/** A version with the table's common facts filled in. */
export function mergedVersion(table: VoletTable, version: VoletVersion): VoletVersion {
  return table.common ? { ...table.common, ...version } : version;
}

/** The volet a document declares, computed once per document. */
export function matchVolet(ctx: CdaContext): VoletMatch | undefined {
  const cached = matches.get(ctx.doc);
  if (cached !== undefined) return cached ?? undefined;
  const found = findVolet(ctx.doc, voletCatalog(ctx.data));
  matches.set(ctx.doc, found ?? null);
  return found;
}

function findVolet(doc: XmlElement, catalog: VoletCatalog): VoletMatch | undefined {
  const templateIds = children(doc, 'templateId');
  if (isUnstructured(doc, templateIds)) return findUnstructured(doc, catalog);
  let known: VoletMatch | undefined;
  for (const tid of templateIds) {
    const table = catalog.byRoot.get(attrValue(tid, 'root') ?? '');
    if (!table) continue;
    const extension = attrValue(tid, 'extension') || undefined;
    const candidates = table.versions.filter((v) => v.extensions.includes(extension ?? null)).map((v) => mergedVersion(table, v));
    if (candidates.length > 0) return { table, version: bestFit(doc, candidates), templateId: tid, extension };
    known ??= { table, templateId: tid, extension };
  }
  return known;
}

/**
 * When a document does not state its version and several versions accept that (BIO-CR-BIO), the version is the
 * one whose section requirements it meets best; ties go to the first version of the table.
 */
function bestFit(doc: XmlElement, candidates: VoletVersion[]): VoletVersion {
  if (candidates.length === 1) return candidates[0];
  const body = structuredBody(doc);
  const top: Set<string>[] = [];
  const anywhere = new Map<string, number>();
  const topCount = new Map<string, number>();
  if (body) {
    const stack: XmlElement[] = [body];
    while (stack.length > 0) {
      const el = stack.pop()!;
      if (el.local === 'section') {
        const roots = new Set(children(el, 'templateId').map((t) => attrValue(t, 'root') ?? ''));
        const isTop = el.parent?.parent === body;
        if (isTop) top.push(roots);
        for (const r of roots) {
          anywhere.set(r, (anywhere.get(r) ?? 0) + 1);
          if (isTop) topCount.set(r, (topCount.get(r) ?? 0) + 1);
        }
      }
      for (const c of el.children) stack.push(c);
    }
  }
  const misses = (v: VoletVersion) => {
    let n = 0;
    for (const s of v.sections ?? []) {
      const count = (s.level === 'body' ? topCount : anywhere).get(s.templateId) ?? 0;
      if (count < s.min || (s.max !== undefined && count > s.max)) n++;
    }
    if (v.allowedBodySections) n += top.filter((roots) => !v.allowedBodySections!.some((a) => roots.has(a))).length;
    return n;
  };
  let best = candidates[0];
  let bestMisses = misses(best);
  for (const c of candidates.slice(1)) {
    const m = misses(c);
    if (m < bestMisses) [best, bestMisses] = [c, m];
  }
  return best;
}

/** Level-1 documents (XDS-SD, nonXMLBody) are not volets, whatever other templateIds they carry. */
function isUnstructured(doc: XmlElement, templateIds: XmlElement[]): boolean {
  const component = child(doc, 'component');
  if (child(component, 'nonXMLBody')) return true;
  return !child(component, 'structuredBody') && templateIds.some((t) => attrValue(t, 'root') === XDS_SD);
}

function findUnstructured(doc: XmlElement, catalog: VoletCatalog): VoletMatch | undefined {
  const code = child(doc, 'code');
  for (const table of catalog.unstructured) {
    const want = table.detect!.documentCode;
    if (attrValue(code, 'code') !== want.code) continue;
    if (want.codeSystem && attrValue(code, 'codeSystem') !== want.codeSystem) continue;
    const version = table.versions[0];
    return { table, version: version && mergedVersion(table, version) };
  }
  return undefined;
}

/** Volet detection from the document templateIds; stored in `ctx.volet` before the checks run. */
export function detectVolet(ctx: CdaContext): { name: string; version?: string } | undefined {
  const m = matchVolet(ctx);
  return m ? { name: m.table.volet, version: m.version?.version } : undefined;
}

/** The structured body, when the document has one. */
export function structuredBody(doc: XmlElement): XmlElement | undefined {
  return path(doc, 'component', 'structuredBody');
}
