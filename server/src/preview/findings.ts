import type { Finding, Locale } from '../engine/types';
import { esc } from './html';
import { strings } from './strings';

/** The document's findings at the top of a preview; each one links (through our script) to its position. */
export function renderFindings(findings: Finding[], locale: Locale): string {
  const t = strings(locale);
  if (findings.length === 0) return `<div class="findings findings-ok">✓ ${esc(t.noFinding)}</div>`;
  const count = (s: Finding['severity'][]) => findings.filter((f) => s.includes(f.severity)).length;
  const errors = count(['error']);
  const warnings = count(['warning']);
  const infos = count(['information', 'hint']);
  const summary = [
    errors ? `<span class="sev-error">${errors} ${esc(t.errors)}</span>` : '',
    warnings ? `<span class="sev-warning">${warnings} ${esc(t.warnings)}</span>` : '',
    infos ? `<span class="sev-information">${infos} ${esc(t.infos)}</span>` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const items = findings
    .map((f) => {
      const { line, character } = f.range.start;
      return `<li class="finding sev-${f.severity}"><a href="#" class="goto" data-line="${line}" data-character="${character}">${esc(t.line)} ${
        line + 1
      }</a> <span class="badge sev-${f.severity}">${esc(t.sev[f.severity])}</span> <code>${esc(f.rule)}</code> ${esc(f.message)}</li>`;
    })
    .join('\n');
  return `<details class="findings"${errors ? ' open' : ''}><summary>${esc(t.findings)}${t.colon} ${summary}</summary>\n<ul>\n${items}\n</ul>\n</details>`;
}
