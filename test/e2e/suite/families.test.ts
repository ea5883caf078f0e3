/// <reference types="mocha" />
/** The other families in a real VS Code: ROR payloads, service sheets, opted-in text files. */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { codeOf, info, open, settledDiagnostics, waitFor, wsUri } from './util';

/** The position just after `needle` + `delta` characters in a document. */
function positionOf(doc: vscode.TextDocument, needle: string, delta: number): vscode.Position {
  const at = doc.getText().indexOf(needle);
  assert.ok(at >= 0, `${needle} in ${doc.uri.path}`);
  return doc.positionAt(at + delta);
}

const hoverText = (hovers: vscode.Hover[]) =>
  hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');

suite('ROR payloads', () => {
  const rel = 'ror/offre-bundle.json';

  test('diagnostics and the family in the language status', async () => {
    const uri = wsUri(rel);
    await open(rel);
    const i = await waitFor(() => info(uri), (v) => v?.family === 'ror', 20_000, 'ror family');
    assert.ok(i!.errors > 0);
    const diags = await settledDiagnostics(uri);
    assert.ok(diags.some((d) => codeOf(d) === 'ROR-EXT-REQUIRED'));
  });

  test('completion of a code from its value set, and hover with its label', async () => {
    const editor = await open(rel);
    const pos = positionOf(editor.document, '"code": "01"', 10);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, pos);
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('01') && labels.includes('02'), labels.join(', '));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, pos);
    assert.match(hoverText(hovers), /JDV_J20-ChampActivite-ROR/);
  });

  test('the preview shows the offer tree with its identifiers', async () => {
    const r = await vscode.commands.executeCommand<{ html: string; family: string }>('interopSante.preview', wsUri(rel));
    assert.strictEqual(r.family, 'ror');
    assert.match(r.html, /Site Nord des Tilleuls/);
    assert.match(r.html, /FINESS: <code>750099992<\/code>/);
  });
});

suite('Service sheets', () => {
  const rel = 'fiches/1.1-referentiel-ressources-acteurs.yaml';

  test('completion of values, hover of keys, and the server quick fix of an unknown key', async () => {
    const editor = await open(rel);
    const pos = positionOf(editor.document, 'statut: en_cours', 10);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, pos);
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('deploye'), labels.join(', '));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, positionOf(editor.document, 'statut: en_cours', 2));
    assert.match(hoverText(hovers), /statut/);

    const invalid = wsUri('fiches/invalid/2.4-teleconsultation-ehpad.yaml');
    await open('fiches/invalid/2.4-teleconsultation-ehpad.yaml');
    const unknown = (await settledDiagnostics(invalid)).find((d) => codeOf(d) === 'FICHE-SCHEMA-UNKNOWN-KEY');
    assert.ok(unknown);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', invalid, unknown!.range);
    const fix = actions.find((a) => a.edit && a.kind?.value === 'quickfix');
    assert.ok(fix, `actions: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(actions.some((a) => a.title === 'Open the documentation of rule FICHE-SCHEMA-UNKNOWN-KEY'));
    assert.ok(await vscode.workspace.applyEdit(fix!.edit!));
    await waitFor(() => vscode.languages.getDiagnostics(invalid), (d) => !d.some((x) => codeOf(x) === 'FICHE-SCHEMA-UNKNOWN-KEY'), 10_000, 'fix applied');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('the preview lays the sheet out as the SDRSIS table', async () => {
    const r = await vscode.commands.executeCommand<{ html: string; family: string }>('interopSante.preview', wsUri(rel));
    assert.strictEqual(r.family, 'service-sheet');
    assert.match(r.html, /Strategic axis of the PRS2/);
    assert.match(r.html, /class="fiche-table"/);
  });

  test('the portfolio of the folder lists its sheets', async () => {
    const r = await vscode.commands.executeCommand<{ sheets: number; panel: vscode.WebviewPanel }>('interopSante.showPortfolio', wsUri('fiches'));
    assert.ok(r && r.sheets >= 16, `sheets: ${r?.sheets}`);
    assert.match(r.panel.webview.html, /Digital services portfolio/);
    assert.match(r.panel.webview.html, /style-src [^"]*&#39;sha256-/);
    assert.doesNotMatch(r.panel.webview.html, /unsafe-inline/);
  });
});

suite('Opted-in text files', () => {
  test('.env is checked once interopSante.textFiles names it', async () => {
    const uri = wsUri('.env');
    await open('.env');
    const i = await waitFor(() => info(uri), (v) => v?.family === 'text', 20_000, 'text family');
    assert.strictEqual(i!.errors, 2);
    const diags = await settledDiagnostics(uri);
    assert.deepStrictEqual(diags.map(codeOf).sort(), ['PGSSI-HTTP-ENDPOINT', 'PGSSI-SECRET-CREDENTIAL']);
  });
});
