import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { applyEdits, readRepoFile, repoRoot } from '../helpers';

/** Real LSP over stdio: the bundled server as a child process, as an editor would start it. */

interface Session {
  proc: ChildProcess;
  conn: MessageConnection;
}

const sessions: Session[] = [];

async function start(pull: boolean): Promise<Session> {
  const server = join(repoRoot, 'dist', 'server.js');
  if (!existsSync(server)) throw new Error('dist/server.js missing: run npm run build first');
  const proc = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  conn.listen();
  const session = { proc, conn };
  sessions.push(session);
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(repoRoot).toString(),
    locale: 'fr',
    capabilities: pull ? { textDocument: { diagnostic: { dynamicRegistration: false } } } : {},
  });
  await conn.sendNotification('initialized', {});
  return session;
}

afterEach(async () => {
  for (const s of sessions.splice(0)) {
    try {
      await s.conn.sendRequest('shutdown');
      await s.conn.sendNotification('exit');
    } catch {
      /* already gone */
    }
    s.conn.dispose();
    s.proc.kill();
  }
});

const uri = 'file:///virtual/compte-rendu.xml';
const valid = readRepoFile('test/fixtures/cda/base-unstructured.xml');
const broken = applyEdits(valid, [['<title>Compte rendu de biologie</title>', '<title>Compte rendu de biologie']]);

function nextDiagnostics(conn: MessageConnection, forUri: string): Promise<{ uri: string; version?: number; diagnostics: any[] }> {
  return new Promise((resolve) => {
    const sub = conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number; diagnostics: any[] }) => {
      if (p.uri === forUri) {
        sub.dispose();
        resolve(p);
      }
    });
  });
}

describe('language server over stdio', () => {
  it('pushes diagnostics with exact ranges, rule codes and a documentation link', async () => {
    const { conn } = await start(false);
    const published = nextDiagnostics(conn, uri);
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text: broken } });
    const p = await published;
    const syntax = p.diagnostics.find((d) => d.code === 'XML-SYNTAX');
    expect(syntax).toBeDefined();
    expect(syntax.source).toBe('interop-sante');
    expect(syntax.severity).toBe(1);
    expect(syntax.message).toMatch(/XML mal formé/);
    // the validator stops at the first closing tag that does not match: </ClinicalDocument>'s line
    const lines = broken.split('\n');
    expect(lines[syntax.range.start.line]).toContain('</ClinicalDocument>');
    expect(existsSync(fileURLToPath(syntax.codeDescription.href))).toBe(true);
  });

  it('re-validates after an incremental change and clears fixed problems', async () => {
    const { conn } = await start(false);
    const first = nextDiagnostics(conn, uri);
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text: broken } });
    expect((await first).diagnostics.some((d) => d.code === 'XML-SYNTAX')).toBe(true);
    const line = broken.split('\n').findIndex((l) => l.includes('<title>'));
    const col = broken.split('\n')[line].length;
    const second = nextDiagnostics(conn, uri);
    await conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line, character: col }, end: { line, character: col } }, text: '</title>' }],
    });
    const p = await second;
    expect(p.version).toBe(2);
    expect(p.diagnostics.filter((d) => d.severity === 1)).toEqual([]);
  });

  it('answers pull diagnostics when the client supports them', async () => {
    const { conn } = await start(true);
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text: broken } });
    const report = (await conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as { kind: string; items: any[] };
    expect(report.kind).toBe('full');
    expect(report.items.map((d) => d.code)).toContain('XML-SYNTAX');
  });

  it('places FHIR Patient identity findings on the offending JSON value', async () => {
    const { conn } = await start(false);
    const patientUri = 'file:///virtual/patient.json';
    const text = applyEdits(readRepoFile('samples/fhir/patient-ins.json'), [['"code": "QUAL"', '"code": "PROV"']]);
    const published = nextDiagnostics(conn, patientUri);
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: patientUri, languageId: 'json', version: 1, text } });
    const d = (await published).diagnostics.find((x) => x.code === 'INS-STATUS-NOT-QUALIFIED');
    expect(d).toBeDefined();
    expect(d.severity).toBe(1);
    const line = text.split('\n')[d.range.start.line];
    expect(d.range.start.line).toBe(d.range.end.line);
    expect(line.slice(d.range.start.character, d.range.end.character)).toBe('"PROV"');
  });

  it('checks a sheet against the sibling sheets on disk, and sees a sibling changed on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portefeuille-'));
    try {
      const sheet = readRepoFile('samples/service-sheets/1.1-referentiel-ressources-acteurs.yaml');
      const sibling = join(dir, 'copie.yaml');
      writeFileSync(sibling, sheet);
      const { conn } = await start(true);
      const opened = pathToFileURL(join(dir, 'fiche.yaml')).toString();
      await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: opened, languageId: 'yaml', version: 1, text: sheet } });
      const pull = async () => ((await conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: opened } })) as { items: any[] }).items.map((d) => d.code);
      expect(await pull()).toContain('FICHE-ID-DUPLICATE');
      writeFileSync(sibling, sheet.replace('fiche: "1.1"', 'fiche: "1.9"'));
      utimesSync(sibling, new Date(), new Date(Date.now() + 5000));
      await conn.sendNotification('textDocument/didChange', { textDocument: { uri: opened, version: 2 }, contentChanges: [{ text: sheet + '\n' }] });
      expect(await pull()).not.toContain('FICHE-ID-DUPLICATE');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves documents of unknown families alone', async () => {
    const { conn } = await start(true);
    const other = 'file:///virtual/pom.xml';
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: other, languageId: 'xml', version: 1, text: '<project><unclosed></project>' } });
    const report = (await conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: other } })) as { items: any[] };
    expect(report.items).toEqual([]);
  });
});

describe('completion and hover over stdio', () => {
  it('completion at a CDA code attribute returns the JDV codes with labels, filling codeSystem and displayName', async () => {
    const { conn } = await start(true);
    const text = valid.replace('<administrativeGenderCode code="F" codeSystem="2.16.840.1.113883.5.1" displayName="Féminin"/>', '<administrativeGenderCode code=""/>');
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text } });
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('<administrativeGenderCode code=""'));
    const character = lines[line].indexOf('code=""') + 'code="'.length;
    const items = (await conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line, character } })) as any[];
    expect(items.map((i) => `${i.label} ${i.detail}`)).toEqual(['F Féminin', 'M Masculin', 'UN Inconnu']);
    const m = items.find((i) => i.label === 'M');
    expect(m.textEdit).toEqual({ range: { start: { line, character }, end: { line, character } }, newText: 'M' });
    expect(m.additionalTextEdits).toEqual([
      { range: { start: { line, character: character + 1 }, end: { line, character: character + 1 } }, newText: ' codeSystem="2.16.840.1.113883.5.1" displayName="Masculin"' },
    ]);
    const hover = (await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } })) as { contents: { value: string } };
    expect(hover.contents.value).toMatch(/JDV_J143/);
  });
});
