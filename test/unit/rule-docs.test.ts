import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers';

describe('rule documentation', () => {
  it('every rule has its page under docs/rules and the pages match the rule tables', () => {
    const run = () => execFileSync(process.execPath, [join(repoRoot, 'scripts', 'gen-rule-docs.mjs'), '--check'], { encoding: 'utf8', stdio: 'pipe' });
    expect(run).not.toThrow();
  });
});
