import { describe, expect, it } from 'vitest';
import type { Finding, Fix } from '../../server/src/engine';
import { LineIndex } from '../../server/src/engine/positions';
import { applyEdits, engine, readRepoFile, rulesOf } from '../helpers';

const base = readRepoFile('test/fixtures/service-sheet/base.yaml');

/** Applies a quick fix's edits (LSP ranges) to the text, last edit first. */
function applyFix(text: string, fix: Fix): string {
  const lines = new LineIndex(text);
  const edits = fix.edits
    .map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

function only(text: string, rule: string): Finding {
  const found = engine()
    .validate(text)
    .diagnostics.filter((d) => d.rule === rule);
  expect(found).toHaveLength(1);
  return found[0];
}

/** Breaks the base sheet, applies the fix titled `title`, and expects the exact repaired text back. */
function roundTrip(edits: [string, string][], rule: string, title: RegExp, expected = base): void {
  const broken = applyEdits(base, edits);
  const fix = only(broken, rule).fixes?.find((f) => title.test(f.title));
  expect(fix, `no fix matching ${title}`).toBeDefined();
  const repaired = applyFix(broken, fix!);
  expect(repaired).toBe(expected);
  expect(rulesOf(engine().validate(repaired).diagnostics)).toEqual([]);
}

describe('quick fixes', () => {
  it('near-miss status: en-cours → en_cours', () => {
    roundTrip([['statut: en_cours', 'statut: en-cours']], 'FICHE-SCHEMA-ENUM', /« en_cours » \(En cours\)/);
  });

  it('status written as its label: "Non démarré" → non_demarre', () => {
    const expected = applyEdits(base, [['statut: en_cours', 'statut: non_demarre']]);
    roundTrip([['statut: en_cours', 'statut: "Non démarré"']], 'FICHE-SCHEMA-ENUM', /non_demarre/, expected);
  });

  it('domain written as the SDRSIS label: Production de soins → production_de_soins', () => {
    roundTrip(
      [['domaines: [production_de_soins, coordination_des_soins]', 'domaines: [Production de soins, coordination_des_soins]']],
      'FICHE-SCHEMA-ENUM',
      /production_de_soins/,
    );
  });

  it('beneficiary with a hyphen and an accent: Etablissements médico-sociaux → etablissements_medicosociaux', () => {
    const expected = applyEdits(base, [['etablissements_sanitaires, professionnels', 'etablissements_medicosociaux, professionnels']]);
    roundTrip([['etablissements_sanitaires, professionnels', 'Etablissements médico-sociaux, professionnels']], 'FICHE-SCHEMA-ENUM', /etablissements_medicosociaux/, expected);
  });

  it('typo in a socle code: mssanté → mssante', () => {
    const expected = applyEdits(base, [['services_socles: [ror]', 'services_socles: [ror, mssante]']]);
    roundTrip([['services_socles: [ror]', 'services_socles: [ror, mssanté]']], 'FICHE-SCHEMA-ENUM', /mssante/, expected);
  });

  it('offers nothing when no value is close', () => {
    const f = only(applyEdits(base, [['statut: en_cours', 'statut: planifie']]), 'FICHE-SCHEMA-ENUM');
    expect(f.fixes).toBeUndefined();
  });

  it('id/axis mismatch: set the axis from the id', () => {
    roundTrip([['axe: 1', 'axe: 3']], 'FICHE-ID-AXE', /Mettre l'axe à 1/);
  });

  it('id/axis mismatch: renumber the sheet in its axis, keeping the quotes', () => {
    const expected = applyEdits(base, [['fiche: "1.1"', 'fiche: "3.1"'], ['axe: 1', 'axe: 3']]);
    roundTrip([['axe: 1', 'axe: 3']], 'FICHE-ID-AXE', /Renuméroter la fiche en « 3.1 »/, expected);
  });

  it('id/axis mismatch with an id outside the axes offers only the renumbering', () => {
    const f = only(applyEdits(base, [['fiche: "1.1"', "fiche: '7.2'"]]), 'FICHE-ID-AXE');
    expect(f.fixes?.map((x) => x.title)).toEqual(['Renuméroter la fiche en « 1.2 »']);
    expect(applyFix(applyEdits(base, [['fiche: "1.1"', "fiche: '7.2'"]]), f.fixes![0])).toContain("fiche: '1.2'");
  });

  it('unknown key close to a known one: rename', () => {
    roundTrip([['porteur:', 'porteurs:']], 'FICHE-SCHEMA-UNKNOWN-KEY', /Renommer en « porteur »/);
  });

  it('unquoted id: quote it', () => {
    roundTrip([['fiche: "1.1"', 'fiche: 1.1']], 'FICHE-SCHEMA-TYPE', /guillemets/);
  });

  it('a single value where a list is expected: make it a list', () => {
    const expected = applyEdits(base, [['domaines: [production_de_soins, coordination_des_soins]', 'domaines: [production_de_soins]']]);
    roundTrip([['domaines: [production_de_soins, coordination_des_soins]', 'domaines: production_de_soins']], 'FICHE-SCHEMA-TYPE', /liste/, expected);
  });

  it('duplicate item in a flow list: remove it', () => {
    const expected = applyEdits(base, [['domaines: [production_de_soins, coordination_des_soins]', 'domaines: [production_de_soins]']]);
    roundTrip(
      [['domaines: [production_de_soins, coordination_des_soins]', 'domaines: [production_de_soins, production_de_soins]']],
      'FICHE-SCHEMA-DUPLICATE-ITEM',
      /Supprimer/,
      expected,
    );
  });

  it('duplicate item in a block list: remove its line', () => {
    const blockBase = applyEdits(base, [['services_socles: [ror]', 'services_socles:\n  - ror\n  - dmp']]);
    const broken = applyEdits(blockBase, [['  - dmp', '  - dmp\n  - ror']]);
    const fix = only(broken, 'FICHE-SCHEMA-DUPLICATE-ITEM').fixes![0];
    expect(applyFix(broken, fix)).toBe(blockBase);
  });

  it('socle named in the text: add it to a flow list', () => {
    roundTrip([['services_socles: [ror]', 'services_socles: []']], 'FICHE-SOCLE-MENTION', /Ajouter « ror »/);
  });

  it('socle named in the text: add it to a block list', () => {
    const blockBase = applyEdits(base, [['services_socles: [ror]', 'services_socles:\n  - ror\n  - dmp']]);
    const broken = applyEdits(blockBase, [['  - ror\n', '']]);
    const fix = only(broken, 'FICHE-SOCLE-MENTION').fixes![0];
    expect(applyFix(broken, fix)).toBe(applyEdits(blockBase, [['  - ror\n  - dmp', '  - dmp\n  - ror']]));
  });

  it('socle named in the text: add the key when it is missing', () => {
    roundTrip([['services_socles: [ror]\n', '']], 'FICHE-SOCLE-MENTION', /Ajouter « ror »/);
  });

  it('clear-text flow: switch to https://', () => {
    roundTrip([['url: https://api.ror', 'url: http://api.ror']], 'FICHE-PGSSI-HTTP', /https:\/\//);
  });
});
