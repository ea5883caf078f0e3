import { standalonePage } from '../report/page';
import { nodeDataSource, type DataSource } from '../engine/data';
import type { Locale } from '../engine/types';
import { escapeXml as esc } from '../report/model';
import { lookup, sheetLabels, type SheetLabels } from './labels';
import { compareIds, readSheetFacts, type SheetFacts, type SheetInput } from './sheets';

const T = {
  fr: {
    title: 'Portefeuille des services numériques',
    services: 'services',
    generated: 'Généré le',
    statuses: 'Avancement',
    noStatus: 'Statut absent ou inconnu',
    synthesis: 'Tableau de synthèse des services numériques',
    domain: 'Domaine',
    service: 'Services numériques',
    actors: 'Acteurs',
    axis: 'Axe',
    byAxis: 'Services par axe stratégique',
    noAxis: 'Sans axe valide',
    socles: 'Services socles utilisés',
    socle: 'Service socle',
    count: 'Nombre',
    usedBy: 'Services qui s’appuient dessus',
    noSocle: 'Aucun service socle déclaré',
    none: 'aucun',
    skipped: 'Fichiers non repris',
    skippedWhy: 'Ces fichiers ne sont pas des fiches lisibles, ou n’ont pas d’identifiant : validez-les pour voir pourquoi.',
    empty: 'Aucune fiche de service dans ce dossier.',
  },
  en: {
    title: 'Digital services portfolio',
    services: 'services',
    generated: 'Generated on',
    statuses: 'Progress',
    noStatus: 'Status missing or unknown',
    synthesis: 'Summary table of the digital services',
    domain: 'Domain',
    service: 'Digital services',
    actors: 'Actors',
    axis: 'Axis',
    byAxis: 'Services by strategic axis',
    noAxis: 'No valid axis',
    socles: 'Socle services in use',
    socle: 'Socle service',
    count: 'Count',
    usedBy: 'Services relying on it',
    noSocle: 'No socle service declared',
    none: 'none',
    skipped: 'Files left out',
    skippedWhy: 'These files are not readable sheets, or have no id: validate them to see why.',
    empty: 'No service sheet in this folder.',
  },
} as const;

export interface PortfolioOptions {
  /** Bundled data (labels); defaults to the `schemas/` folder beside the engine. */
  data?: DataSource;
  /** Shown under the title when given; the page is otherwise the same for the same input. */
  generatedAt?: Date;
}

/**
 * One self-contained HTML page with the SDRSIS synthesis views of a folder of sheets: status counts, the matrix of
 * services × domains × actors, services per axis, and which services rely on which socle services. Inline CSS,
 * no script, a CSP that forbids everything else; every string that comes from a sheet is escaped.
 */
export function renderPortfolio(sheets: SheetInput[], locale: Locale, options: PortfolioOptions = {}): string {
  const t = T[locale];
  const labels = sheetLabels(options.data ?? nodeDataSource());
  const all = sheets.map((s) => ({ path: s.path, facts: readSheetFacts(s) }));
  const services = all
    .flatMap((f) => f.facts)
    .filter((f) => f.id !== undefined)
    .sort((a, b) => compareIds(a.id, b.id) || a.path.localeCompare(b.path));
  const skipped = all.filter((f) => !f.facts.some((s) => s.id !== undefined)).map((f) => f.path);
  const body = services.length
    ? [statusCards(services, labels, locale), synthesis(services, labels, locale), byAxis(services, labels, locale), socles(services, labels, locale)].join('\n')
    : `<p class="muted">${t.empty}</p>`;
  return standalonePage({
    lang: locale,
    title: t.title,
    css: `h3{margin:1.2rem 0 .4rem;font-size:1.05rem}
th,td{border:1px solid #eaeef2;padding:.3rem .45rem;text-align:left;vertical-align:top}th{background:#f6f8fa;font-weight:600}
th.axis{background:#ddf4ff;text-align:left}td.tick{text-align:center;color:#1a7f37;font-weight:700}th.rot{font-size:.8em;min-width:5.5rem}
.id{font-family:ui-monospace,monospace;white-space:nowrap}
.status{border-radius:1em;padding:0 .6em;font-size:.8em;white-space:nowrap;background:#eaeef2}.status-en_cours{background:#fff8c5}
.status-deploye{background:#dafbe1}.status-arrete{background:#ffebe9}ul{margin:.2rem 0 .8rem}`,
    body: `<h1>${t.title}</h1>
<p class="muted">${services.length} ${t.services}${options.generatedAt ? ` · ${t.generated} ${esc(options.generatedAt.toISOString())}` : ''}</p>
${body}
${skipped.length ? `<h2>${t.skipped}</h2>\n<p class="muted">${t.skippedWhy}</p>\n<ul>${skipped.map((p) => `<li><code>${esc(p)}</code></li>`).join('')}</ul>` : ''}`,
  });
}

function label(labels: SheetLabels, table: string, value: string | number, locale: Locale): string {
  return lookup(labels.values[table], String(value))?.[locale] ?? String(value);
}

function statusBadge(s: SheetFacts, labels: SheetLabels, locale: Locale): string {
  if (!s.statut || !lookup(labels.values.statut, s.statut)) return '';
  return ` <span class="status status-${esc(s.statut)}">${esc(label(labels, 'statut', s.statut, locale))}</span>`;
}

