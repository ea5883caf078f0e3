import { describe, expect, it } from 'vitest';
import { locate } from '../../server/src/ror/json/locate';
import { parseFhirJson } from '../../server/src/ror/json/scan';
import { applyEdits, coveredText, engine, readRepoFile } from '../helpers';

const hs = readRepoFile('samples/ror/healthcareservice.json');
const rules = (text: string) => engine().validate(text).diagnostics.map((d) => d.rule);
const HEAD = '{"resourceType":"Location","meta":{"lastUpdated":"2025-01-01T00:00:00Z","profile":["https://interop.esante.gouv.fr/ig/fhir/ror/StructureDefinition/ror-location"]}';

describe('bad JSON input: a clear finding at the right place, never a crash', () => {
  it('truncated document: reported at its end', () => {
    const text = hs.slice(0, hs.indexOf('"characteristic"'));
    const ds = engine().validate(text).diagnostics;
    expect(ds.length).toBeGreaterThan(0);
    expect(ds.every((d) => d.rule === 'FHIR-JSON-SYNTAX')).toBe(true);
    expect(ds.some((d) => d.range.start.line >= text.split('\n').length - 2)).toBe(true);
  });

  it('trailing comma and comment: each at its exact place, with a French explanation', () => {
    const text = applyEdits(hs, [
      ['"code": "11",', '"code": "11", /* Île-de-France */'],
      ['"display": "Hospitalisation complète (HC)"', '"display": "Hospitalisation complète (HC)",'],
    ]);
    const ds = engine().validate(text).diagnostics;
    expect(ds.map((d) => coveredText(text, d))).toEqual(['/* Île-de-France */', '}']);
    expect(ds[0].message).toContain('commentaire');
    expect(ds[1].message).toContain('virgule finale');
  });

  it('duplicate keys: the second occurrence, even past 16 keys (Set mode) and with escaped spellings', () => {
    const many = Array.from({ length: 20 }, (_, i) => `"k${i}":1`).join(',');
    const r = parseFhirJson(`{${many},"k3":2,"\\u006b4":3}`, 'fr');
    expect(r.problems.map((p) => [p.rule, p.data?.key])).toEqual([
      ['FHIR-JSON-DUPLICATE-KEY', 'k3'],
      ['FHIR-JSON-DUPLICATE-KEY', '\\u006b4'],
    ]);
    expect(parseFhirJson('{"a":{"b":1},"c":{"b":2}}', 'fr').problems).toEqual([]);
  });

  it('__proto__ and constructor keys: reported, dropped, and no prototype is touched', () => {
    const text = applyEdits(hs, [['"active": true,', '"__proto__": { "polluted": true },\n  "constructor": { "prototype": { "polluted": true } },\n  "active": true,']]);
    const ds = engine().validate(text).diagnostics;
    expect(ds.filter((d) => d.rule === 'FHIR-JSON-RESERVED-KEY').map((d) => coveredText(text, d))).toEqual(['"__proto__"', '"constructor"', '"prototype"']);
    expect(ds.filter((d) => d.rule === 'FHIR-UNKNOWN-ELEMENT')).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('numbers beyond double precision: warned with the value readers will see; exact ones are not', () => {
    const r = parseFhirJson('[12345678901234567890, 0.1000000000000000055511151231257827, 1e400, 3.14159, 9007199254740991, 1.50]', 'fr');
    expect(r.problems.map((p) => p.data?.value)).toEqual(['12345678901234567890', '0.1000000000000000055511151231257827', '1e400']);
    expect(r.problems[2].data?.read).toBe('Infinity');
  });

  it('100,000-deep nesting: refused quickly, without stack overflow, in validation, completion and hover', () => {
    const deep = '{"resourceType":"Parameters","parameter":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}';
    const t0 = performance.now();
    expect(rules(deep)).toEqual([]); // not a ROR payload: not claimed
    const ror = HEAD + ',"x":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}';
    const ds = engine().validate(ror).diagnostics;
    expect(ds.map((d) => d.rule)).toEqual(['FHIR-JSON-TOO-DEEP']);
    expect(engine().complete(ror, { line: 0, character: 10 })).toEqual([]);
    expect(engine().hover(ror, { line: 0, character: 10 })).toBeUndefined();
    const truncatedDeep = HEAD + ',"x":' + '['.repeat(100_000);
    expect(rules(truncatedDeep)).toEqual(['FHIR-JSON-TOO-DEEP']);
    expect(performance.now() - t0).toBeLessThan(3000);
  });

  it('a 20 MB array: validated in linear time, one finding per fault', () => {
    const big = Array.from({ length: 3_000_000 }, (_, i) => `"l${i % 1000}"`).join(',');
    const text = `${HEAD},"alias":[${big}],"alias2":[1]}`;
    expect(text.length).toBeGreaterThan(20_000_000);
    const t0 = performance.now();
    const ds = engine().validate(text).diagnostics;
    expect(performance.now() - t0).toBeLessThan(15_000);
    expect(ds.filter((d) => d.rule === 'FHIR-UNKNOWN-ELEMENT').map((d) => coveredText(text, d))).toEqual(['"alias2"']);
  });

  it('null, empty objects and arrays are reported where they are', () => {
    const text = applyEdits(hs, [['"active": true,', '"active": true,\n  "contained": [],\n  "comment": null,\n  "eligibility": [{}],']]);
    const ds = engine().validate(text).diagnostics;
    expect(ds.filter((d) => d.rule === 'FHIR-JSON-EMPTY').map((d) => coveredText(text, d))).toEqual(['[]', '{}']);
    expect(ds.filter((d) => d.rule === 'FHIR-JSON-NULL').map((d) => coveredText(text, d))).toEqual(['null']);
  });

  it('a UTF-8 BOM is accepted and positions stay exact', () => {
    const text = '\ufeff' + applyEdits(hs, [['"active": true', '"actif": true']]);
    const d = engine().validate(text).diagnostics.find((x) => x.rule === 'FHIR-UNKNOWN-ELEMENT')!;
    expect(coveredText(text, d)).toBe('"actif"');
  });

  it('non-object roots and garbage never throw', () => {
    const samples = ['', ' ', '[]', 'null', '"x"', '{', '}', '{"resourceType":', '{"resourceType":"Location","meta":{"profile":["https://interop.esante.gouv.fr/ig/fhir/ror/StructureDefinition/ror-location"]},"x":"\\x"}'];
    for (const s of samples) {
      expect(() => engine().validate(s)).not.toThrow();
      expect(() => engine().complete(s, { line: 0, character: Math.min(3, s.length) })).not.toThrow();
      expect(() => engine().hover(s, { line: 0, character: 1 })).not.toThrow();
    }
    const invalidEscape = samples[samples.length - 1];
    expect(rules(invalidEscape)).toContain('FHIR-JSON-SYNTAX');
  });

  it('random mutations of a valid resource never throw', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const alphabet = '{}[]",:\\ 0123456789abcdefnulltrue-+.eE\n\u0000é';
    for (let i = 0; i < 300; i++) {
      let text = hs;
      for (let k = 0; k < 3; k++) {
        const at = rand(text.length);
        text = text.slice(0, at) + alphabet[rand(alphabet.length)] + text.slice(at + rand(3));
      }
      expect(() => engine().validate(text)).not.toThrow();
    }
  });
});

describe('NDJSON: each line on its own, positions offset to the line', () => {
  const ndjson = readRepoFile('samples/ror/export.ndjson');

  it('a fault on line 3 is reported on line 3, the other lines still validated', () => {
    const lines = ndjson.split('\n');
    lines[2] = lines[2].replace('"status":"active"', '"status":"actif"');
    lines[1] = lines[1].replace('"value":"920001237"', '"value":"920001238"');
    const text = lines.join('\n');
    const ds = engine().validate(text).diagnostics.filter((d) => d.severity !== 'information');
    expect(ds.map((d) => [d.rule, d.range.start.line, coveredText(text, d)])).toEqual([
      ['ROR-IDENTIFIER-KEY', 1, '"920001238"'],
      ['FHIR-CODE-VALUE', 2, '"actif"'],
    ]);
    expect(engine().validate(text).kind).toBe('NDJSON (4 lignes)');
  });

  it('a broken line does not stop the others; CRLF line ends keep positions exact', () => {
    const lines = ndjson.trimEnd().split('\n');
    lines[0] = lines[0].slice(0, 40);
    lines[3] = lines[3].replace('"active":true', '"active":"oui"');
    const text = lines.join('\r\n');
    const ds = engine().validate(text).diagnostics.filter((d) => d.severity === 'error');
    expect(ds[0].rule).toBe('FHIR-JSON-SYNTAX');
    expect(ds[0].range.start.line).toBe(0);
    const typed = ds.find((d) => d.rule === 'FHIR-JSON-TYPE')!;
    expect([typed.range.start.line, coveredText(text, typed)]).toEqual([3, '"oui"']);
  });
});

describe('position resolution', () => {
  it('places keys, values and object starts, and falls back to the nearest existing ancestor', () => {
    const text = '{"a": {"b": [1, {"c": "x"}], "d": {}}, "e\\"f": 2}';
    const at = (path: (string | number)[], kind: 'key' | 'value' | 'start') => {
      const r = locate(text, [{ path, kind }])[0];
      return text.slice(r.start, r.end);
    };
    expect(at(['a', 'b', 1, 'c'], 'value')).toBe('"x"');
    expect(at(['a', 'b', 1, 'c'], 'key')).toBe('"c"');
    expect(at(['a', 'b', 1], 'start')).toBe('{');
    expect(at(['a', 'b', 1], 'key')).toBe('{');
    expect(at(['a', 'd'], 'value')).toBe('{}');
    expect(at(['e"f'], 'value')).toBe('2');
    expect(at(['a', 'b', 1, 'missing'], 'value')).toBe('{');
  });
});
