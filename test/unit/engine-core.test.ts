import { describe, expect, it } from 'vitest';
import { parseConfig, settingsFromConfig } from '../../server/src/config';
import { decodeBytes } from '../../server/src/engine/encoding';
import { LineIndex } from '../../server/src/engine/positions';
import { Reporter } from '../../server/src/engine/reporter';
import { formatMessage, RuleRegistry } from '../../server/src/engine/rules';
import { defaultSettings } from '../../server/src/engine/types';

describe('LineIndex', () => {
  it('maps offsets to positions across LF, CRLF and CR line ends, in UTF-16 units', () => {
    const text = 'ab\ncd\r\nef\rgh é😀x';
    const idx = new LineIndex(text);
    expect(idx.lineCount).toBe(4);
    expect(idx.positionAt(0)).toEqual({ line: 0, character: 0 });
    expect(idx.positionAt(3)).toEqual({ line: 1, character: 0 });
    expect(idx.positionAt(7)).toEqual({ line: 2, character: 0 });
    expect(idx.positionAt(10)).toEqual({ line: 3, character: 0 });
    expect(idx.positionAt(text.indexOf('x'))).toEqual({ line: 3, character: 6 });
    expect(idx.offsetAt({ line: 3, character: 6 })).toBe(text.indexOf('x'));
    expect(idx.positionAt(9999)).toEqual({ line: 3, character: 7 });
  });
});

describe('rule registry and reporter', () => {
  const registry = new RuleRegistry([
    {
      family: 'common',
      rules: [
        {
          id: 'T-ONE',
          severity: 'warning',
          title: { fr: 'Un', en: 'One' },
          message: { fr: 'Valeur {v} refusée', en: 'Value {v} refused' },
          source: 'test',
          examples: [],
        },
      ],
    },
  ]);

  it('formats messages in the configured language with the finding data', () => {
    const r = new Reporter(registry, { ...defaultSettings, locale: 'en' }, new LineIndex('abc\ndef'));
    r.report('T-ONE', { start: 4, end: 7 }, { v: 'x' });
    expect(r.findings).toEqual([{ rule: 'T-ONE', severity: 'warning', message: 'Value x refused', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } }, data: { v: 'x' } }]);
  });

  it('applies severity overrides and drops rules set to off', () => {
    const upgraded = new Reporter(registry, { ...defaultSettings, rules: { 'T-ONE': 'error' } }, new LineIndex('x'));
    upgraded.report('T-ONE', { start: 0, end: 1 });
    expect(upgraded.findings[0].severity).toBe('error');
    expect(upgraded.findings[0].message).toBe('Valeur {v} refusée');
    const silenced = new Reporter(registry, { ...defaultSettings, rules: { 'T-ONE': 'off' } }, new LineIndex('x'));
    silenced.report('T-ONE', { start: 0, end: 1 });
    expect(silenced.findings).toEqual([]);
  });

  it('refuses unknown rule ids and duplicate ids', () => {
    const r = new Reporter(registry, defaultSettings, new LineIndex('x'));
    expect(() => r.report('T-NOPE', { start: 0, end: 0 })).toThrow(/unknown rule/);
    expect(() => new RuleRegistry([{ family: 'common', rules: [registry.get('T-ONE'), registry.get('T-ONE')] }])).toThrow(/duplicate/);
  });

  it('carries localised quick fixes with ranges', () => {
    const r = new Reporter(registry, defaultSettings, new LineIndex('abc'));
    r.report('T-ONE', { start: 0, end: 1 }, { v: 'a' }, [{ title: { fr: 'Remplacer {v}', en: 'Replace {v}' }, edits: [{ start: 0, end: 1, newText: 'A' }] }]);
    expect(r.findings[0].fixes).toEqual([{ title: 'Remplacer a', edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, newText: 'A' }] }]);
  });

  it('leaves unknown placeholders visible', () => {
    expect(formatMessage('{a} et {b}', { a: 1 })).toBe('1 et {b}');
  });
});

describe('decodeBytes', () => {
  it('honours BOMs and ISO-8859-1 declarations, and flags invalid UTF-8', () => {
    expect(decodeBytes(Buffer.from('\ufeffé', 'utf8')).text).toBe('é');
    expect(decodeBytes(Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a>é</a>', 'latin1')).text).toContain('<a>é</a>');
    const bad = decodeBytes(Buffer.from('<a>é</a>', 'latin1'));
    expect(bad.invalidAt).toBe(3);
  });
});

describe('project configuration', () => {
  it('reads rules, production, locale; reports bad values without throwing', () => {
    const { config, problems } = parseConfig(JSON.stringify({ rules: { A: 'off', B: 'loud' }, production: true, locale: 'en', exclude: ['**/x/**', 3] }));
    expect(config).toEqual({ rules: { A: 'off' }, production: true, locale: 'en', exclude: ['**/x/**'] });
    expect(problems).toHaveLength(1);
    expect(settingsFromConfig(config)).toEqual({ rules: { A: 'off' }, production: true, locale: 'en' });
    expect(parseConfig('{oops').problems).toHaveLength(1);
    expect(parseConfig('[]').problems).toHaveLength(1);
  });
});
