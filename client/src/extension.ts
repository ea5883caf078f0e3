/**
 * The VS Code face: starts the language server and hands it XML/JSON/YAML documents (the server decides what it
 * owns by content), and adds previews, workspace validation, the conformity report, rule documentation and the
 * portfolio view.
 */
import { commands, Disposable, l10n, languages, Uri, window, workspace, type ExtensionContext, type LogOutputChannel } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient, LANGUAGES } from './languageClient';
import { showPortfolio } from './portfolio';
import { PreviewManager } from './preview';
import { generateReport } from './report';
import { openRuleDoc, RuleDocActions } from './ruleDocs';
import { DocumentStatus } from './status';
import { WorkspaceValidation } from './validateWorkspace';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const output: LogOutputChannel = window.createOutputChannel('Interop Santé', { log: true });
  context.subscriptions.push(output);
  client = createLanguageClient(context, output);
  const current = () => client;
  const log = (m: string) => output.error(m);

  const previews = new PreviewManager(context, current, log);
  const status = new DocumentStatus(current);
  const workspaceRun = new WorkspaceValidation(current);
  context.subscriptions.push(previews, status, workspaceRun);

  const running = async () => {
    if (!client) throw new Error('Interop Santé: language server not started');
    if (!client.isRunning()) await client.start();
    return client;
  };
  const targetUri = (arg: unknown): Uri | undefined => (arg instanceof Uri ? arg : window.activeTextEditor?.document.uri);

  context.subscriptions.push(
    commands.registerCommand('interopSante.preview', async (arg?: unknown) => {
      const uri = targetUri(arg);
      if (!uri) {
        void window.showInformationMessage(l10n.t('Open a CDA document, a ROR payload or a service sheet to preview it.'));
        return undefined;
      }
      await running();
      return previews.open(uri);
    }),
    commands.registerCommand('interopSante.validateWorkspace', async () => {
      await running();
      return workspaceRun.run();
    }),
    commands.registerCommand('interopSante.generateReport', async (arg?: unknown) => generateReport(context, await running(), arg)),
    commands.registerCommand('interopSante.showPortfolio', async (arg?: unknown) => showPortfolio(context, await running(), arg)),
    commands.registerCommand('interopSante.openRuleDoc', (rule?: unknown) => openRuleDoc(context, rule)),
    commands.registerCommand('interopSante.openEmbeddedFile', async (arg?: unknown) => {
      const uri = targetUri(arg);
      await running();
      return uri ? previews.openExternal(uri) : undefined;
    }),
    commands.registerCommand('interopSante.showOutput', () => output.show(true)),
    commands.registerCommand('interopSante.restartServer', async () => {
      // A new client, not client.restart(): the document selector (opted-in text files) may have changed.
      const old = client;
      client = createLanguageClient(context, output);
      await old?.dispose();
      await client.start();
      status.updateSelector();
      status.schedule(0);
    }),
    // For tests and scripts: the rendering a document's open preview shows now (live updates included).
    commands.registerCommand('interopSante.previewState', (arg?: unknown) => {
      const uri = targetUri(arg);
      return uri ? previews.current(uri) : undefined;
    }),
    // For tests and scripts: what the language status shows for a document.
    commands.registerCommand('interopSante.documentInfo', async (arg?: unknown) => {
      const uri = targetUri(arg);
      if (!uri) return undefined;
      await running();
      return status.infoFor(await workspace.openTextDocument(uri));
    }),
    languages.registerCodeActionsProvider(
      LANGUAGES.map((language) => ({ language })),
      new RuleDocActions(),
      { providedCodeActionKinds: RuleDocActions.kinds },
    ),
    workspace.onDidGrantWorkspaceTrust(() => void commands.executeCommand('interopSante.restartServer')),
    workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('interopSante.textFiles')) void promptRestart();
    }),
    new Disposable(() => void client?.stop()),
  );

  await client.start();
  status.schedule(0);
}

async function promptRestart(): Promise<void> {
  const restart = l10n.t('Restart');
  const choice = await window.showInformationMessage(l10n.t('The list of text files checked changed: restart the Interop Santé server to apply it.'), restart);
  if (choice === restart) await commands.executeCommand('interopSante.restartServer');
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
