/**
 * Previews of documents as webview pages: the family decides the renderer. Pure: text and engine in, HTML out;
 * no VS Code, no file system beyond the engine's bundled data.
 */
import type { DataSource } from '../engine/data';
import type { Engine, Family, Finding, Locale } from '../engine';
import { loadPgssiTables } from '../pgssi/tables';
import { renderCdaBody, type PreviewBody } from './cda';
import { esc, page, type Shell } from './html';
import { renderRorBody } from './ror';
import { renderSheetBody } from './sheet';
import { renderFindings } from './findings';
import { strings } from './strings';

export type { Shell } from './html';
export { adoptStandalonePage } from './adopt';
export { nonXmlAttachment } from './cda';

export interface PreviewResult {
  html: string;
  family: Family;
  title: string;
  /** False when the text could not be read: a live preview may keep showing its last good rendering. */
  ok: boolean;
}

export interface PreviewInput {
  text: string;
  /** File path when known (family detection of opt-in files). */
  path?: string;
  shell: Shell;
  /** Findings already computed for this text, if the caller has them; otherwise the engine validates. */
  findings?: Finding[];
  kind?: string;
}

export function renderPreview(engine: Engine, data: DataSource, input: PreviewInput): PreviewResult {
  const locale: Locale = engine.settings.locale;
  const validated = input.findings ? undefined : engine.validate(input.text, input.path);
  const findings = input.findings ?? validated!.diagnostics;
  const family = validated?.family ?? engine.detect(input.text, input.path);
  const kind = input.kind ?? validated?.kind;
  let body: PreviewBody;
  switch (family) {
    case 'cda':
      body = renderCdaBody({ text: input.text, locale, findings, kind, nos: engine.nos, ins: loadPgssiTables(data)?.ins });
      break;
    case 'ror':
      {
        const pgssi = loadPgssiTables(data);
        body = renderRorBody(input.text, findings, locale, pgssi?.ins, pgssi?.systems);
      }
      break;
    case 'service-sheet':
      body = renderSheetBody(input.text, findings, locale, data);
      break;
    default:
      body = { body: `${renderFindings(findings, locale)}\n<p class="notice">${esc(noPreview(locale))}</p>`, title: 'Interop Santé', ok: true };
  }
  return {
    html: page(input.shell, { lang: locale, title: body.title, body: `${staleBanner(locale)}\n${body.body}`, bodyClass: `preview family-${family}` }),
    family,
    title: body.title,
    ok: body.ok,
  };
}

/** Shown by our script over the last good rendering while the source is not readable. */
const staleBanner = (locale: Locale) => `<div class="stale-banner" role="status">${esc(strings(locale).stale)}</div>`;

const noPreview = (locale: Locale) =>
  locale === 'fr'
    ? "Pas d'aperçu pour ce fichier : il n'appartient à aucune famille prise en charge (CDA, ROR, fiche de service)."
    : 'No preview for this file: it belongs to no supported family (CDA, ROR, service sheet).';
