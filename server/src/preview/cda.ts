/**
 * The CDA preview: a header card (document type, patient and INS, author, custodian, legal authenticator, dates,
 * confidentiality), the document's findings, then each section's title and narrative, or the embedded body of
 * an unstructured document. Pure: text in, HTML out.
 */
import type { Finding, Locale } from '../engine/types';
import type { Terminology } from '../nos/types';
import { classifyInsRoot, type InsTable } from '../pgssi/ins';
import { parseXml } from '../xml/parse';
import { attrValue, child, children, descendants, NS, path, textOf, type XmlElement } from '../xml/tree';
import { renderFindings } from './findings';
import { formatIi, formatIvl, formatTs, personName } from './hl7';
import { esc, imageDataUri, isInlineImageType, sourceAttrs } from './html';
import { collectMedia, renderNarrative, type NarrativeContext } from './narrative';
import { strings, type Strings } from './strings';

export interface CdaPreviewInput {
  text: string;
  locale: Locale;
  findings: Finding[];
  /** The volet the engine detected (`ValidationResult.kind`). */
  kind?: string;
  nos: Terminology;
  ins?: InsTable;
}

export interface PreviewBody {
  /** Safe HTML for the page body. */
  body: string;
  /** Page title (plain text). */
  title: string;
  /** False when the document could not be read (not well-formed, not a CDA): callers may keep an older rendering. */
  ok: boolean;
}

const TYPE_CODE_SET = 'JDV_J07_XdsTypeCode_CISIS';
const CONFIDENTIALITY_SETS = ['JDV_J08_XdsConfidentialityCode_CISIS', 'JDV_HL7_Confidentiality_CISIS'];

export function renderCdaBody(input: CdaPreviewInput): PreviewBody {
  const t = strings(input.locale);
  const findings = renderFindings(input.findings, input.locale);
  const doc = clinicalDocument(input.text);
  if (!doc.root) return { body: `${findings}\n<p class="notice">${esc(t.notWellFormed)}</p>`, title: t.unstructured, ok: false };
  if (!doc.cda) return { body: `${findings}\n<p class="notice">${esc(t.notCda)}</p>`, title: 'CDA', ok: false };
  const cda = doc.cda;
  const title = textOf(child(cda, 'title') ?? cda).replace(/\s+/g, ' ').trim().slice(0, 200) || 'CDA';
  const ctx: NarrativeContext = { locale: input.locale, media: collectMedia(cda) };
  const body = [header(cda, input, t), findings, documentBody(cda, ctx, t)].join('\n');
  return { body, title, ok: true };
}

/** The embedded document of an unstructured (nonXMLBody) CDA, when it is carried inline in base64. */
export function nonXmlAttachment(text: string): { mediaType: string; base64: string } | undefined {
  const { cda } = clinicalDocument(text);
  const body = path(cda, 'component', 'nonXMLBody', 'text');
  if (!body || (attrValue(body, 'representation') ?? 'TXT').toUpperCase() !== 'B64') return undefined;
  const base64 = textOf(body).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) return undefined;
  return { mediaType: attrValue(body, 'mediaType') ?? 'application/octet-stream', base64 };
}

function clinicalDocument(text: string): { root?: XmlElement; cda?: XmlElement } {
  const { root } = parseXml(text);
  if (!root) return {};
  if (root.local === 'ClinicalDocument' && root.ns === NS.hl7) return { root, cda: root };
  // An auto-présentable document wraps the ClinicalDocument in an xsl:stylesheet; the stylesheet is never run.
  if (root.ns === NS.xsl) for (const el of descendants(root)) if (el.local === 'ClinicalDocument' && el.ns === NS.hl7) return { root, cda: el };
  return { root };
}