function serviceName(s: SheetFacts): string {
  return `<span class="id">${esc(s.id ?? '')}</span> ${esc(s.titre ?? '')}`;
}

function statusCards(services: SheetFacts[], labels: SheetLabels, locale: Locale): string {
  const t = T[locale];
  const codes = Object.keys(labels.values.statut ?? {});
  const known = new Set(codes);
  const card = (n: number, text: string) => `<div class="card"><div class="n">${n}</div>${esc(text)}</div>`;
  const cards = codes.map((c) => card(services.filter((s) => s.statut === c).length, label(labels, 'statut', c, locale)));
  const unknown = services.filter((s) => !s.statut || !known.has(s.statut)).length;
  if (unknown) cards.push(card(unknown, t.noStatus));
  return `<h2>${t.statuses}</h2>\n<div class="cards">${cards.join('')}</div>`;
}

/** Services grouped by axis 1..5, then those whose axis is missing or invalid. */
function groupByAxis(services: SheetFacts[], labels: SheetLabels): { axe?: string; services: SheetFacts[] }[] {
  const axes = Object.keys(labels.values.axe ?? {});
  const groups: { axe?: string; services: SheetFacts[] }[] = axes.map((a) => ({ axe: a, services: services.filter((s) => String(s.axe) === a) }));
  groups.push({ services: services.filter((s) => s.axe === undefined || !axes.includes(String(s.axe))) });
  return groups.filter((g) => g.services.length > 0);
}

function axisTitle(axe: string | undefined, labels: SheetLabels, locale: Locale): string {
  return axe === undefined ? T[locale].noAxis : `${T[locale].axis} ${axe} - ${label(labels, 'axe', axe, locale)}`;
}

/** The SDRSIS "Tableau de synthèse": domains on the left, the service in the middle, actors on the right. */
function synthesis(services: SheetFacts[], labels: SheetLabels, locale: Locale): string {
  const t = T[locale];
  const domains = Object.keys(labels.values['domaines[]'] ?? {});
  const actors = Object.keys(labels.values['beneficiaires[]'] ?? {});
  const head = (table: string, codes: string[]) => codes.map((c) => `<th class="rot" scope="col">${esc(label(labels, table, c, locale))}</th>`).join('');
  const ticks = (have: string[], table: string, codes: string[]) =>
    codes.map((c) => (have.includes(c) ? `<td class="tick" title="${esc(label(labels, table, c, locale))}">✓</td>` : '<td></td>')).join('');
  const rows = groupByAxis(services, labels)
    .map((g) => {
      const axisRow = `<tr><th class="axis" colspan="${domains.length + actors.length + 1}" scope="rowgroup">${esc(axisTitle(g.axe, labels, locale))}</th></tr>`;
      const serviceRows = g.services.map(
        (s) => `<tr>${ticks(s.domaines, 'domaines[]', domains)}<th scope="row">${serviceName(s)}${statusBadge(s, labels, locale)}</th>${ticks(s.beneficiaires, 'beneficiaires[]', actors)}</tr>`,
      );
      return [axisRow, ...serviceRows].join('\n');
    })
    .join('\n');
  return `<h2>${t.synthesis}</h2>
<table>
<thead><tr><th colspan="${domains.length}" scope="colgroup">${t.domain}</th><th rowspan="2" scope="col">${t.service}</th><th colspan="${actors.length}" scope="colgroup">${t.actors}</th></tr>
<tr>${head('domaines[]', domains)}${head('beneficiaires[]', actors)}</tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

function byAxis(services: SheetFacts[], labels: SheetLabels, locale: Locale): string {
  const sections = groupByAxis(services, labels).map(
    (g) =>
      `<h3>${esc(axisTitle(g.axe, labels, locale))} <span class="muted">(${g.services.length})</span></h3>\n<ul>${g.services
        .map((s) => `<li>${serviceName(s)}${statusBadge(s, labels, locale)}</li>`)
        .join('')}</ul>`,
  );
  return `<h2>${T[locale].byAxis}</h2>\n${sections.join('\n')}`;
}

function socles(services: SheetFacts[], labels: SheetLabels, locale: Locale): string {
  const t = T[locale];
  const codes = Object.keys(labels.values['services_socles[]'] ?? {});
  const list = (users: SheetFacts[]) => (users.length ? users.map((s) => serviceName(s)).join('<br>') : `<span class="muted">${t.none}</span>`);
  const rows = codes.map((c) => {
    const users = services.filter((s) => s.socles.includes(c));
    return `<tr><th scope="row">${esc(label(labels, 'services_socles[]', c, locale))} <code>${esc(c)}</code></th><td class="num">${users.length}</td><td>${list(users)}</td></tr>`;
  });
  const without = services.filter((s) => !s.socles.some((c) => codes.includes(c)));
  rows.push(`<tr><th scope="row">${t.noSocle}</th><td class="num">${without.length}</td><td>${list(without)}</td></tr>`);
  return `<h2>${t.socles}</h2>
<table>
<thead><tr><th scope="col">${t.socle}</th><th scope="col">${t.count}</th><th scope="col">${t.usedBy}</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
}
