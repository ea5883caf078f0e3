// The real-client tests of the VS Code extension (npm run test:e2e, after scripts/e2e-setup.sh):
//   1. build and package the .vsix, unpack it (the API suite runs the shipped bundle);
//   2. API level: the mocha suite test/e2e/suite runs in code-server's Node extension host (official test API);
//   3. UI level: the .vsix is installed in a French code-server and test/e2e/ui drives it with Playwright,
//      saving screenshots under test-results/e2e/.
// Exit code 0 only when both suites pass. Options: --api or --ui to run one suite.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import util from 'node:util';
import Mocha from 'mocha';
import { buildTests, makeWorkspace, packageAndUnpack, root, sh, work } from './e2e-prepare.mjs';
import { launchBrowser, startCodeServer } from './e2e-server.mjs';

const CS_VERSION = process.env.CS_VERSION ?? '4.100.3';
const CS = process.env.CS ?? join(process.env.CS_PREFIX ?? join(root, '.vscode-test', `code-server-${CS_VERSION}`), 'node_modules', '.bin', 'code-server');
const results = join(root, 'test-results', 'e2e');
const only = process.argv.includes('--api') ? 'api' : process.argv.includes('--ui') ? 'ui' : undefined;
const started = Date.now();
const times = [];

function step(name, fn) {
  const t0 = Date.now();
  const out = fn();
  const done = () => times.push([name, Date.now() - t0]);
  if (out instanceof Promise) return out.finally(done);
  done();
  return out;
}

/** API level: the official extension test API, inside code-server's Node extension host. */
async function runApiSuite(vsixDir, ws) {
  const run = join(work, 'run-api');
  rmSync(run, { recursive: true, force: true });
  const server = await startCodeServer({ cs: CS, run });
  const browser = await launchBrowser(server.env);
  const lines = [];
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    const done = new Promise((resolveExit) => {
      void page.exposeFunction('codeAutomationLog', (_type, args) => {
        const line = util.format(...args);
        lines.push(line);
        console.log(line);
      });
      void page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
    });
    const payload = [
      ['extensionDevelopmentPath', server.remote(join(vsixDir, 'extension'))],
      ['extensionTestsPath', server.remote(join(work, 'out', 'suite', 'index.js'))],
      ['skipWelcome', 'true'],
    ];
    await page.goto(server.url(ws, payload));
    const code = await Promise.race([done, new Promise((r) => setTimeout(() => r('timeout'), 180_000))]);
    await page.screenshot({ path: join(results, 'api-final.png') }).catch(() => undefined);
    if (code === 'timeout') console.error('API suite: no result within 180 s');
    return code === 0;
  } finally {
    writeFileSync(join(results, 'api-suite.log'), lines.join('\n') + '\n');
    await browser.close();
    server.stop();
  }
}

/** UI level: the packaged extension installed in a French workbench, driven by Playwright. */
async function runUiSuite(vsix, langpack, ws) {
  const run = join(work, 'run-ui');
  rmSync(run, { recursive: true, force: true });
  const server = await startCodeServer({ cs: CS, run, locale: 'fr', installs: [langpack, vsix] });
  const browser = await launchBrowser(server.env);
  try {
    process.env.E2E_URL = server.url(ws);
    process.env.E2E_WORKSPACE = ws;
    process.env.E2E_SHOTS = results;
    globalThis.e2eBrowser = browser;
    const mocha = new Mocha({ timeout: 60_000, reporter: 'spec', color: false, bail: false });
    for (const f of readdirSync(join(work, 'out', 'ui'))) if (f.endsWith('.js')) mocha.addFile(join(work, 'out', 'ui', f));
    const failures = await new Promise((r) => mocha.run(r));
    return failures === 0;
  } finally {
    await browser.close();
    server.stop();
  }
}

async function main() {
  if (!existsSync(CS)) throw new Error(`code-server not found at ${CS}: run npm run e2e:setup first`);
  rmSync(results, { recursive: true, force: true });
  mkdirSync(results, { recursive: true });
  mkdirSync(work, { recursive: true });
  const { vsix, vsixDir } = step('build, package and unpack', packageAndUnpack);
  await step('compile tests', buildTests);
  const langpack = join(work, 'langpack-fr.vsix');
  step('test language pack', () =>
    sh(process.execPath, [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', langpack], {
      cwd: join(root, 'test', 'e2e', 'langpack-fr'),
      stdio: ['ignore', 'ignore', 'inherit'],
    }),
  );
  let ok = true;
  if (only !== 'ui') ok = (await step('API suite (extension host)', () => runApiSuite(vsixDir, makeWorkspace(join(work, 'ws-api'))))) && ok;
  if (only !== 'api') ok = (await step('UI suite (Playwright)', () => runUiSuite(vsix, langpack, makeWorkspace(join(work, 'ws-ui'))))) && ok;
  console.log('\nend-to-end timings:');
  for (const [name, ms] of times) console.log(`  ${name.padEnd(30)} ${(ms / 1000).toFixed(1)} s`);
  console.log(`  ${'total'.padEnd(30)} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`screenshots and logs: ${results}`);
  process.exit(ok ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
