/** The files a workspace validation, a report or a portfolio looks at, and batched validation by the server. */
import { CancellationToken, RelativePattern, Uri, workspace, type Progress, type WorkspaceFolder } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ValidateFilesRequest, type ValidatedFile, type ValidateFilesResponse } from '../../server/src/protocol';
import { textFileGlobs } from './languageClient';
import { projectConfig } from './project';

const SKIPPED = ['**/node_modules/**', '**/.git/**', '**/dist/**', '**/out/**', '**/.vscode-test/**'];
const MAX_FILES = 50_000;
const BATCH = 25;

/** Files under `base` (a workspace folder or a folder in it) with the walked extensions, plus opted-in text files. */
export async function findCandidateFiles(base: WorkspaceFolder | Uri, extensions = '{xml,json,ndjson,yaml,yml}', token?: CancellationToken): Promise<Uri[]> {
  const folder = base instanceof Uri ? workspace.getWorkspaceFolder(base) : base;
  const exclude = `{${[...SKIPPED, ...(projectConfig(folder).exclude ?? [])].join(',')}}`;
  const patterns = [`**/*.${extensions}`, ...(extensions.includes('xml') ? textFileGlobs() : [])];
  const seen = new Map<string, Uri>();
  for (const p of patterns) {
    for (const uri of await workspace.findFiles(new RelativePattern(base, p), exclude, MAX_FILES, token)) seen.set(uri.toString(), uri);
  }
  return [...seen.values()].sort((a, b) => a.path.localeCompare(b.path));
}

/** Validates files by batches so that progress can be shown and the run cancelled between batches. */
export async function validateInBatches(
  client: LanguageClient,
  uris: Uri[],
  progress: Progress<{ message?: string; increment?: number }>,
  token: CancellationToken,
): Promise<ValidatedFile[]> {
  const out: ValidatedFile[] = [];
  for (let i = 0; i < uris.length && !token.isCancellationRequested; i += BATCH) {
    const batch = uris.slice(i, i + BATCH);
    const res = await client.sendRequest<ValidateFilesResponse>(ValidateFilesRequest, { uris: batch.map((u) => u.toString()) }, token);
    out.push(...res.files);
    progress.report({ message: `${Math.min(i + BATCH, uris.length)} / ${uris.length}`, increment: (batch.length / uris.length) * 100 });
  }
  return out;
}
