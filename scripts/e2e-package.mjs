// Packages the extension as out/interop-sante.vsix with @vscode/vsce (client and server are bundled, so
// --no-dependencies). vsce refuses a .vscodeignore beside the "files" list that package.json keeps for the npm
// CLI package, so it runs in a staging folder: package.json without "files", every other top-level entry linked,
// and .vscodeignore deciding what goes in.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const stage = join(root, 'out', 'vsix-stage');
const target = join(root, 'out', 'interop-sante.vsix');
const NOT_LINKED = new Set(['package.json', 'node_modules', '.git', 'out', '.vscode-test', 'scratch', 'test-results']);

for (const f of ['dist/extension.js', 'dist/server.js']) {
  if (!existsSync(join(root, f))) throw new Error(`${f} is missing: run npm run build first`);
}
rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
delete manifest.files;
writeFileSync(join(stage, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
for (const entry of readdirSync(root)) {
  if (!NOT_LINKED.has(entry)) symlinkSync(join(root, entry), join(stage, entry));
}

const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
const args = ['package', '--no-dependencies', '--follow-symlinks', '--skip-license', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', target];
const run = spawnSync(process.execPath, [vsce, ...args], { cwd: stage, stdio: 'inherit' });
rmSync(stage, { recursive: true, force: true });
process.exit(run.status ?? 1);
