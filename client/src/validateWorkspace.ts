/**
 * "Validate workspace": diagnostics for every matching file in the Problems panel. Files open in an editor keep
 * their live diagnostics from the language server; this collection holds the others, so nothing shows twice.
 */
import { commands, Disposable, l10n, languages, ProgressLocation, Uri, window, workspace, type DiagnosticCollection } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ValidateFilesRequest, type ValidatedFile, type ValidateFilesResponse } from '../../server/src/protocol';
import { findCandidateFiles, validateInBatches } from './files';

export interface WorkspaceRun {
  files: number;
  errors: number;
  warnings: number;
  cancelled: boolean;
}

export class WorkspaceValidation implements Disposable {
  private readonly collection: DiagnosticCollection = languages.createDiagnosticCollection('interop-sante-workspace');
  private readonly subscriptions: Disposable[] = [];
  private ran = false;

  constructor(private readonly client: () => LanguageClient | undefined) {
    this.subscriptions.push(
      // An opened file gets live diagnostics from the server: drop ours.
      workspace.onDidOpenTextDocument((d) => this.collection.delete(d.uri)),
      // A closed file loses its live diagnostics: put the workspace ones back.
      workspace.onDidCloseTextDocument((d) => void this.revalidate(d.uri)),
    );
  }

  async run(): Promise<WorkspaceRun> {
    const client = this.client();
    if (!client) return { files: 0, errors: 0, warnings: 0, cancelled: false };
    return window.withProgress(
      { location: ProgressLocation.Notification, title: l10n.t('Interop Santé: validating the workspace'), cancellable: true },
      async (progress, token) => {
        const uris = (await Promise.all((workspace.workspaceFolders ?? []).map((f) => findCandidateFiles(f, undefined, token)))).flat();
        const files = (await validateInBatches(client, uris, progress, token)).filter((f) => f.family !== 'unknown');
        this.collection.clear();
        for (const f of files) await this.set(client, f);
        this.ran = true;
        const count = (severity: string) => files.reduce((n, f) => n + f.findings.filter((d) => d.severity === severity).length, 0);
        const result = { files: files.length, errors: count('error'), warnings: count('warning'), cancelled: token.isCancellationRequested };
        const show = l10n.t('Show problems');
        void window
          .showInformationMessage(l10n.t('{0} file(s) validated: {1} error(s), {2} warning(s).', result.files, result.errors, result.warnings), show)
          .then((choice) => choice === show && void commands.executeCommand('workbench.actions.view.problems'));
        return result;
      },
    );
  }

  private isOpen(uri: Uri): boolean {
    return workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
  }

  private async set(client: LanguageClient, f: ValidatedFile): Promise<void> {
    const uri = Uri.parse(f.uri);
    if (this.isOpen(uri)) return;
    this.collection.set(uri, await client.protocol2CodeConverter.asDiagnostics(f.diagnostics));
  }

  private async revalidate(uri: Uri): Promise<void> {
    const client = this.client();
    if (!this.ran || !client || uri.scheme !== 'file') return;
    try {
      const res = await client.sendRequest<ValidateFilesResponse>(ValidateFilesRequest, { uris: [uri.toString()] });
      for (const f of res.files) if (f.family !== 'unknown') await this.set(client, f);
    } catch {
      // the file may be gone; its entry simply stays empty
    }
  }

  dispose(): void {
    this.collection.dispose();
    this.subscriptions.forEach((s) => s.dispose());
  }
}
