import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers';

/** The extension's French UI: manifest strings and runtime strings all have a translation, and nothing dangles. */
const json = (rel: string) => JSON.parse(readFileSync(join(repoRoot, rel), 'utf8')) as Record<string, unknown>;

function runtimeStrings(): Set<string> {
  const dir = join(repoRoot, 'client', 'src');
  const found = new Set<string>();
  for (const f of readdirSync(dir)) {
    for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/l10n\.t\(\s*'((?:[^'\\]|\\.)*)'/g)) found.add(m[1]);
  }
  return found;
}

describe('extension localisation', () => {
  it('every runtime string has a French translation, with the same placeholders', () => {
    const fr = json('l10n/bundle.l10n.fr.json') as Record<string, string>;
    const used = runtimeStrings();
    expect(used.size).toBeGreaterThan(10);
    for (const s of used) {
      expect(fr[s], s).toBeTypeOf('string');
      expect((fr[s].match(/\{\d\}/g) ?? []).sort(), s).toEqual((s.match(/\{\d\}/g) ?? []).sort());
    }
    expect(Object.keys(fr).filter((k) => !used.has(k))).toEqual([]);
  });

  it('every %key% of package.json exists in English and French', () => {
    const manifest = readFileSync(join(repoRoot, 'package.json'), 'utf8');
    const keys = new Set([...manifest.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]));
    const en = json('package.nls.json');
    const fr = json('package.nls.fr.json');
    expect(keys.size).toBeGreaterThan(10);
    for (const k of keys) {
      expect(en[k], k).toBeTypeOf('string');
      expect(fr[k], k).toBeTypeOf('string');
    }
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
  });

  it('every command the client registers is contributed, and the other way round', () => {
    const manifest = json('package.json') as { contributes: { commands: { command: string }[] } };
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    const source = readFileSync(join(repoRoot, 'client', 'src', 'extension.ts'), 'utf8');
    const registered = [...source.matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]).sort();
    expect(registered).toEqual(contributed);
  });
});
