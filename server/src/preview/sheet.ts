/**
 * The service-sheet preview: each fiche of a YAML file laid out like the identity tables of the SDRSIS
 * (chapter V.C): axis, national strategies, domains and status, description, regulation, beneficiaries and
 * indicators, then the optional facts the format adds (socle services, holder, dates, PGSSI-S security).
 */
import type { DataSource } from '../engine/data';
import type { Finding, Locale } from '../engine/types';
import { lookup, sheetLabels, type SheetLabels } from '../service-sheet/labels';
import { parseSheetStream } from '../service-sheet/yaml';
import type { PreviewBody } from './cda';
import { renderFindings } from './findings';
import { esc, safeHttpUrl, sourceAttrs } from './html';
import { strings, type Strings } from './strings';

type Plain = Record<string, unknown>;

export function renderSheetBody(text: string, findings: Finding[], locale: Locale, data: DataSource): PreviewBody {
  const t = strings(locale);
  const labels = sheetLabels(data);
  const sheets = parseSheetStream(text).docs.filter((d) => !d.broken && isPlain(d.value));
  const head = renderFindings(findings, locale);
  if (!sheets.length) return { body: `${head}\n<p class="notice">${esc(t.sheetEmpty)}</p>`, title: t.sheet, ok: false };
  const tables = sheets.map((s) => {
    const range = s.doc.contents?.range;
    return fiche(s.value as Plain, labels, locale, t, range ? sourceAttrs(range[0], range[2]) : '');
  });
  const first = sheets[0].value as Plain;
  const title = [str(first.fiche), str(first.titre)].filter(Boolean).join(' ') || t.sheet;
  return { body: `${head}\n<main class="sheets">\n${tables.join('\n')}\n</main>`, title, ok: true };
}

function fiche(v: Plain, labels: SheetLabels, locale: Locale, t: Strings, src: string): string {
  const label = (table: string, code: unknown) => lookup(labels.values[table], String(code))?.[locale] ?? String(code);
  const rows: string[] = [];
  const row = (th: string, td: string) => rows.push(`<tr><th scope="row">${esc(th)}</th><td>${td}</td></tr>`);
  const wide = (th: string, td: string) => rows.push(`<tr><th colspan="2" class="band">${esc(th)}</th></tr><tr><td colspan="2">${td}</td></tr>`);
  const pair = (th1: string, td1: string, th2: string, td2: string) =>
    rows.push(`<tr><th class="band">${esc(th1)}</th><th class="band">${esc(th2)}</th></tr><tr><td>${td1}</td><td>${td2}</td></tr>`);

  const axe = v.axe;
  row(t.axis, axe === undefined ? '' : esc(`${t.axisWord} ${String(axe)} - ${label('axe', axe)}`));
  const art = isPlain(v.articulation) ? v.articulation : {};
  row(t.sns, esc(str(art.sns)));
  row(t.esante, esc(str(art.strategie_esante)));
  const domains = strList(v.domaines);
  const allDomains = Object.keys(labels.values['domaines[]'] ?? {});
  const domainList = `<ul class="checks">${[...allDomains, ...domains.filter((d) => !allDomains.includes(d))]
    .map((d) => `<li class="${domains.includes(d) ? 'on' : 'off'}">${domains.includes(d) ? '☑' : '☐'} ${esc(label('domaines[]', d))}</li>`)
    .join('')}</ul>`;
  pair(t.domains, domainList, t.status, v.statut === undefined ? '' : `<span class="status status-${esc(cssToken(str(v.statut)))}">${esc(label('statut', v.statut))}</span>`);
  wide(t.description, paragraphs(str(v.description)));
  wide(t.regulation, bullets(strList(v.cadre_reglementaire), t));
  pair(t.beneficiaries, bullets(strList(v.beneficiaires).map((b) => label('beneficiaires[]', b)), t), t.indicators, bullets(strList(v.indicateurs), t));
  const socles = strList(v.services_socles);
  if (socles.length) row(t.socles, esc(socles.map((s) => label('services_socles[]', s)).join(', ')));
  if (v.porteur !== undefined) row(t.holder, esc(str(v.porteur)));
  if (v.url !== undefined) row(t.url, link(str(v.url)));
  if (v.date_mise_a_jour !== undefined) row(t.updated, esc(str(v.date_mise_a_jour)));
  if (v.echeance !== undefined) row(t.deadline, esc(str(v.echeance)));
  if (isPlain(v.securite)) wide(t.security, security(v.securite, labels, locale, t));
  return `<article class="fiche"${src}>
<table class="fiche-table">
<caption><span class="fiche-id">${esc(str(v.fiche))}</span> ${esc(str(v.titre))}</caption>
${rows.join('\n')}
</table>
</article>`;
}

function security(s: Plain, labels: SheetLabels, locale: Locale, t: Strings): string {
  const items: string[] = [];
  const yesNo = (b: unknown) => (b === true ? t.yes : b === false ? t.no : '—');
  if (s.donnees_de_sante !== undefined) items.push(`${esc(t.healthData)}${t.colon} ${esc(yesNo(s.donnees_de_sante))}`);
  if (isPlain(s.hebergeur)) {
    const h = s.hebergeur;
    const notes = [h.certifie_hds === true ? t.hds : h.certifie_hds === false ? t.notHds : '', h.interne === true ? t.internalHost : ''].filter(Boolean);
    items.push(`${esc(t.host)}${t.colon} ${esc(str(h.nom))}${notes.length ? ` (${esc(notes.join(', '))})` : ''}`);
  }
  const auth = strList(s.authentification);
  if (auth.length) items.push(`${esc(t.authentication)}${t.colon} ${esc(auth.map((a) => lookup(labels.values['securite.authentification[]'], a)?.[locale] ?? a).join(', '))}`);
  const flows = Array.isArray(s.flux) ? s.flux.filter(isPlain) : [];
  if (flows.length) items.push(`${esc(t.flows)}${t.colon}<ul>${flows.map((f) => `<li>${esc(str(f.nom))} — ${link(str(f.url))}</li>`).join('')}</ul>`);
  return items.length ? `<ul class="plain-list">${items.map((i) => `<li>${i}</li>`).join('')}</ul>` : '';
}

/** http(s) addresses become links; anything else (including secrets in URLs, which the rules report) stays text. */
function link(url: string): string {
  const href = safeHttpUrl(url);
  return href ? `<a href="${esc(href)}" rel="noreferrer noopener">${esc(url)}</a>` : `<code>${esc(url)}</code>`;
}

function paragraphs(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${esc(p)}</p>`)
    .join('');
}

function bullets(items: string[], t: Strings): string {
  return items.length ? `<ul>${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>` : `<span class="muted">${esc(t.none)}</span>`;
}

const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'object' ? '' : String(v));
const strList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => typeof x === 'string' || typeof x === 'number').map(String) : []);
const cssToken = (s: string) => (/^[a-z_]{1,40}$/.test(s) ? s : 'unknown');
