/**
 * Live previews: one webview per document, rendered by the server (our own transform, never document script),
 * updated while typing (debounced), with clicks revealing the source.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  Disposable,
  env,
  l10n,
  Range,
  Selection,
  TextEditorRevealType,
  Uri,
  ViewColumn,
  window,
  workspace,
  type ExtensionContext,
  type TextDocument,
  type WebviewPanel,
} from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { AttachmentRequest, PreviewRequest, type AttachmentResponse, type PreviewParams, type PreviewResponse } from '../../server/src/protocol';
import { createPanel, shellFor } from './webview';

const DEBOUNCE_MS = 300;

interface Preview {
  panel: WebviewPanel;
  uri: Uri;
  timer?: NodeJS.Timeout;
  /** Whether the page on screen is a good rendering (a failed one may then be kept, marked stale). */
  hasGood: boolean;
  /** Last response, for tests and the language status. */
  last?: PreviewResponse;
}

export class PreviewManager implements Disposable {
  private readonly previews = new Map<string, Preview>();
  private readonly subscriptions: Disposable[] = [];

  constructor(
    private readonly context: ExtensionContext,
    private readonly client: () => LanguageClient | undefined,
    private readonly log: (message: string) => void,
  ) {
    this.subscriptions.push(
      workspace.onDidChangeTextDocument((e) => this.schedule(e.document.uri)),
      workspace.onDidSaveTextDocument((d) => this.schedule(d.uri)),
    );
  }

  /** Opens (or reveals) the preview of a document; returns the rendering once it is on screen. */
  async open(uri: Uri): Promise<PreviewResponse | undefined> {
    const key = uri.toString();
    let preview = this.previews.get(key);
    if (preview) preview.panel.reveal(undefined, true);
    else {
      const panel = createPanel(this.context, 'interopSante.preview', l10n.t('Preview: {0}', path.basename(uri.path)), true);
      preview = { panel, uri, hasGood: false };
      this.previews.set(key, preview);
      const p = preview;
      panel.onDidDispose(() => {
        clearTimeout(p.timer);
        this.previews.delete(key);
      });
      panel.webview.onDidReceiveMessage((m: unknown) => void this.onMessage(p, m));
    }
    await this.render(preview);
    return preview.last;
  }

  /** The latest rendering of a document's preview, if one is open. */
  current(uri: Uri): PreviewResponse | undefined {
    return this.previews.get(uri.toString())?.last;
  }

  private schedule(uri: Uri): void {
    const preview = this.previews.get(uri.toString());
    if (!preview) return;
    clearTimeout(preview.timer);
    preview.timer = setTimeout(() => void this.render(preview), DEBOUNCE_MS);
  }

  private async render(preview: Preview): Promise<void> {
    const client = this.client();
    if (!client) return;
    const params: PreviewParams = { uri: preview.uri.toString(), shell: shellFor(this.context, preview.panel.webview, true) };
    let result: PreviewResponse | null;
    try {
      result = await client.sendRequest<PreviewResponse | null>(PreviewRequest, params);
    } catch (e) {
      this.log(`preview failed for ${preview.uri.toString()}: ${(e as Error).message}`);
      return;
    }
    if (!result || !this.previews.has(preview.uri.toString())) return;
    preview.last = result;
    preview.panel.title = l10n.t('Preview: {0}', path.basename(preview.uri.path));
    if (!result.ok && preview.hasGood) {
      void preview.panel.webview.postMessage({ type: 'stale', stale: true });
      return;
    }
    preview.hasGood = result.ok;
    preview.panel.webview.html = result.html;
  }

  private async onMessage(preview: Preview, message: unknown): Promise<void> {
    if (!message || typeof message !== 'object') return;
    const m = message as { type?: unknown; start?: unknown; end?: unknown; line?: unknown; character?: unknown };
    const int = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined);
    if (m.type === 'revealOffset' && int(m.start) !== undefined) await this.reveal(preview.uri, (doc) => new Range(doc.positionAt(int(m.start)!), doc.positionAt(int(m.start)!)));
    else if (m.type === 'revealPosition' && int(m.line) !== undefined) await this.reveal(preview.uri, () => new Range(int(m.line)!, int(m.character) ?? 0, int(m.line)!, int(m.character) ?? 0));
    else if (m.type === 'openExternal') await this.openExternal(preview.uri);
  }

  /** Shows the source beside the preview, selects the range and scrolls it to the centre. */
  private async reveal(uri: Uri, range: (doc: TextDocument) => Range): Promise<void> {
    const doc = await workspace.openTextDocument(uri);
    const visible = window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    const editor = await window.showTextDocument(doc, { viewColumn: visible?.viewColumn ?? ViewColumn.One, preserveFocus: false });
    const r = doc.validateRange(range(doc));
    editor.selection = new Selection(r.start, r.end);
    editor.revealRange(r, TextEditorRevealType.InCenter);
  }

  /** The embedded document of an unstructured CDA, written to a temporary file and handed to the system. */
  async openExternal(uri: Uri): Promise<Uri | undefined> {
    const client = this.client();
    const attachment = await client?.sendRequest<AttachmentResponse>(AttachmentRequest, { uri: uri.toString() });
    if (!attachment) {
      void window.showWarningMessage(l10n.t('This document carries no embedded file to open.'));
      return undefined;
    }
    const bytes = Buffer.from(attachment.base64, 'base64');
    const name = `interop-sante-${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}${extensionOf(attachment.mediaType)}`;
    const file = path.join(tmpdir(), name);
    writeFileSync(file, bytes, { mode: 0o600 });
    const target = Uri.file(file);
    const opened = await env.openExternal(target);
    if (!opened) void window.showInformationMessage(l10n.t('The embedded file was written to {0}.', file));
    return target;
  }

  dispose(): void {
    for (const p of this.previews.values()) p.panel.dispose();
    this.subscriptions.forEach((s) => s.dispose());
  }
}

const EXTENSIONS: Record<string, string> = {
  'application/pdf': '.pdf',
  'text/rtf': '.rtf',
  'application/rtf': '.rtf',
  'image/tiff': '.tiff',
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'text/plain': '.txt',
};

function extensionOf(mediaType: string): string {
  const t = mediaType.trim().toLowerCase();
  return Object.hasOwn(EXTENSIONS, t) ? EXTENSIONS[t] : '.bin';
}