function header(cda: XmlElement, input: CdaPreviewInput, t: Strings): string {
  const { locale } = input;
  const rows: [string, string][] = [];
  rows.push([t.documentType, documentType(cda, input.nos)]);
  rows.push([t.volet, esc(input.kind ?? t.voletUnknown)]);
  rows.push([t.patient, patient(cda, input, t)]);
  const author = path(cda, 'author', 'assignedAuthor');
  if (author) {
    const who = personName(path(author, 'assignedPerson', 'name'));
    const role = attrValue(child(author, 'code'), 'displayName');
    const orgName = path(author, 'representedOrganization', 'name');
    const org = orgName ? textOf(orgName).replace(/\s+/g, ' ').trim() : '';
    const time = formatTs(attrValue(path(cda, 'author', 'time'), 'value'), locale);
    rows.push([t.author, esc([who, role, org, time].filter(Boolean).join(' · '))]);
  } else rows.push([t.author, missing(t)]);
  const custodian = path(cda, 'custodian', 'assignedCustodian', 'representedCustodianOrganization');
  if (custodian) {
    const name = textOf(child(custodian, 'name') ?? custodian).replace(/\s+/g, ' ').trim();
    const id = child(custodian, 'id');
    rows.push([t.custodian, esc([name, id ? formatIi(id) : ''].filter(Boolean).join(' · '))]);
  } else rows.push([t.custodian, missing(t)]);
  const legal = child(cda, 'legalAuthenticator');
  if (legal) {
    const who = personName(path(legal, 'assignedEntity', 'assignedPerson', 'name'));
    const time = formatTs(attrValue(child(legal, 'time'), 'value'), locale);
    rows.push([t.legalAuthenticator, esc([who, time ? `${t.signedOn} ${time}` : ''].filter(Boolean).join(' · '))]);
  }
  rows.push([t.documentDate, esc(formatTs(attrValue(child(cda, 'effectiveTime'), 'value'), locale)) || missing(t)]);
  const words = { from: t.from, to: t.to };
  const event = path(cda, 'documentationOf', 'serviceEvent');
  if (event) rows.push([t.serviceEvent, esc([attrValue(child(event, 'code'), 'displayName'), formatIvl(child(event, 'effectiveTime'), locale, words)].filter(Boolean).join(' · '))]);
  const encounter = path(cda, 'componentOf', 'encompassingEncounter');
  if (encounter) {
    const text = esc([attrValue(child(encounter, 'code'), 'displayName'), formatIvl(child(encounter, 'effectiveTime'), locale, words)].filter(Boolean).join(' · '));
    // Most documents describe the same stay twice; say it once.
    if (!rows.some(([k, v]) => k === t.serviceEvent && v === text)) rows.push([t.encounter, text]);
  }
  rows.push([t.confidentiality, confidentiality(cda, input.nos) || missing(t)]);
  const id = child(cda, 'id');
  const version = attrValue(child(cda, 'versionNumber'), 'value');
  if (id) rows.push([t.documentId, esc(formatIi(id) + (version ? ` · ${t.version} ${version}` : ''))]);
  const title = textOf(child(cda, 'title') ?? cda).replace(/\s+/g, ' ').trim();
  return `<header class="card"${sourceAttrs(cda.start, cda.nameEnd)}>
<h1>${esc(title)}</h1>
<dl>
${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('\n')}
</dl>
</header>`;
}

const missing = (t: Strings) => `<span class="muted">${esc(t.missing)}</span>`;

function documentType(cda: XmlElement, nos: Terminology): string {
  const code = child(cda, 'code');
  const value = attrValue(code, 'code');
  if (!value) return '';
  const label = nos.valueSet(TYPE_CODE_SET)?.find(value, attrValue(code, 'codeSystem'))?.display ?? attrValue(code, 'displayName') ?? '';
  return `${esc(label)} <code>${esc(value)}</code>`;
}

function confidentiality(cda: XmlElement, nos: Terminology): string {
  const code = child(cda, 'confidentialityCode');
  const value = attrValue(code, 'code');
  if (!value) return '';
  let label: string | undefined;
  for (const set of CONFIDENTIALITY_SETS) label ??= nos.valueSet(set)?.find(value)?.display;
  return `${esc(label ?? attrValue(code, 'displayName') ?? '')} <code>${esc(value)}</code>`;
}

function patient(cda: XmlElement, input: CdaPreviewInput, t: Strings): string {
  const role = path(cda, 'recordTarget', 'patientRole');
  if (!role) return missing(t);
  const p = child(role, 'patient');
  const name = personName(path(p, 'name'));
  const gender = attrValue(child(p, 'administrativeGenderCode'), 'displayName') ?? attrValue(child(p, 'administrativeGenderCode'), 'code');
  const birth = formatTs(attrValue(child(p, 'birthTime'), 'value'), input.locale);
  const lines = [`<strong>${esc(name || '—')}</strong>${gender ? ` · ${esc(t.gender)} ${esc(gender)}` : ''}${birth ? ` · ${esc(t.born)} ${esc(birth)}` : ''}`];
  const ins: string[] = [];
  const others: string[] = [];
  for (const id of children(role, 'id')) {
    const reading = input.ins ? classifyInsRoot(attrValue(id, 'root') ?? '', input.ins) : undefined;
    if (reading) {
      const label = 'name' in reading ? reading.name : t.ins;
      ins.push(`${esc(label)} <code>${esc(attrValue(id, 'extension') ?? '')}</code> <span class="badge ins-${reading.status}">${esc(t.insStatus[reading.status])}</span>`);
    } else others.push(esc(formatIi(id)));
  }
  lines.push(`${esc(t.ins)}${t.colon} ${ins.length ? ins.join(' ; ') : `<span class="muted">${esc(t.noIns)}</span>`}`);
  if (others.length) lines.push(`${esc(t.otherIds)}${t.colon} ${others.join(' ; ')}`);
  return lines.join('<br>');
}

