import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { decodeXmlText } from '../xml/tree';
import { nosDate } from './dates';
import type { ValueSetRecord } from './record';
import type { Concept } from './types';

/** IHE SVS (`RetrieveValueSetResponse`) and ART-DECOR (`valueSets/valueSet`) code lists. */

type Node = Record<string, unknown>;

const NOS_BASE = 'https://mos.esante.gouv.fr/NOS/';

const REPEATED = new Set([
  'ValueSet', 'DescribedValueSet', 'ConceptList', 'Concept',
  'valueSet', 'conceptList', 'concept', 'exception', 'sourceCodeSystem',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (name: string, _path: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute && REPEATED.has(name),
});

export interface XmlImport {
  records: ValueSetRecord[];
  problems: string[];
}

export function importXml(text: string): XmlImport {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const dtd = /<!(DOCTYPE|ENTITY)\b/i.exec(body);
  if (dtd) return fail(`${dtd[1].toUpperCase()} declarations are refused`);
  const check = XMLValidator.validate(body);
  if (check !== true) return fail(`malformed XML line ${check.err.line}: ${check.err.msg}`);
  let doc: Node;
  try {
    doc = parser.parse(body) as Node;
  } catch (e) {
    return fail(`malformed XML: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (isNode(doc.RetrieveValueSetResponse)) return svs(nodes(doc.RetrieveValueSetResponse.ValueSet));
  if (isNode(doc.RetrieveMultipleValueSetsResponse)) return svs(nodes(doc.RetrieveMultipleValueSetsResponse.DescribedValueSet));
  if (isNode(doc.valueSets)) return artDecor(nodes(doc.valueSets.valueSet));
  if (doc.valueSet !== undefined) return artDecor(nodes(doc.valueSet));
  const root = Object.keys(doc).find((k) => !k.startsWith('@') && k !== '#text') ?? '(none)';
  return fail(`unsupported XML root element <${root}> (expected an IHE SVS or ART-DECOR value set)`);
}

function svs(valueSets: Node[]): XmlImport {
  const out: XmlImport = { records: [], problems: [] };
  if (valueSets.length === 0) out.problems.push('no ValueSet element');
  for (const vs of valueSets) {
    const oid = attr(vs, 'id');
    if (!oid) {
      out.problems.push('ValueSet without @id (OID) skipped');
      continue;
    }
    const name = (attr(vs, 'displayName') ?? oid).replace(/\.tabs$/i, '');
    const concepts: Concept[] = [];
    for (const list of nodes(vs.ConceptList)) {
      for (const c of nodes(list.Concept)) {
        const concept = conceptOf(c, oid);
        if (concept) concepts.push(concept);
      }
    }
    // Older TRE exports lack `typeFichier`/`urlFichier`; their NOS name says what they are and where they live.
    const tre = /^TRE_[A-Z]\d+-/i.test(name);
    const kind = (attr(vs, 'typeFichier') ?? (tre ? 'TRE' : '')).toUpperCase() === 'TRE' ? 'CodeSystem' : 'ValueSet';
    const url = canonicalFromFileUrl(attr(vs, 'urlFichier') ?? (tre ? `${NOS_BASE}${name}` : undefined));
    const dateMaj = attr(vs, 'dateMaj');
    const record: ValueSetRecord = {
      kind,
      name,
      oid,
      url,
      title: attr(vs, 'description'),
      // The CDA kit's files say `version="test"`; the NOS update date is the meaningful version.
      version: dateMaj ?? attr(vs, 'revisionDate') ?? attr(vs, 'version'),
      date: nosDate(dateMaj) ?? nosDate(attr(vs, 'revisionDate')) ?? nosDate(attr(vs, 'effectiveDate')),
      concepts,
    };
    if (attr(vs, 'dateFin')) record.status = 'retired';
    if (kind === 'CodeSystem' && url) record.systems = [[oid, url]];
    // A TRE under a foreign OID (TRE_A04-Loinc = LOINC) is the subset NOS uses, not the whole terminology.
    if (kind === 'CodeSystem' && !oid.startsWith('1.2.250.')) record.incomplete = true;
    out.records.push(record);
  }
  return out;
}

function artDecor(valueSets: Node[]): XmlImport {
  const out: XmlImport = { records: [], problems: [] };
  if (valueSets.length === 0) out.problems.push('no valueSet element');
  for (const vs of valueSets) {
    const oid = attr(vs, 'id');
    if (!oid) {
      out.problems.push('valueSet without @id (OID) skipped');
      continue;
    }
    const concepts: Concept[] = [];
    for (const list of nodes(vs.conceptList)) {
      // `exception` entries (nullFlavors and the like) are allowed values too.
      for (const c of [...nodes(list.concept), ...nodes(list.exception)]) {
        const concept = conceptOf(c, oid);
        if (concept) concepts.push(concept);
      }
    }
    const systems: [string, string][] = [];
    for (const s of nodes(vs.sourceCodeSystem)) {
      const id = attr(s, 'id');
      const uri = attr(s, 'canonicalUriR4') ?? attr(s, 'canonicalUri');
      if (id && uri && !uri.startsWith('urn:oid:')) systems.push([id, uri]);
    }
    const label = attr(vs, 'versionLabel');
    const record: ValueSetRecord = {
      kind: 'ValueSet',
      name: attr(vs, 'name') ?? attr(vs, 'displayName') ?? oid,
      oid,
      url: attr(vs, 'canonicalUri'),
      title: attr(vs, 'displayName'),
      version: label ?? attr(vs, 'effectiveDate'),
      date: (label && /^\d{14}$/.test(label) ? nosDate(label) : undefined) ?? nosDate(attr(vs, 'effectiveDate')),
      concepts,
    };
    if (/^(deprecated|retired|cancelled|rejected)$/i.test(attr(vs, 'statusCode') ?? '')) record.status = 'retired';
    if (systems.length) record.systems = systems;
    out.records.push(record);
  }
  return out;
}

/** Shared by SVS `Concept` and ART-DECOR `concept`: a filled `dateFin` (SVS) or type `D` (ART-DECOR) means retired. */
function conceptOf(c: Node, listOid: string): Concept | undefined {
  const code = attr(c, 'code');
  if (!code) return undefined;
  const concept: Concept = { code, system: attr(c, 'codeSystem') ?? listOid, display: attr(c, 'displayName') ?? '' };
  if (attr(c, 'dateFin') || attr(c, 'type') === 'D') concept.status = 'retired';
  return concept;
}

/**
 * NOS `urlFichier` (`https://mos.esante.gouv.fr/NOS/JDV_J07-XdsTypeCode-CISIS`) → FHIR canonical
 * (`…/JDV_J07-XdsTypeCode-CISIS/FHIR/JDV-J07-XdsTypeCode-CISIS`): the published convention turns the first `_`
 * of the id into `-`.
 */
export function canonicalFromFileUrl(fileUrl: string | undefined): string | undefined {
  if (!fileUrl) return undefined;
  const url = fileUrl.replace(/\/+$/, '');
  if (url.includes('/FHIR/')) return url;
  const m = /^https?:\/\/mos\.esante\.gouv\.fr\/NOS\/([^/]+)$/.exec(url);
  return m ? `${url}/FHIR/${m[1].replace('_', '-')}` : url;
}

function attr(n: Node, name: string): string | undefined {
  const v = n[`@${name}`];
  if (typeof v !== 'string') return undefined;
  const s = decodeXmlText(v).trim();
  return s === '' ? undefined : s;
}

function nodes(v: unknown): Node[] {
  if (Array.isArray(v)) return v.filter(isNode);
  return isNode(v) ? [v] : [];
}

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(message: string): XmlImport {
  return { records: [], problems: [message] };
}
