/** Starts the bundled language server over IPC for the files it may own; the server decides by content. */
import * as path from 'node:path';
import { workspace, type ExtensionContext, type LogOutputChannel } from 'vscode';
import { LanguageClient, RevealOutputChannelOn, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { projectConfig } from './project';

export const LANGUAGES = ['xml', 'json', 'jsonc', 'yaml'];

/** Our documents: the stock XML/JSON/YAML languages (no language of our own: Red Hat XML/YAML keep working) and opted-in text files. */
/** Both VS Code's and the language client's selector types accept this shape. */
type Filter = { scheme: string; language?: string; pattern?: string };

export function documentSelector(): Filter[] {
  const selector: Filter[] = LANGUAGES.flatMap((language) => [
    { scheme: 'file', language },
    { scheme: 'untitled', language },
  ]);
  for (const pattern of textFileGlobs()) selector.push({ scheme: 'file', pattern });
  return selector;
}

/** `interopSante.textFiles`, else the project file's `textFiles`. */
export function textFileGlobs(): string[] {
  const setting = workspace.getConfiguration('interopSante').get<string[]>('textFiles') ?? [];
  const globs = setting.length ? setting : (projectConfig().textFiles ?? []);
  return globs.filter((g) => typeof g === 'string' && g.trim()).map((g) => (g.includes('/') ? g : `**/${g}`));
}

function clientSettings() {
  const c = workspace.getConfiguration('interopSante');
  return { rules: c.get('rules'), production: c.get('production'), nosFolder: c.get('nosFolder'), textFiles: c.get('textFiles') };
}

export function createLanguageClient(context: ExtensionContext, output: LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(),
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    synchronize: { configurationSection: 'interopSante', fileEvents: workspace.createFileSystemWatcher('**/interop-sante.config.json') },
    // Evaluated at each (re)start: trust granted later restarts the client with the new value.
    initializationOptions: () => ({ settings: clientSettings(), workspaceTrusted: workspace.isTrusted }),
  };
  return new LanguageClient('interopSante', 'Interop Santé', serverOptions, clientOptions);
}
