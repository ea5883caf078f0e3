import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../server/src/engine';
import { nodeDataSource } from '../../server/src/engine/data';
import { isServiceSheet } from '../../server/src/service-sheet/detect';
import { schemaAt, sheetLabels, sheetSchemaJson, type JsonSchema } from '../../server/src/service-sheet/labels';
import { schemaValidator } from '../../server/src/service-sheet/schema';
import { isValidDate } from '../../server/src/service-sheet/semantics';
import { applyEdits, engine, readRepoFile, repoRoot, rulesOf } from '../helpers';

const SAMPLES = 'samples/service-sheets';
const base = readRepoFile('test/fixtures/service-sheet/base.yaml');
const yamlFiles = (dir: string) =>
  readdirSync(join(repoRoot, dir))
    .filter((f) => f.endsWith('.yaml'))
    .sort();

describe('service-sheet detection', () => {
  it('claims YAML with a top-level fiche key, bare or quoted, after comments, with CRLF or a BOM', () => {
    expect(isServiceSheet(base)).toBe(true);
    expect(isServiceSheet('"fiche": "1.1"\n')).toBe(true);
    expect(isServiceSheet("---\n# commentaire\n'fiche': '1.1'\n")).toBe(true);
    expect(isServiceSheet('fiche:\r\n')).toBe(true);
    expect(isServiceSheet('\uFEFFfiche: "1.1"\n')).toBe(true);
  });

  it('does not claim other YAML, JSON or XML', () => {
    expect(isServiceSheet('name: ci\non: push\njobs: {}\n')).toBe(false);
    expect(isServiceSheet('services:\n  fiche: "1.1"\n')).toBe(false);
    expect(isServiceSheet('fiches: 3\n')).toBe(false);
    expect(isServiceSheet('description: |\n  fiche: dans un texte\n')).toBe(false);
    expect(isServiceSheet('{\n"fiche": "1.1"\n}')).toBe(false);
    expect(isServiceSheet('<fiche>\nfiche: 1\n</fiche>')).toBe(false);
    expect(engine().detect('openapi: 3.0.0\ninfo: {title: x}\n')).toBe('unknown');
    expect(engine().detect(base)).toBe('service-sheet');
  });
});

describe('SDRSIS samples', () => {
  const files = yamlFiles(SAMPLES);
  it('are the 16 services of the Schéma directeur', () => {
    expect(files).toHaveLength(16);
    const ids = files.map((f) => engine().validate(readRepoFile(`${SAMPLES}/${f}`)).kind);
    expect(ids).toEqual(
      ['1.1', '1.2', '1.3', '1.4', '1.5', '1.6', '2.1', '2.2', '2.3', '3.1', '3.2', '3.3', '4.1', '4.2', '5.1', '5.2'].map((id) => `fiche ${id}`),
    );
  });
  for (const f of files) {
    it(`${f} validates clean`, () => {
      const r = engine().validate(readRepoFile(`${SAMPLES}/${f}`));
      expect(r.family).toBe('service-sheet');
      expect(r.diagnostics.map((d) => `${d.rule} ${d.message}`)).toEqual([]);
    });
  }

  it('invalid samples raise the rules their header comment lists', () => {
    const dir = `${SAMPLES}/invalid`;
    const invalid = yamlFiles(dir);
    expect(invalid.length).toBeGreaterThanOrEqual(2);
    for (const f of invalid) {
      const text = readRepoFile(`${dir}/${f}`);
      const listed = [...new Set(text.match(/FICHE-[A-Z-]+[A-Z]/g) ?? [])].sort();
      expect(listed.length, f).toBeGreaterThan(0);
      expect([...new Set(rulesOf(engine().validate(text).diagnostics))].sort(), f).toEqual(listed);
    }
  });
});

