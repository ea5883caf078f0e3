import { describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../server/src/engine';
import { nodeDataSource } from '../../server/src/engine/data';
import { loadNosFolder } from '../../server/src/nos/folder';
import { applyEdits, coveredText, engine, readRepoFile } from '../helpers';

/** An engine whose bundled data lacks some files, or with a NOS override folder, for examples about code lists. */
function engineFor(hidden: string[], nos: string[]): Engine {
  const data = nodeDataSource();
  const gone = new Set(hidden);
  const overrides = loadNosFolder(nos.map((name) => ({ name, text: readRepoFile(name) }))).records;
  return createEngine({
    data: {
      read: (rel) => (gone.has(rel) ? undefined : data.read(rel)),
      list: (dir) => data.list(dir).filter((f) => !gone.has(`${dir}/${f}`)),
    },
    nosOverrides: overrides,
  });
}

/**
 * Biome-style: every rule of every table ships with at least one invalid and one valid example, and the
 * examples are the tests. An invalid example must raise its rule (at the stated range when given); a valid
 * example must not raise it.
 */
const rules = engine().registry.all();

describe('rule table', () => {
  it('has rules', () => expect(rules.length).toBeGreaterThan(0));
  for (const rule of rules) {
    it(`${rule.id} has a French and an English message, a source and both kinds of example`, () => {
      expect(rule.message.fr.length).toBeGreaterThan(0);
      expect(rule.message.en.length).toBeGreaterThan(0);
      expect(rule.title.fr.length).toBeGreaterThan(0);
      expect(rule.source.length).toBeGreaterThan(0);
      expect(rule.examples.some((e) => e.expect === 'invalid')).toBe(true);
      expect(rule.examples.some((e) => e.expect === 'valid')).toBe(true);
    });
  }
});

describe('rule examples', () => {
  for (const rule of rules) {
    rule.examples.forEach((ex, i) => {
      it(`${rule.id} example ${i + 1} is ${ex.expect}${ex.note ? ` (${ex.note})` : ''}`, () => {
        const text = applyEdits(readRepoFile(ex.base), ex.edits) + (ex.pad ? ' '.repeat(ex.pad) : '');
        const e = ex.hideData || ex.nos ? engineFor(ex.hideData ?? [], ex.nos ?? []) : engine();
        const result = ex.encode ? e.validateBytes(Buffer.from(text, ex.encode)) : e.validate(text);
        const shown = ex.encode === 'latin1' ? Buffer.from(text, 'latin1').toString('utf8') : text;
        const found = result.diagnostics.filter((d) => d.rule === rule.id);
        if (ex.expect === 'valid') {
          expect(found.map((f) => f.message)).toEqual([]);
        } else {
          expect(found.length).toBeGreaterThan(0);
          if (ex.range !== undefined) expect(found.map((f) => coveredText(shown, f))).toContain(ex.range);
        }
      });
    });
  }
});
