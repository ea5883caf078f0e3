/** "Show portfolio": the synthesis views of the service sheets of a folder, rendered by the server's portfolio page. */
import * as path from 'node:path';
import { CancellationTokenSource, l10n, Uri, ViewColumn, window, workspace, type ExtensionContext, type WebviewPanel } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { PortfolioRequest, type PortfolioParams, type PortfolioResponse } from '../../server/src/protocol';
import { findCandidateFiles, validateInBatches } from './files';
import { createPanel } from './webview';

/** The folder: the one clicked in the explorer, else the active sheet's folder, else the workspace folder. */
function targetFolder(arg: unknown): Uri | undefined {
  if (arg instanceof Uri) return arg;
  const active = window.activeTextEditor?.document.uri;
  if (active?.scheme === 'file' && /\.ya?ml$/i.test(active.path)) return Uri.file(path.dirname(active.fsPath));
  return workspace.workspaceFolders?.[0]?.uri;
}

export async function showPortfolio(context: ExtensionContext, client: LanguageClient, arg: unknown): Promise<{ panel: WebviewPanel; sheets: number } | undefined> {
  const folder = targetFolder(arg);
  if (!folder) {
    void window.showWarningMessage(l10n.t('Open a folder of service sheets to show its portfolio.'));
    return undefined;
  }
  const cancel = new CancellationTokenSource();
  const yaml = await findCandidateFiles(folder, '{yaml,yml}', cancel.token);
  // Only service sheets: other YAML files (CI, OpenAPI…) are not part of a portfolio.
  const sheets = (await validateInBatches(client, yaml, { report: () => undefined }, cancel.token)).filter((f) => f.family === 'service-sheet');
  const panel = createPanel(context, 'interopSante.portfolio', l10n.t('Portfolio: {0}', path.basename(folder.path)), false, ViewColumn.Active);
  const params: PortfolioParams = {
    uris: sheets.map((s) => s.uri),
    paths: sheets.map((s) => workspace.asRelativePath(Uri.parse(s.uri), false)),
    cspSource: panel.webview.cspSource,
  };
  const res = await client.sendRequest<PortfolioResponse | null>(PortfolioRequest, params);
  if (!res) {
    panel.dispose();
    void window.showErrorMessage(l10n.t('The portfolio could not be rendered; see the Interop Santé output.'));
    return undefined;
  }
  panel.webview.html = res.webviewHtml;
  return { panel, sheets: res.sheets };
}
