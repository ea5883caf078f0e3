/** Helpers of the API-level suite: workspace files, waiting for the language server, our diagnostics only. */
import * as assert from 'node:assert';
import * as vscode from 'vscode';

export const SOURCE = 'interop-sante';

export function wsUri(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need a workspace folder');
  return vscode.Uri.joinPath(folder.uri, rel);
}

export async function open(rel: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(wsUri(rel));
  return vscode.window.showTextDocument(doc);
}

/** Polls `get` until `ok` holds; fails with the last value after `timeout` ms. */
export async function waitFor<T>(get: () => T | PromiseLike<T>, ok: (v: T) => boolean, timeout = 20_000, what = 'condition'): Promise<T> {
  const end = Date.now() + timeout;
  let last = await get();
  while (!ok(last)) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}; last value: ${JSON.stringify(last)?.slice(0, 600)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await get();
  }
  return last;
}

export const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);

export const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

/** What the language status shows for a file (family, volet, counts), straight from the server. */
export interface Info {
  family: string;
  kind?: string;
  errors: number;
  warnings: number;
  infos: number;
}
export const info = (uri: vscode.Uri) => vscode.commands.executeCommand<Info | undefined>('interopSante.documentInfo', uri);

/** Waits until the editor shows as many of our diagnostics as the server found for the file. */
export async function settledDiagnostics(uri: vscode.Uri): Promise<vscode.Diagnostic[]> {
  const i = await waitFor(() => info(uri), (v) => !!v && v.family !== undefined, 20_000, `document info of ${uri.path}`);
  const total = i!.errors + i!.warnings + i!.infos;
  return waitFor(() => ours(uri), (d) => d.length === total, 20_000, `${total} diagnostics on ${uri.path}`);
}

export function textAt(doc: vscode.TextDocument, range: vscode.Range): string {
  return doc.getText(range);
}
