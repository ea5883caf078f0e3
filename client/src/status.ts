/** The language status item: the detected family (and CDA volet) of the active file, and its error/warning counts. */
import { commands, Disposable, l10n, languages, LanguageStatusSeverity, window, type LanguageStatusItem, type TextDocument } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DocumentInfoRequest, type DocumentInfo } from '../../server/src/protocol';
import { documentSelector } from './languageClient';

const FAMILY_LABELS: Record<DocumentInfo['family'], () => string> = {
  cda: () => l10n.t('CDA document'),
  ror: () => l10n.t('FHIR payload (ROR, patient)'),
  'service-sheet': () => l10n.t('Service sheet'),
  text: () => l10n.t('Text file (PGSSI-S)'),
  unknown: () => l10n.t('Not handled'),
};

export class DocumentStatus implements Disposable {
  private readonly item: LanguageStatusItem;
  private readonly subscriptions: Disposable[] = [];
  private timer?: NodeJS.Timeout;
  /** Last information shown, by URI (the tests read it through the `interopSante.documentInfo` command). */
  readonly shown = new Map<string, DocumentInfo>();

  constructor(private readonly client: () => LanguageClient | undefined) {
    this.item = languages.createLanguageStatusItem('interopSante.document', documentSelector());
    this.item.name = 'Interop Santé';
    this.item.text = 'Interop Santé';
    this.subscriptions.push(
      window.onDidChangeActiveTextEditor(() => this.schedule(0)),
      languages.onDidChangeDiagnostics((e) => {
        const active = window.activeTextEditor?.document.uri.toString();
        if (active && e.uris.some((u) => u.toString() === active)) this.schedule(150);
      }),
    );
    this.schedule(0);
  }

  /** Follows a change of the documents the server takes (opted-in text files). */
  updateSelector(): void {
    this.item.selector = documentSelector();
  }

  schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), delay);
  }

  async infoFor(doc: TextDocument): Promise<DocumentInfo | undefined> {
    const client = this.client();
    if (!client?.isRunning()) return undefined;
    try {
      return (await client.sendRequest<DocumentInfo | null>(DocumentInfoRequest, { uri: doc.uri.toString() })) ?? undefined;
    } catch {
      return undefined;
    }
  }

  private async refresh(): Promise<void> {
    const doc = window.activeTextEditor?.document;
    if (!doc) return;
    const info = await this.infoFor(doc);
    if (!info || window.activeTextEditor?.document !== doc) return;
    this.shown.set(doc.uri.toString(), info);
    void commands.executeCommand('setContext', 'interopSante.family', info.family);
    void commands.executeCommand('setContext', 'interopSante.previewable', ['cda', 'ror', 'service-sheet'].includes(info.family));
    const family = FAMILY_LABELS[info.family]();
    this.item.text = info.kind ? `${family} · ${info.kind}` : family;
    this.item.detail = info.family === 'unknown' ? undefined : l10n.t('{0} error(s), {1} warning(s)', info.errors, info.warnings);
    this.item.severity = info.errors ? LanguageStatusSeverity.Error : info.warnings ? LanguageStatusSeverity.Warning : LanguageStatusSeverity.Information;
    this.item.command =
      info.family === 'unknown' ? { title: l10n.t('Show output'), command: 'interopSante.showOutput' } : { title: l10n.t('Preview'), command: 'interopSante.preview' };
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.item.dispose();
    this.subscriptions.forEach((s) => s.dispose());
  }
}
