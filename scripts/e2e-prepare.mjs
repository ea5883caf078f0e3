// Shared preparation of the end-to-end runs (code-server runner and @vscode/test-electron runner): the packaged
// and unpacked extension, the compiled suites, and a fresh test workspace.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const work = join(root, '.vscode-test', 'e2e');

export function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status})`);
}

/** Builds, packages out/interop-sante.vsix and unpacks it: the suites run the shipped bundle. */
export function packageAndUnpack() {
  sh(process.execPath, ['scripts/build.mjs']);
  sh(process.execPath, ['scripts/e2e-package.mjs']);
  const vsix = join(root, 'out', 'interop-sante.vsix');
  const vsixDir = join(work, 'vsix');
  rmSync(vsixDir, { recursive: true, force: true });
  mkdirSync(vsixDir, { recursive: true });
  sh('unzip', ['-q', '-o', vsix, '-d', vsixDir]);
  return { vsix, vsixDir };
}

/** The test workspace: our samples and fixtures, copied so that tests may edit and write reports freely. */
export function makeWorkspace(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'cda'), { recursive: true });
  cpSync(join(root, 'test', 'e2e', 'workspace'), dir, { recursive: true });
  for (const f of readdirSync(join(root, 'samples', 'cda'))) if (f.endsWith('.xml')) cpSync(join(root, 'samples', 'cda', f), join(dir, 'cda', f));
  cpSync(join(root, 'samples', 'cda', 'invalid'), join(dir, 'cda', 'invalid'), { recursive: true });
  cpSync(join(root, 'test', 'fixtures', 'cda', 'hostile.xml'), join(dir, 'cda', 'hostile.xml'));
  cpSync(join(root, 'test', 'fixtures', 'cda', 'base-unstructured.xml'), join(dir, 'cda', 'unstructured-text.xml'));
  cpSync(join(root, 'samples', 'service-sheets'), join(dir, 'fiches'), { recursive: true, filter: (src) => !src.endsWith('.md') });
  return dir;
}

export async function buildTests() {
  const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: 'inline', logLevel: 'warning', external: ['vscode', 'mocha', 'playwright-core'] };
  const suite = readdirSync(join(root, 'test', 'e2e', 'suite')).filter((f) => f.endsWith('.ts') && (f === 'index.ts' || f.endsWith('.test.ts')));
  const ui = readdirSync(join(root, 'test', 'e2e', 'ui')).filter((f) => f.endsWith('.test.ts'));
  rmSync(join(work, 'out'), { recursive: true, force: true });
  await build({ ...common, entryPoints: suite.map((f) => join(root, 'test', 'e2e', 'suite', f)), outdir: join(work, 'out', 'suite') });
  await build({ ...common, entryPoints: ui.map((f) => join(root, 'test', 'e2e', 'ui', f)), outdir: join(work, 'out', 'ui') });
}

