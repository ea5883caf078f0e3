/** The parts of the project file (`interop-sante.config.json`) the client itself needs: report folder, excludes, text files. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { workspace, type WorkspaceFolder } from 'vscode';

export interface ClientProjectConfig {
  reportDir?: string;
  exclude?: string[];
  textFiles?: string[];
}

/** Read from the first workspace folder (as the server does). In an untrusted workspace it may not choose where we write. */
export function projectConfig(folder: WorkspaceFolder | undefined = workspace.workspaceFolders?.[0]): ClientProjectConfig {
  if (!folder || folder.uri.scheme !== 'file') return {};
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path.join(folder.uri.fsPath, 'interop-sante.config.json'), 'utf8'));
  } catch {
    return {};
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {};
  const r = raw as Record<string, unknown>;
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);
  return {
    reportDir: typeof r.reportDir === 'string' && workspace.isTrusted ? r.reportDir : undefined,
    exclude: strings(r.exclude),
    textFiles: strings(r.textFiles),
  };
}
