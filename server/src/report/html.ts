import { isPgssiRule, type RuleMeta } from '../engine/rules';
import type { Locale } from '../engine/types';
import { escapeXml as esc, type RunReport } from './model';
import { standalonePage } from './page';

const T = {
  fr: {
    title: 'Rapport de conformité Interop Santé',
    generated: 'Généré le',
    files: 'Fichiers',
    errors: 'Erreurs',
    warnings: 'Avertissements',
    infos: 'Informations',
    conform: 'Conformes (sans erreur)',
    byRule: 'Constats par règle',
    byFile: 'Constats par fichier',
    pgssi: 'Sécurité et identité (PGSSI-S, INS, identifiants)',
    pgssiNone: 'Aucun constat PGSSI-S, INS ou identifiant.',
    pgssiByRule: 'Par règle',
    pgssiByFile: 'Par fichier',
    file: 'Fichier',
    rules: 'Règles',
    rule: 'Règle',
    severity: 'Sévérité',
    count: 'Nombre',
    inFiles: 'Fichiers concernés',
    family: 'Famille',
    kind: 'Type',
    noFinding: 'Aucun constat.',
    source: 'Source',
    position: 'Position',
    message: 'Message',
    sev: { error: 'erreur', warning: 'avertissement', information: 'information', hint: 'indice' },
  },
  en: {
    title: 'Interop Santé conformity report',
    generated: 'Generated on',
    files: 'Files',
    errors: 'Errors',
    warnings: 'Warnings',
    infos: 'Information',
    conform: 'Conforming (no error)',
    byRule: 'Findings by rule',
    byFile: 'Findings by file',
    pgssi: 'Security and identity (PGSSI-S, INS, identifiers)',
    pgssiNone: 'No PGSSI-S, INS or identifier finding.',
    pgssiByRule: 'By rule',
    pgssiByFile: 'By file',
    file: 'File',
    rules: 'Rules',
    rule: 'Rule',
    severity: 'Severity',
    count: 'Count',
    inFiles: 'Files',
    family: 'Family',
    kind: 'Type',
    noFinding: 'No finding.',
    source: 'Source',
    position: 'Position',
    message: 'Message',
    sev: { error: 'error', warning: 'warning', information: 'information', hint: 'hint' },
  },
} as const;

