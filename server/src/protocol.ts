/**
 * The custom LSP requests between the VS Code client and the server (method names and payloads). Types only:
 * both sides import this file, neither pulls the other's code.
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import type { Family, Finding } from './engine/types';
import type { Shell } from './preview/html';

/** An HTML preview of an open (or on-disk) document. */
export const PreviewRequest = 'interopSante/preview';
export interface PreviewParams {
  uri: string;
  shell: Shell;
}
export interface PreviewResponse {
  html: string;
  family: Family;
  title: string;
  /** False when the document could not be read (e.g. XML not well-formed while typing). */
  ok: boolean;
}

/** What the language status shows for a document: its family, its sub-type (CDA volet) and counts. */
export const DocumentInfoRequest = 'interopSante/documentInfo';
export interface DocumentInfoParams {
  uri: string;
}
export interface DocumentInfo {
  family: Family;
  kind?: string;
  errors: number;
  warnings: number;
  infos: number;
}

/** Validates files from disk (or from the editor when open): the workspace validation and the report use it. */
export const ValidateFilesRequest = 'interopSante/validateFiles';
export interface ValidateFilesParams {
  uris: string[];
}
export interface ValidatedFile {
  uri: string;
  family: Family;
  kind?: string;
  findings: Finding[];
  /** The same findings as LSP diagnostics (source, code, documentation link). */
  diagnostics: Diagnostic[];
}
export interface ValidateFilesResponse {
  files: ValidatedFile[];
}

/** Renders the conformity report of already validated files. */
export const RenderReportRequest = 'interopSante/renderReport';
export interface RenderReportParams {
  files: { path: string; family: Family; kind?: string; diagnostics: Finding[] }[];
  cspSource: string;
}
export interface RenderReportResponse {
  /** The standalone report.html (its own CSP, no script). */
  html: string;
  /** report.json, version 1 (as `interop-sante report`). */
  json: string;
  /** The same page with the webview's CSP. */
  webviewHtml: string;
}

/** The portfolio view of a set of service sheets. */
export const PortfolioRequest = 'interopSante/portfolio';
export interface PortfolioParams {
  uris: string[];
  /** Paths as shown in the page (relative to the workspace), in the order of `uris`. */
  paths: string[];
  cspSource: string;
}
export interface PortfolioResponse {
  webviewHtml: string;
  sheets: number;
}

/** The embedded document of an unstructured CDA (PDF, RTF…), to open outside VS Code. */
export const AttachmentRequest = 'interopSante/attachment';
export interface AttachmentParams {
  uri: string;
}
export type AttachmentResponse = { mediaType: string; base64: string } | null;
