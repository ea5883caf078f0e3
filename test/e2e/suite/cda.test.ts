/// <reference types="mocha" />
/** CDA documents in a real VS Code: diagnostics, live updates, code actions, language status, preview. */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { codeOf, info, open, ours, settledDiagnostics, waitFor, wsUri } from './util';

suite('CDA documents', () => {
  test('opening an XML file activates the extension, which speaks the display language (English here)', async () => {
    const ext = vscode.extensions.all.find((e) => e.packageJSON?.name === 'interop-sante');
    assert.ok(ext, 'extension installed');
    assert.strictEqual(ext!.isActive, false, 'nothing of ours is open yet: no activation');
    await open('cda/LDL-SES_2022.01.xml');
    await waitFor(() => ext!.isActive, (a) => a, 20_000, 'activation');
    assert.strictEqual(vscode.env.language, 'en');
  });

  test('a valid sample: family cda, its volet, no error', async () => {
    const uri = wsUri('cda/LDL-SES_2022.01.xml');
    await open('cda/LDL-SES_2022.01.xml');
    const i = await waitFor(() => info(uri), (v) => v?.family === 'cda', 20_000, 'cda family');
    assert.strictEqual(i!.kind, 'LDL-SES 2022.01');
    assert.strictEqual(i!.errors, 0);
    const diags = await settledDiagnostics(uri);
    assert.ok(diags.every((d) => d.severity !== vscode.DiagnosticSeverity.Error));
  });

  test('an invalid sample: errors with rule codes, exact ranges, English messages and a documentation link', async () => {
    const uri = wsUri('cda/invalid/LDL-SES_2022.01_erreurs.xml');
    const editor = await open('cda/invalid/LDL-SES_2022.01_erreurs.xml');
    const diags = await settledDiagnostics(uri);
    const lang = diags.find((d) => codeOf(d) === 'CDA-HDR-LANGUAGE');
    assert.ok(lang, `CDA-HDR-LANGUAGE among ${diags.map(codeOf).join(', ')}`);
    assert.strictEqual(lang!.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(editor.document.getText(lang!.range), 'french');
    assert.match(lang!.message, /must have the form language-COUNTRY/);
    const target = typeof lang!.code === 'object' ? lang!.code.target : undefined;
    assert.ok(target && target.path.endsWith('/docs/rules/CDA-HDR-LANGUAGE.md'), `doc link ${target?.toString()}`);
    await vscode.workspace.fs.stat(target!);
    assert.ok(diags.some((d) => codeOf(d) === 'CDA-VOL-SECTION-MISSING'));
  });

  test('diagnostics follow the edits (debounced), and no diagnostic comes twice', async () => {
    const uri = wsUri('cda/broken.xml');
    const valid = await vscode.workspace.fs.readFile(wsUri('cda/LDL-SES_2022.01.xml'));
    await vscode.workspace.fs.writeFile(uri, valid);
    const editor = await open('cda/broken.xml');
    await settledDiagnostics(uri);
    assert.ok(!ours(uri).some((d) => codeOf(d) === 'XML-SYNTAX'));
    const at = editor.document.getText().indexOf('</title>');
    await editor.edit((e) => e.delete(new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + '</title>'.length))));
    const broken = await waitFor(() => ours(uri), (d) => d.some((x) => codeOf(x) === 'XML-SYNTAX'), 10_000, 'XML-SYNTAX');
    const keys = broken.map((d) => `${codeOf(d)}@${d.range.start.line}:${d.range.start.character}:${d.message}`);
    assert.strictEqual(new Set(keys).size, keys.length, 'duplicate diagnostics');
    await vscode.commands.executeCommand('undo');
    await waitFor(() => ours(uri), (d) => !d.some((x) => codeOf(x) === 'XML-SYNTAX'), 10_000, 'XML-SYNTAX gone after undo');
  });

  test('completion of a bound code from its NOS value set, and hover with its label', async () => {
    const editor = await open('cda/LDL-SES_2022.01.xml');
    const at = editor.document.getText().indexOf('<confidentialityCode code="N"') + '<confidentialityCode code="'.length + 1;
    const pos = editor.document.positionAt(at);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, pos);
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(['N', 'R', 'V'].every((c) => labels.includes(c)), labels.join(', '));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, pos);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(text, /\*\*N\*\* — Normal/);
  });

  test('code actions: the rule documentation is offered on our diagnostics and opens the shipped page', async () => {
    const uri = wsUri('cda/invalid/LDL-SES_2022.01_erreurs.xml');
    await open('cda/invalid/LDL-SES_2022.01_erreurs.xml');
    const lang = (await settledDiagnostics(uri)).find((d) => codeOf(d) === 'CDA-HDR-LANGUAGE')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, lang.range);
    const doc = actions.find((a) => a.title === 'Open the documentation of rule CDA-HDR-LANGUAGE');
    assert.ok(doc, `actions: ${actions.map((a) => a.title).join(' | ')}`);
    const opened = await vscode.commands.executeCommand<vscode.Uri>(doc!.command!.command, ...(doc!.command!.arguments ?? []));
    assert.ok(opened?.path.endsWith('/docs/rules/CDA-HDR-LANGUAGE.md'));
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(opened!));
    assert.match(text, /CDA-HDR-LANGUAGE/);
  });

  test('the preview renders the header card and the sections, and follows the edits', async () => {
    const uri = wsUri('cda/broken.xml');
    const editor = await open('cda/broken.xml');
    const first = await vscode.commands.executeCommand<{ html: string; family: string; ok: boolean; title: string }>('interopSante.preview', uri);
    assert.strictEqual(first.family, 'cda');
    assert.ok(first.ok);
    assert.match(first.html, /<dt>Document type<\/dt>/);
    assert.match(first.html, /Synthèse médicale du séjour/);
    assert.match(first.html, /Content-Security-Policy" content="default-src &#39;none&#39;/);
    const previewTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('interopSante.preview'));
    await waitFor(previewTabs, (tabs) => tabs.some((t) => t.label.endsWith('broken.xml')), 10_000, 'a preview tab');
    const at = editor.document.getText().indexOf('Suites à donner');
    await editor.edit((e) => e.replace(new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + 'Suites à donner'.length)), 'Suites prévues'));
    await waitFor(() => vscode.commands.executeCommand<{ html: string }>('interopSante.previewState', uri), (s) => !!s && s.html.includes('Suites prévues'), 10_000, 'live update');
    // While the source is not well-formed the last good rendering stays (marked stale by the page script).
    const close = editor.document.getText().indexOf('</ClinicalDocument>');
    await editor.edit((e) => e.delete(new vscode.Range(editor.document.positionAt(close), editor.document.positionAt(close + 3))));
    const stale = await waitFor(() => vscode.commands.executeCommand<{ ok: boolean }>('interopSante.previewState', uri), (s) => !!s && !s.ok, 10_000, 'stale rendering');
    assert.strictEqual(stale.ok, false);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('an unstructured PDF document: the preview offers to open it outside, and the file is extracted', async () => {
    const uri = wsUri('cda/unstructured-pdf.xml');
    await open('cda/unstructured-pdf.xml');
    const r = await vscode.commands.executeCommand<{ html: string }>('interopSante.preview', uri);
    assert.match(r.html, /data-action="openExternal"/);
    const file = await vscode.commands.executeCommand<vscode.Uri>('interopSante.openEmbeddedFile', uri);
    assert.ok(file, 'a temporary file');
    const bytes = await vscode.workspace.fs.readFile(file!);
    assert.strictEqual(new TextDecoder().decode(bytes.slice(0, 5)), '%PDF-');
  });

  test('the hostile document previews without any script of its own', async () => {
    const uri = wsUri('cda/hostile.xml');
    await open('cda/hostile.xml');
    const r = await vscode.commands.executeCommand<{ html: string }>('interopSante.preview', uri);
    const scripts = [...r.html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    assert.strictEqual(scripts.length, 1);
    assert.match(scripts[0], /nonce="[^"]+" src="[^"]*\/media\/preview\.js"/);
    assert.doesNotMatch(r.html, /<[^>]+\son[a-z]+=/i);
    assert.doesNotMatch(r.html, /href="(?!https?:|#)/);
  });
});
