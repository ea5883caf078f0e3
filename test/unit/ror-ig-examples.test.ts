import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { coveredText, engine, repoRoot } from '../helpers';

/**
 * What we report on the official ROR material (docs/conformance-ror.md explains each finding). Reads
 * ../shared/corpus/ror; skipped, saying so, when the corpus is absent.
 */
const corpus = join(repoRoot, '..', 'shared', 'corpus', 'ror');
const present = existsSync(corpus);
const J124 = 'https://mos.esante.gouv.fr/NOS/JDV_J124-Commune/FHIR/JDV-J124-Commune';

function findings(rel: string): { rule: string; text: string }[] {
  const text = readFileSync(join(corpus, rel), 'utf8');
  const result = engine().validate(text);
  expect(result.family).toBe('ror');
  return result.diagnostics.map((d) => ({ rule: d.rule, text: coveredText(text, d) }));
}

describe.skipIf(!present)('ROR IG 0.7.0 examples and documentation bodies (../shared/corpus/ror)', () => {
  it('HealthcareService-1234564: only the missing careMode characteristic', () => {
    expect(findings('examples/HealthcareService-1234564.json')).toEqual([{ rule: 'ROR-SLICE-REQUIRED', text: '"characteristic"' }]);
  });

  it('Location-ror-location-exemple: type display "Hébergement" is not the NOS label; the commune code is not checkable while JDV_J124 is not bundled', () => {
    const f = findings('examples/Location-ror-location-exemple.json');
    const uncheckable = engine().nos.valueSet(J124) ? [] : [{ rule: 'ROR-BINDING-UNCHECKABLE', text: expect.any(String) as string }];
    expect(f).toEqual([...uncheckable, { rule: 'NOS-DISPLAY-NAME', text: '"Hébergement"' }]);
  });

  it('Location-ror-location-exemple: the quick fix writes the JDV_J198 label of code 001', () => {
    const text = readFileSync(join(corpus, 'examples/Location-ror-location-exemple.json'), 'utf8');
    const d = engine().validate(text).diagnostics.find((x) => x.rule === 'NOS-DISPLAY-NAME')!;
    expect(d.message).toContain('« Hébergement MCO »');
    expect(d.fixes?.[0].edits[0].newText).toBe('"Hébergement MCO"');
  });

  it('Task-ror-task-exemple: conformant', () => {
    expect(findings('examples/Task-ror-task-exemple.json')).toEqual([]);
  });

  it('POST Organization EJ (documentation): pre-0.7 http SIREN system, made-up SIREN, street type not coded', () => {
    expect(findings('doc-payloads/saisie-offre_scenario1_POST-Organization-EJ.json')).toEqual([
      { rule: 'ROR-IDENTIFIER-KEY', text: '"2921317258"' },
      { rule: 'ROR-IDENTIFIER-KEY', text: '"921317258"' },
      { rule: 'ROR-IDENTIFIER-SYSTEM', text: '"http://sirene.fr"' },
      { rule: 'ROR-BINDING', text: '"rue"' },
    ]);
  });

  it('POST Organization EG (documentation): same faults for the SIRET', () => {
    expect(findings('doc-payloads/saisie-offre_scenario2_POST-Organization-EG.json')).toEqual([
      { rule: 'ROR-IDENTIFIER-KEY', text: '"392131725800020"' },
      { rule: 'ROR-IDENTIFIER-KEY', text: '"92131725800020"' },
      { rule: 'ROR-IDENTIFIER-SYSTEM', text: '"http://sirene.fr"' },
      { rule: 'ROR-BINDING', text: '"rue"' },
    ]);
  });

  it('PATCH HealthcareService (documentation): the operation type is a code', () => {
    expect(findings('doc-payloads/creation-maj-lieu-offre_scenario1_PATCH-HealthcareService-add-location.Parameters.json')).toEqual([
      { rule: 'FHIR-PATCH-OPERATION', text: '"valueString"' },
    ]);
  });

  it('PATCH Location capacity (documentation): add without name, string type, nameless value part', () => {
    expect(findings('doc-payloads/creation-maj-lieu-offre_scenario2_PATCH-Location-add-supported-capacity.Parameters.json').map((f) => f.rule)).toEqual([
      'FHIR-PATCH-OPERATION',
      'FHIR-PATCH-OPERATION',
      'FHIR-MIN-CARDINALITY',
    ]);
  });
});
