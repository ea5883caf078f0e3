/**
 * `npm run bench`: speed and memory figures, printed (never asserted by tests).
 * Needs ../shared/corpus for the CDA figures; says so and skips them when absent.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { createEngine } from '../server/src/engine';
import { corpusDir, xmlFiles } from '../scripts/corpus';

const repo = join(__dirname, '..', '..');

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}
const ms = (x: number) => `${x.toFixed(2)} ms`;

async function cdaBatch(): Promise<void> {
  const dir = corpusDir('cda', 'TestContenuCDA-3-0');
  if (!dir) {
    console.log('CDA batch: ../shared/corpus absent — skipped');
    return;
  }
  const texts = xmlFiles(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
  const totalMb = texts.reduce((n, t) => n + t.length, 0) / 1e6;
  const engine = createEngine();
  const small = texts.filter((t) => t.length <= 200_000);
  // Each document's time is the median of five runs (one GC pause does not decide it); the figure is the median over
  // the documents. Three rounds, because this VM's speed drifts: the best round is the figure, all are printed.
  const perDocumentRound = () => {
    const per = small.map((t) =>
      percentile(
        [0, 1, 2, 3, 4].map(() => {
          const t0 = performance.now();
          engine.validate(t);
          return performance.now() - t0;
        }),
        50,
      ),
    );
    return { median: percentile(per, 50), p95: percentile(per, 95) };
  };
  // Measured first, in a fresh heap: the batch below leaves the large documents' garbage to the next collections.
  for (const t of small) engine.validate(t);
  const rounds = [perDocumentRound(), perDocumentRound(), perDocumentRound()];
  const best = rounds.reduce((a, b) => (b.median < a.median ? b : a));
  const perDocument = `  per document ≤ 200 KB (${small.length} docs, median of 5 runs each): median ${ms(best.median)}, p95 ${ms(best.p95)} (target median ≤ 10 ms; rounds: ${rounds.map((r) => r.median.toFixed(2)).join(', ')} ms)`;
  const fxp = new XMLParser({ ignoreAttributes: false });
  // warm-up both, then three timed rounds each
  for (const t of texts) {
    fxp.parse(t);
    engine.validate(t);
  }
  const round = (fn: (t: string) => unknown) => {
    const t0 = performance.now();
    for (const t of texts) fn(t);
    return performance.now() - t0;
  };
  const fxpTimes = [round((t) => fxp.parse(t)), round((t) => fxp.parse(t)), round((t) => fxp.parse(t))];
  const ourTimes = [round((t) => engine.validate(t)), round((t) => engine.validate(t)), round((t) => engine.validate(t))];
  const fxpMs = Math.min(...fxpTimes);
  const ourMs = Math.min(...ourTimes);
  console.log(`CDA batch: ${texts.length} samples, ${totalMb.toFixed(1)} MB`);
  console.log(`  fast-xml-parser alone (attributes on): ${ms(fxpMs)}`);
  console.log(`  full validation:                       ${ms(ourMs)}  → ratio ${(ourMs / fxpMs).toFixed(2)}× (target ≤ 3×)`);
  console.log(`  throughput: ${((texts.length / ourMs) * 1000).toFixed(0)} documents/s, ${((totalMb / ourMs) * 1000).toFixed(1)} MB/s`);
  console.log(perDocument);
  console.log(`  RSS after batch: ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
}

async function lspLatency(): Promise<void> {
  const dir = corpusDir('cda', 'TestContenuCDA-3-0');
  if (!dir) {
    console.log('LSP latency: ../shared/corpus absent — skipped');
    return;
  }
  const proc = spawn(process.execPath, [join(repo, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  conn.listen();
  const started = performance.now();
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { textDocument: { diagnostic: {} } } });
  await conn.sendNotification('initialized', {});
  const pull = (uri: string) => conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } }) as Promise<{ items: unknown[] }>;

  const ips = readFileSync(join(dir, 'IPS-FR_2024.01.xml'), 'utf8');
  let t0 = performance.now();
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: 'file:///bench/ips.xml', languageId: 'xml', version: 1, text: ips } });
  await pull('file:///bench/ips.xml');
  console.log(`LSP: server start → first diagnostics of IPS-FR (1.5 MB): ${ms(performance.now() - started)}; open → diagnostics ${ms(performance.now() - t0)} (target ≤ 500 ms)`);

  const ldl = readFileSync(join(dir, 'LDL-SES_2022.01.xml'), 'utf8');
  const uri = 'file:///bench/ldl.xml';
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text: ldl } });
  await pull(uri);
  const titleLine = ldl.split('\n').findIndex((l) => l.includes('<title>'));
  const times: number[] = [];
  for (let v = 2; v < 102; v++) {
    t0 = performance.now();
    await conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: v },
      contentChanges: [{ range: { start: { line: titleLine, character: 0 }, end: { line: titleLine, character: 0 } }, text: v % 2 ? ' ' : '' }],
    });
    await pull(uri);
    times.push(performance.now() - t0);
  }
  console.log(`LSP: didChange → diagnostics on LDL-SES (76 KB), 100 edits: median ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))} (target p95 ≤ 50 ms)`);
  await conn.sendRequest('shutdown');
  await conn.sendNotification('exit');
  conn.dispose();
  proc.kill();
}

/** Completion and hover on the largest value set bound in the CDA header (J01, author specialty), as if typing. */
function editorLatency(): void {
  const engine = createEngine();
  const text = readFileSync(join(repo, 'samples', 'cda', 'LDL-SES_2022.01.xml'), 'utf8');
  const anchor = text.indexOf('<code code="', text.indexOf('<assignedAuthor>')) + '<code code="'.length;
  const lineStarts = text.slice(0, anchor).split('\n');
  const position = { line: lineStarts.length - 1, character: lineStarts[lineStarts.length - 1].length };
  const completion: number[] = [];
  const hover: number[] = [];
  let items = 0;
  for (let i = 0; i < 200; i++) {
    // a new version each time (a comment that changes), so each request parses as it would after a keystroke
    const edited = text + `<!-- ${i} -->`;
    let t0 = performance.now();
    items = engine.complete(edited, position).length;
    completion.push(performance.now() - t0);
    const edited2 = text + `<!-- h${i} -->`;
    t0 = performance.now();
    engine.hover(edited2, position);
    hover.push(performance.now() - t0);
  }
  const warm = (xs: number[]) => xs.slice(20);
  console.log(
    `Editor (LDL-SES sample, author specialty J01, ${items} codes): completion median ${ms(percentile(warm(completion), 50))}, p95 ${ms(percentile(warm(completion), 95))} (target ≤ 10 ms); hover median ${ms(percentile(warm(hover), 50))}, p95 ${ms(percentile(warm(hover), 95))} (target ≤ 5 ms)`,
  );
  rorEditorLatency(engine);
  const largest = engine.nos.valueSet('JDV_CodesDocumentImagerie_CISIS');
  if (largest) {
    const times: number[] = [];
    for (const q of ['scanner', 'irm thorax', 'echographie', 'radio', 'abdomen', 'crane', 'genou', 'coeur']) {
      for (let i = 0; i < 20; i++) {
        const t0 = performance.now();
        engine.nos.search(largest.name, q, 50);
        times.push(performance.now() - t0);
      }
    }
    console.log(`NOS label search in the largest list (${largest.concepts.length} codes): median ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}`);
  }
}