describe('schema and labels', () => {
  const data = nodeDataSource();
  const schema = sheetSchemaJson(data);
  const labels = sheetLabels(data);

  it('compiles the schema once', () => {
    expect(schemaValidator(schema)).toBe(schemaValidator(schema));
    expect(sheetSchemaJson(data)).toBe(schema);
  });

  /** Every schema path: `securite.flux[].url`… */
  const paths = (s: JsonSchema, prefix = ''): [string, JsonSchema][] => {
    const out: [string, JsonSchema][] = [];
    for (const [k, child] of Object.entries(s.properties ?? {})) {
      const p = prefix ? `${prefix}.${k}` : k;
      out.push([p, child], ...paths(child, p));
      if (child.items) out.push([`${p}[]`, child.items], ...paths(child.items, `${p}[]`));
    }
    return out;
  };

  it('every key of the schema has a French and an English description', () => {
    for (const [p] of paths(schema)) {
      expect(labels.keys[p]?.fr, p).toBeTruthy();
      expect(labels.keys[p]?.en, p).toBeTruthy();
    }
  });

  it('every enumerated value has its labels, and every labelled value is allowed', () => {
    const enums = paths(schema).filter(([, s]) => s.enum);
    expect(enums.map(([p]) => p).sort()).toEqual(Object.keys(labels.values).sort());
    for (const [p, s] of enums) {
      expect(Object.keys(labels.values[p]).sort(), p).toEqual(s.enum!.map(String).sort());
      for (const v of Object.values(labels.values[p])) expect(v.fr && v.en, p).toBeTruthy();
    }
  });

  it('uses only the ajv keywords that have a rule of their own', () => {
    const handled = new Set(['type', 'properties', 'items', 'required', 'enum', 'additionalProperties', 'pattern', 'minItems', 'minLength', 'uniqueItems']);
    const annotations = new Set(['$schema', 'title', 'description']);
    const walk = (s: JsonSchema) => {
      for (const k of Object.keys(s)) if (!annotations.has(k)) expect(handled.has(k), k).toBe(true);
      Object.values(s.properties ?? {}).forEach(walk);
      if (s.items) walk(s.items);
    };
    walk(schema);
  });

  it('finds sub-schemas by path', () => {
    expect(schemaAt(schema, 'securite.flux[].url')?.type).toBe('string');
    expect(schemaAt(schema, 'domaines[]')?.enum).toContain('production_de_soins');
    expect(schemaAt(schema, 'nope.x')).toBeUndefined();
    expect(schemaAt(schema, '__proto__')).toBeUndefined();
  });

  it('reads socle mention patterns, axis titles and statuses as the SDRSIS writes them', () => {
    expect(labels.values.axe['2'].fr).toMatch(/^Développer la télémédecine/);
    expect(labels.values['beneficiaires[]'].professionnels_ambulatoires.fr).toBe('Professionnels de santé du secteur ambulatoire');
    expect(labels.values.statut.non_demarre.fr).toBe('Non démarré');
  });
});

describe('semantic checks', () => {
  it('dates: calendar validity, leap years, partial forms for the target date', () => {
    const full = /^(\d{4})-(\d{2})-(\d{2})$/;
    const partial = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
    expect(isValidDate('2024-02-29', full)).toBe(true);
    expect(isValidDate('2023-02-29', full)).toBe(false);
    expect(isValidDate('1900-02-29', full)).toBe(false);
    expect(isValidDate('2000-02-29', full)).toBe(true);
    expect(isValidDate('2018-04-31', full)).toBe(false);
    expect(isValidDate('2018-00-10', full)).toBe(false);
    expect(isValidDate('2018', partial)).toBe(true);
    expect(isValidDate('2018-12', partial)).toBe(true);
    expect(isValidDate('2018-1', partial)).toBe(false);
  });

  it('a stream of sheets is validated sheet by sheet and reports ids used twice', () => {
    const second = base.replace('fiche: "1.1"', 'fiche: "1.2"');
    const r = engine().validate(`${base}---\n${second}---\n${base}`);
    expect(r.kind).toBe('3 fiches');
    const dup = r.diagnostics.filter((d) => d.rule === 'FICHE-ID-DUPLICATE');
    expect(dup).toHaveLength(1);
    expect(dup[0].message).toContain('la fiche de la ligne 2');
    expect(rulesOf(r.diagnostics)).toEqual(['FICHE-ID-DUPLICATE']);
  });

  it('flags each socle the text names, once, at its first mention', () => {
    const text = applyEdits(base, [
      ['services_socles: [ror]', 'services_socles: []'],
      ['(structures, activités', '(structures, DMP, MSSanté, activités'],
    ]);
    const found = engine().validate(text).diagnostics.filter((d) => d.rule === 'FICHE-SOCLE-MENTION');
    expect(found.map((d) => d.data?.socle).sort()).toEqual(['dmp', 'mssante', 'ror']);
    expect(found.every((d) => d.severity === 'information')).toBe(true);
  });

  it('does not read an acronym inside a longer word as a mention', () => {
    const text = applyEdits(base, [
      ['services_socles: [ror]', 'services_socles: []'],
      ['Le Répertoire Opérationnel des Ressources décrit', 'Le référentiel décrit'],
      ['Le ROR est un service socle.', 'Voir les ERORS, DMPs et INSi.'],
    ]);
    expect(engine().validate(text).diagnostics.filter((d) => d.rule === 'FICHE-SOCLE-MENTION')).toEqual([]);
  });

  it('reports a null or list value of the wrong type once (no enum error on top)', () => {
    const text = applyEdits(base, [['axe: 1', 'axe: "1"']]);
    expect(rulesOf(engine().validate(text).diagnostics)).toEqual(['FICHE-SCHEMA-TYPE']);
  });

  it('messages exist in English', () => {
    const en = createEngine({ settings: { locale: 'en' } }).validate(applyEdits(base, [['statut: en_cours', 'statut: en-cours']]));
    expect(en.diagnostics[0].message).toContain('Allowed values: non_demarre (Not started), en_cours (In progress)');
  });
});
