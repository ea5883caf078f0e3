/**
 * The custom requests of the VS Code client (see `protocol.ts`), with file access injected by the server so that
 * this module stays free of I/O and of LSP plumbing.
 */
import type { DataSource } from '../engine/data';
import type { Engine, Finding, ValidationResult } from '../engine';
import type {
  AttachmentParams,
  AttachmentResponse,
  DocumentInfo,
  DocumentInfoParams,
  PortfolioParams,
  PortfolioResponse,
  PreviewParams,
  PreviewResponse,
  RenderReportParams,
  RenderReportResponse,
  ValidatedFile,
  ValidateFilesParams,
  ValidateFilesResponse,
} from '../protocol';
import { decodeBytes } from '../engine/encoding';
import { toHtml } from '../report/html';
import { buildRunReport, toJson } from '../report/model';
import { renderPortfolio } from '../service-sheet/portfolio';
import type { Diagnostic } from 'vscode-languageserver-types';
import { adoptStandalonePage } from './adopt';
import { nonXmlAttachment } from './cda';
import { renderPreview } from './index';

export interface PreviewServiceDeps {
  engine: Engine;
  data: DataSource;
  /** The text of an open document; undefined when it is not open. */
  openText(uri: string): string | undefined;
  /** The bytes of a file on disk; undefined when it cannot be read. */
  readBytes(uri: string): Uint8Array | undefined;
  /** File path of a URI (for opt-in family detection), when it is a file. */
  pathOf(uri: string): string | undefined;
  /** Validation of an open document, from the server's cache; undefined when the document is not open. */
  openResult(uri: string): (ValidationResult & { lsp: Diagnostic[] }) | undefined;
  toDiagnostic(f: Finding): Diagnostic;
}

export function createPreviewService(deps: PreviewServiceDeps) {
  const { engine } = deps;
  /** Open documents come from the editor; files on disk are decoded (BOM, XML declaration) without validating them. */
  const readText = (uri: string): string | undefined => {
    const open = deps.openText(uri);
    if (open !== undefined) return open;
    const bytes = deps.readBytes(uri);
    return bytes === undefined ? undefined : decodeBytes(bytes).text;
  };
  const validateUri = (uri: string): ValidatedFile | undefined => {
    const open = deps.openResult(uri);
    if (open) return { uri, family: open.family, kind: open.kind, findings: open.diagnostics, diagnostics: open.lsp };
    const bytes = deps.readBytes(uri);
    if (bytes === undefined) return undefined;
    const r = engine.validateBytes(bytes, deps.pathOf(uri));
    return { uri, family: r.family, kind: r.kind, findings: r.diagnostics, diagnostics: r.diagnostics.map(deps.toDiagnostic) };
  };

  return {
    preview(p: PreviewParams): PreviewResponse | null {
      const text = readText(p.uri);
      if (text === undefined) return null;
      const open = deps.openResult(p.uri);
      const r = renderPreview(engine, deps.data, { text, path: deps.pathOf(p.uri), shell: p.shell, findings: open?.diagnostics, kind: open?.kind });
      return { html: r.html, family: open?.family ?? r.family, title: r.title, ok: r.ok };
    },

    documentInfo(p: DocumentInfoParams): DocumentInfo | null {
      const v = validateUri(p.uri);
      if (!v) return null;
      const count = (...s: Finding['severity'][]) => v.findings.filter((f) => s.includes(f.severity)).length;
      return { family: v.family, kind: v.kind, errors: count('error'), warnings: count('warning'), infos: count('information', 'hint') };
    },

    validateFiles(p: ValidateFilesParams): ValidateFilesResponse {
      return { files: p.uris.map(validateUri).filter((f): f is ValidatedFile => f !== undefined) };
    },

    renderReport(p: RenderReportParams): RenderReportResponse {
      const run = buildRunReport(p.files);
      const html = toHtml(run, engine.registry.all(), engine.settings.locale, new Date());
      return { html, json: toJson(run) + '\n', webviewHtml: adoptStandalonePage(html, { cspSource: p.cspSource }) };
    },

    portfolio(p: PortfolioParams): PortfolioResponse {
      const sheets = p.uris.flatMap((uri, i) => {
        const text = readText(uri);
        return text === undefined ? [] : [{ path: p.paths[i] ?? uri, text }];
      });
      const html = renderPortfolio(sheets, engine.settings.locale, { data: deps.data, generatedAt: new Date() });
      return { webviewHtml: adoptStandalonePage(html, { cspSource: p.cspSource }), sheets: sheets.length };
    },

    attachment(p: AttachmentParams): AttachmentResponse {
      const text = readText(p.uri);
      return text === undefined ? null : (nonXmlAttachment(text) ?? null);
    },
  };
}
