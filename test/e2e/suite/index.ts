/**
 * Entry of the API-level suite, loaded by VS Code's extension host (`extensionTestsPath`): the same contract as
 * with @vscode/test-electron, `run(): Promise<void>`. Runs every `*.test.js` next to this file with mocha.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 30_000, color: false, reporter: 'spec' });
  for (const f of readdirSync(__dirname).sort()) if (f.endsWith('.test.js')) mocha.addFile(join(__dirname, f));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
}