function documentBody(cda: XmlElement, ctx: NarrativeContext, t: Strings): string {
  const component = child(cda, 'component');
  const nonXml = child(component, 'nonXMLBody');
  if (nonXml) return unstructured(nonXml, ctx, t);
  const sections = children(child(component, 'structuredBody'), 'component')
    .map((c) => child(c, 'section'))
    .filter((s): s is XmlElement => !!s);
  if (!sections.length) return `<p class="muted">${esc(t.noSection)}</p>`;
  return `<main>\n${renderSections(sections, ctx, t)}\n</main>`;
}

/** Sections and their sub-sections, iteratively; headings go from h2 down to h6. */
function renderSections(top: XmlElement[], ctx: NarrativeContext, t: Strings): string {
  const out: string[] = [];
  const stack: (XmlElement | { close: true })[] = [];
  const depthOf = new Map<XmlElement, number>();
  for (let i = top.length - 1; i >= 0; i--) {
    stack.push(top[i]);
    depthOf.set(top[i], 0);
  }
  while (stack.length) {
    const item = stack.pop()!;
    if ('close' in item) {
      out.push('</section>');
      continue;
    }
    const depth = depthOf.get(item) ?? 0;
    const level = Math.min(2 + depth, 6);
    const title = child(item, 'title');
    const code = child(item, 'code');
    const codeText = attrValue(code, 'code');
    const text = child(item, 'text');
    out.push(
      `<section class="cda-section depth-${Math.min(depth, 4)}"${sourceAttrs(item.start, item.end)}>` +
        `<h${level} class="section-title"${sourceAttrs(item.start, item.end)}>${esc(title ? textOf(title).replace(/\s+/g, ' ').trim() : attrValue(code, 'displayName') ?? '')}` +
        (codeText ? ` <span class="section-code" title="${esc(t.code)}">${esc(codeText)}</span>` : '') +
        `</h${level}>` +
        (text ? `<div class="narrative">${renderNarrative(text, ctx)}</div>` : ''),
    );
    stack.push({ close: true });
    const subs = children(item, 'component')
      .map((c) => child(c, 'section'))
      .filter((s): s is XmlElement => !!s);
    for (let i = subs.length - 1; i >= 0; i--) {
      stack.push(subs[i]);
      depthOf.set(subs[i], depth + 1);
    }
  }
  return out.join('\n');
}

function unstructured(nonXml: XmlElement, ctx: NarrativeContext, t: Strings): string {
  const text = child(nonXml, 'text');
  const mediaType = (attrValue(text, 'mediaType') ?? 'text/plain').trim().toLowerCase();
  const b64 = (attrValue(text, 'representation') ?? 'TXT').toUpperCase() === 'B64';
  const reference = attrValue(child(text, 'reference'), 'value');
  const raw = text ? textOf(text) : '';
  const bytes = b64 ? Buffer.from(raw.replace(/\s+/g, ''), 'base64') : Buffer.from(raw, 'utf8');
  const info = `<p class="muted">${esc(t.mediaType)}${t.colon} <code>${esc(mediaType)}</code> · ${esc(t.size)}${t.colon} ${formatSize(bytes.length, ctx.locale)}</p>`;
  let content: string;
  if (reference && !raw.trim()) content = `<p class="notice">${esc(t.reference)}${t.colon} <code>${esc(reference)}</code></p>`;
  else if (mediaType === 'text/plain') content = `<pre class="plain">${esc(bytes.toString('utf8'))}</pre>`;
  else if (isInlineImageType(mediaType) && b64) {
    const uri = imageDataUri(mediaType, raw);
    content = uri ? `<figure class="media"><img src="${esc(uri)}" alt=""></figure>` : `<p class="notice">${esc(t.imageRefused)}</p>`;
  } else
    content = `<div class="external"><p>${esc(t.externalOnly)}</p>${
      b64 ? `<button type="button" class="action" data-action="openExternal">${esc(t.openExternal)}</button>` : ''
    }</div>`;
  return `<main><section class="cda-section unstructured"${sourceAttrs(nonXml.start, nonXml.end)}><h2 class="section-title">${esc(t.unstructured)}</h2>${info}${content}</section></main>`;
}

function formatSize(n: number, locale: Locale): string {
  const unit = locale === 'fr' ? ['o', 'Ko', 'Mo'] : ['B', 'KB', 'MB'];
  if (n < 1024) return `${n} ${unit[0]}`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} ${unit[1]}`;
  return `${(n / 1024 / 1024).toFixed(1)} ${unit[2]}`;
}
