/**
 * "Generate conformity report": validates a workspace folder (or a folder picked in the explorer), writes
 * report.html and report.json into the report folder, and shows the HTML in a webview.
 */
import * as path from 'node:path';
import { l10n, ProgressLocation, Uri, ViewColumn, window, workspace, type ExtensionContext, type WorkspaceFolder } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { RenderReportRequest, type RenderReportParams, type RenderReportResponse } from '../../server/src/protocol';
import { findCandidateFiles, validateInBatches } from './files';
import { projectConfig } from './project';
import { createPanel } from './webview';

export interface ReportRun {
  html: Uri;
  json: Uri;
  files: number;
  errors: number;
  warnings: number;
}

const DEFAULT_FOLDER = 'out/report';

/** The report folder: the setting, else the project file's `reportDir`, else `out/report`; relative to the workspace folder. */
export function reportFolder(folder: WorkspaceFolder): Uri {
  const setting = workspace.getConfiguration('interopSante', folder.uri).get<string>('reportFolder')?.trim();
  const chosen = setting || projectConfig(folder).reportDir || DEFAULT_FOLDER;
  return path.isAbsolute(chosen) ? Uri.file(chosen) : Uri.joinPath(folder.uri, chosen);
}

export async function pickTarget(arg: unknown): Promise<{ folder: WorkspaceFolder; base: Uri } | undefined> {
  if (arg instanceof Uri) {
    const folder = workspace.getWorkspaceFolder(arg);
    if (folder) return { folder, base: arg };
  }
  const folders = workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0] ? { folder: folders[0], base: folders[0].uri } : undefined;
  const folder = await window.showWorkspaceFolderPick({ placeHolder: l10n.t('Folder to report on') });
  return folder ? { folder, base: folder.uri } : undefined;
}

export async function generateReport(context: ExtensionContext, client: LanguageClient, arg: unknown): Promise<ReportRun | undefined> {
  const target = await pickTarget(arg);
  if (!target) {
    void window.showWarningMessage(l10n.t('Open a folder to generate a conformity report.'));
    return undefined;
  }
  return window.withProgress({ location: ProgressLocation.Notification, title: l10n.t('Interop Santé: conformity report'), cancellable: true }, async (progress, token) => {
    const uris = await findCandidateFiles(target.base.fsPath === target.folder.uri.fsPath ? target.folder : target.base, undefined, token);
    const validated = (await validateInBatches(client, uris, progress, token)).filter((f) => f.family !== 'unknown');
    if (token.isCancellationRequested) return undefined;
    progress.report({ message: l10n.t('writing the report') });
    const panel = createPanel(context, 'interopSante.report', l10n.t('Conformity report'), false, ViewColumn.Active);
    const params: RenderReportParams = {
      files: validated.map((f) => ({ path: workspace.asRelativePath(Uri.parse(f.uri), false), family: f.family, kind: f.kind, diagnostics: f.findings })),
      cspSource: panel.webview.cspSource,
    };
    const rendered = await client.sendRequest<RenderReportResponse | null>(RenderReportRequest, params, token);
    if (!rendered) {
      panel.dispose();
      void window.showErrorMessage(l10n.t('The report could not be rendered; see the Interop Santé output.'));
      return undefined;
    }
    const out = reportFolder(target.folder);
    await workspace.fs.createDirectory(out);
    const html = Uri.joinPath(out, 'report.html');
    const json = Uri.joinPath(out, 'report.json');
    await workspace.fs.writeFile(html, Buffer.from(rendered.html, 'utf8'));
    await workspace.fs.writeFile(json, Buffer.from(rendered.json, 'utf8'));
    panel.webview.html = rendered.webviewHtml;
    const count = (s: string) => validated.reduce((n, f) => n + f.findings.filter((d) => d.severity === s).length, 0);
    const run = { html, json, files: validated.length, errors: count('error'), warnings: count('warning') };
    void window.showInformationMessage(l10n.t('Conformity report written to {0}: {1} file(s), {2} error(s), {3} warning(s).', workspace.asRelativePath(out), run.files, run.errors, run.warnings));
    return run;
  });
}