/** A self-contained page: inline CSS, no script, no external asset; every document-derived string is escaped. */
export function toHtml(run: RunReport, rules: RuleMeta[], locale: Locale, generatedAt: Date): string {
  const t = T[locale];
  const meta = new Map(rules.map((r) => [r.id, r]));
  const perRule = new Map<string, { count: number; files: Set<string>; severity: string }>();
  let infos = 0;
  for (const f of run.files) {
    for (const d of f.diagnostics) {
      if (d.severity === 'information' || d.severity === 'hint') infos++;
      const e = perRule.get(d.rule) ?? { count: 0, files: new Set<string>(), severity: d.severity };
      e.count++;
      e.files.add(f.path);
      perRule.set(d.rule, e);
    }
  }
  const conforming = run.files.filter((f) => !f.diagnostics.some((d) => d.severity === 'error')).length;
  const ruleRows = (filter: (id: string) => boolean) =>
    [...perRule.entries()]
      .filter(([id]) => filter(id))
      .sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]))
      .map(([id, e]) => {
        const m = meta.get(id);
        return `<tr><td><code>${esc(id)}</code><div class="muted">${esc(m?.title[locale] ?? '')}</div></td><td class="sev-${e.severity}">${esc(
          t.sev[e.severity as keyof typeof t.sev] ?? e.severity,
        )}</td><td class="num">${e.count}</td><td class="num">${e.files.size}</td><td class="muted">${esc(m?.source ?? '')}</td></tr>`;
      })
      .join('\n');
  const ruleTable = (rows: string) =>
    `<table><thead><tr><th>${t.rule}</th><th>${t.severity}</th><th>${t.count}</th><th>${t.inFiles}</th><th>${t.source}</th></tr></thead><tbody>${rows}</tbody></table>`;
  const security = (id: string) => isPgssiRule(meta.get(id));
  const securityRows = ruleRows(security);
  const securityFiles = run.files
    .map((f) => ({ f, found: f.diagnostics.filter((d) => security(d.rule)) }))
    .filter(({ found }) => found.length > 0)
    .map(({ f, found }) => {
      const bySeverity = (sev: string) => found.filter((d) => d.severity === sev).length;
      const counts = new Map<string, number>();
      for (const d of found) counts.set(d.rule, (counts.get(d.rule) ?? 0) + 1);
      const rules = [...counts].map(([id, n]) => `<code>${esc(id)}</code>${n > 1 ? ` ×${n}` : ''}`).join(', ');
      return `<tr><td class="path">${esc(f.path)}</td><td class="num sev-error">${bySeverity('error')}</td><td class="num sev-warning">${bySeverity('warning')}</td><td class="num">${
        bySeverity('information') + bySeverity('hint')
      }</td><td>${rules}</td></tr>`;
    })
    .join('\n');
  const securityFileTable = `<table><thead><tr><th>${t.file}</th><th>${t.errors}</th><th>${t.warnings}</th><th>${t.infos}</th><th>${t.rules}</th></tr></thead><tbody>${securityFiles}</tbody></table>`;
  const fileSections = run.files
    .map((f) => {
      const errs = f.diagnostics.filter((d) => d.severity === 'error').length;
      const warns = f.diagnostics.filter((d) => d.severity === 'warning').length;
      const items = f.diagnostics
        .map(
          (d) =>
            `<tr><td class="num">${d.range.start.line + 1}:${d.range.start.character + 1}</td><td class="sev-${d.severity}">${esc(
              t.sev[d.severity],
            )}</td><td><code>${esc(d.rule)}</code></td><td>${esc(d.message)}</td></tr>`,
        )
        .join('\n');
      return `<details${errs > 0 ? ' open' : ''}><summary><span class="path">${esc(f.path)}</span> <span class="badge">${esc(f.family)}${
        f.kind ? ' · ' + esc(f.kind) : ''
      }</span> <span class="sev-error">${errs} ${t.errors.toLowerCase()}</span> · <span class="sev-warning">${warns} ${t.warnings.toLowerCase()}</span></summary>${
        items
          ? `<table><thead><tr><th>${t.position}</th><th>${t.severity}</th><th>${t.rule}</th><th>${t.message}</th></tr></thead><tbody>${items}</tbody></table>`
          : `<p class="muted">${t.noFinding}</p>`
      }</details>`;
    })
    .join('\n');
  const s = run.summary;
  return standalonePage({
    lang: locale,
    title: t.title,
    dataImages: true,
    css: `th,td{border-bottom:1px solid #eaeef2;padding:.35rem .5rem;text-align:left;vertical-align:top}th{background:#f6f8fa}
.sev-error{color:#cf222e;font-weight:600}.sev-warning{color:#9a6700;font-weight:600}.sev-information,.sev-hint{color:#0969da}
details{border:1px solid #d0d7de;border-radius:6px;margin:.5rem 0;padding:.4rem .8rem}summary{cursor:pointer}
.path{font-family:ui-monospace,monospace}.badge{background:#ddf4ff;border-radius:1em;padding:0 .6em;font-size:.85em}`,
    body: `<h1>${t.title}</h1>
<p class="muted">${t.generated} ${esc(generatedAt.toISOString())}</p>
<div class="cards">
<div class="card"><div class="n">${s.files}</div>${t.files}</div>
<div class="card"><div class="n">${conforming}</div>${t.conform}</div>
<div class="card"><div class="n sev-error">${s.errors}</div>${t.errors}</div>
<div class="card"><div class="n sev-warning">${s.warnings}</div>${t.warnings}</div>
<div class="card"><div class="n">${infos}</div>${t.infos}</div>
</div>
<h2>${t.byRule}</h2>
${perRule.size ? ruleTable(ruleRows(() => true)) : `<p class="muted">${t.noFinding}</p>`}
<h2>${t.pgssi}</h2>
${securityRows ? `<h3>${t.pgssiByRule}</h3>\n${ruleTable(securityRows)}\n<h3>${t.pgssiByFile}</h3>\n${securityFileTable}` : `<p class="muted">${t.pgssiNone}</p>`}
<h2>${t.byFile}</h2>
${fileSections}`,
  });
}
