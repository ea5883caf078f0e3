/// <reference types="mocha" />
/** Workspace-wide commands in a real VS Code: validation into the Problems panel, the conformity report. */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { codeOf, SOURCE, waitFor, wsUri } from './util';

suite('Workspace commands', () => {
  test('Validate Workspace puts every matching file in the Problems panel, once', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const run = await vscode.commands.executeCommand<{ files: number; errors: number; warnings: number }>('interopSante.validateWorkspace');
    assert.ok(run.files >= 20, `files: ${run.files}`);
    assert.ok(run.errors > 0);
    const unopened = wsUri('fiches/invalid/1.7-portail-regional-securite.yaml');
    const diags = vscode.languages.getDiagnostics(unopened).filter((d) => d.source === SOURCE);
    assert.ok(diags.some((d) => codeOf(d) === 'FICHE-PGSSI-SECRET'), diags.map(codeOf).join(', '));
    // Opened, the file gets live diagnostics from the server and the workspace copy is dropped: no duplicates.
    await vscode.window.showTextDocument(unopened);
    await new Promise((r) => setTimeout(r, 1500));
    const live = vscode.languages.getDiagnostics(unopened).filter((d) => d.source === SOURCE);
    const keys = live.map((d) => `${codeOf(d)}@${d.range.start.line}:${d.range.start.character}`);
    assert.strictEqual(new Set(keys).size, keys.length, `duplicates: ${keys.join(', ')}`);
    assert.ok(live.some((d) => codeOf(d) === 'FICHE-PGSSI-SECRET'));
  });

  test('Generate Conformity Report writes report.html and report.json in the report folder', async () => {
    const folder = wsUri('cda');
    const run = await vscode.commands.executeCommand<{ html: vscode.Uri; json: vscode.Uri; files: number; errors: number }>('interopSante.generateReport', folder);
    assert.ok(run, 'a report run');
    assert.ok(run.html.path.endsWith('/out/report/report.html'), run.html.path);
    const json = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(run.json))) as { version: number; files: { path: string }[]; summary: { errors: number } };
    assert.strictEqual(json.version, 1);
    assert.ok(json.files.every((f) => f.path.startsWith('cda/')), json.files.map((f) => f.path).join(', '));
    assert.ok(json.files.some((f) => f.path === 'cda/hostile.xml'));
    assert.strictEqual(json.summary.errors, run.errors);
    const html = new TextDecoder().decode(await vscode.workspace.fs.readFile(run.html));
    assert.match(html, /conformity report/i);
    assert.doesNotMatch(html, /<script/i);
    const reportTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('interopSante.report'));
    await waitFor(reportTabs, (tabs) => tabs.length > 0, 10_000, 'the report tab');
  });

  test('the report folder setting is honoured', async () => {
    const config = vscode.workspace.getConfiguration('interopSante');
    await config.update('reportFolder', 'rapports/conformite', vscode.ConfigurationTarget.Workspace);
    try {
      const run = await vscode.commands.executeCommand<{ html: vscode.Uri }>('interopSante.generateReport', wsUri('fiches'));
      assert.ok(run.html.path.endsWith('/rapports/conformite/report.html'), run.html.path);
    } finally {
      await config.update('reportFolder', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
