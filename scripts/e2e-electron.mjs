// The API-level suite (test/e2e/suite) with @vscode/test-electron, for machines that can download VS Code from
// update.code.visualstudio.com (a developer laptop, GitHub-hosted CI). It runs the same mocha suite as the
// code-server runner, in a desktop VS Code. Here, where only npm and Debian are reachable, it cannot get VS Code:
// use npm run test:e2e instead. Options: VSCODE_VERSION (default: the engines.vscode minimum of package.json).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { buildTests, makeWorkspace, packageAndUnpack, root, work } from './e2e-prepare.mjs';

const engines = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines.vscode.replace(/^\^/, '');
const version = process.env.VSCODE_VERSION ?? engines;

const { vsixDir } = packageAndUnpack();
await buildTests();
const workspace = makeWorkspace(join(work, 'ws-electron'));
try {
  await runTests({
    version,
    cachePath: join(root, '.vscode-test', 'electron'),
    extensionDevelopmentPath: join(vsixDir, 'extension'),
    extensionTestsPath: join(work, 'out', 'suite', 'index.js'),
    // The suite expects an English display language and no other extension.
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--locale', 'en', '--skip-welcome', '--skip-release-notes'],
  });
} catch (e) {
  console.error(`e2e-electron: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