/**
 * Completion and hover on the largest value set bound anywhere (JDV_J16 ActeSpecifique, ROR HealthcareService
 * specificAct coding): the cursor in the `code` value, a new version each time.
 */
function rorEditorLatency(engine: ReturnType<typeof createEngine>): void {
  const text = readFileSync(join(repo, 'samples', 'ror', 'healthcareservice.json'), 'utf8');
  const anchor = text.indexOf('"code": "0001"') + '"code": "'.length;
  if (anchor < '"code": "'.length) return console.log('ROR editor: sample without the specificAct coding — skipped');
  const before = text.slice(0, anchor).split('\n');
  const position = { line: before.length - 1, character: before[before.length - 1].length };
  const completion: number[] = [];
  const hover: number[] = [];
  let items = 0;
  for (let i = 0; i < 200; i++) {
    const edited = text.replace('"resourceType"', `"id": "v${i}", "resourceType"`);
    const shifted = { line: position.line, character: position.character };
    let t0 = performance.now();
    items = engine.complete(edited, shifted).length;
    completion.push(performance.now() - t0);
    t0 = performance.now();
    engine.hover(edited.replace(`"v${i}"`, `"w${i}"`), shifted);
    hover.push(performance.now() - t0);
  }
  const warm = (xs: number[]) => xs.slice(20);
  const size = engine.nos.valueSet('JDV_J16-ActeSpecifique-ROR')?.concepts.length ?? '?';
  console.log(
    `Editor (ROR HealthcareService specificAct, JDV_J16 of ${size} codes, ${items} offered for the act type): completion median ${ms(percentile(warm(completion), 50))}, p95 ${ms(percentile(warm(completion), 95))} (target ≤ 10 ms); hover median ${ms(percentile(warm(hover), 50))}, p95 ${ms(percentile(warm(hover), 95))} (target ≤ 5 ms)`,
  );
}

/** `npm run bench -- cda` (or `editor`, `lsp`) runs one part only. */
async function main(): Promise<void> {
  const only = process.argv[2];
  if (!only || only === 'cda') await cdaBatch();
  if (!only || only === 'editor') editorLatency();
  if (!only || only === 'lsp') await lspLatency();
}

void main();
