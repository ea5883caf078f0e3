import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRorPayload } from '../../server/src/ror/detect';
import { coveredText, engine, readRepoFile, repoRoot } from '../helpers';

const dir = join(repoRoot, 'samples', 'ror');
const valid = readdirSync(dir).filter((f) => /\.(json|ndjson)$/.test(f));
/** JDV_J124-Commune (commune codes) is not among the bundled NOS lists: an information, never an error. */
const ALLOWED_INFO = new Set(['ROR-BINDING-UNCHECKABLE']);

describe('ROR samples', () => {
  it('cover every 0.7.0 profile, a searchset Bundle, an NDJSON export and a Patch body', () => {
    const kinds = valid.map((f) => engine().validate(readRepoFile(`samples/ror/${f}`)).kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['ROROrganization', 'RORHealthcareService', 'RORLocation', 'RORPractitionerRole', 'RORPractitioner', 'RORTask', 'RORQuestionnaire', 'RORMeasure', 'RORMeasureReport', 'Bundle searchset (6)', 'NDJSON (4 lignes)', 'FHIRPath Patch']),
    );
  });

  for (const f of valid) {
    it(`${f} is detected as ROR and validates without error or warning`, () => {
      const result = engine().validate(readRepoFile(`samples/ror/${f}`));
      expect(result.family).toBe('ror');
      expect(result.diagnostics.filter((d) => !(d.severity === 'information' && ALLOWED_INFO.has(d.rule))).map((d) => `${d.rule}: ${d.message}`)).toEqual([]);
    });
  }

  const invalid: [string, string[]][] = [
    ['bundle-wrong-references.json', ['FHIR-BUNDLE-INVARIANT', 'ROR-REFERENCE-TARGET', 'FHIR-BUNDLE-REFERENCE']],
    ['healthcareservice-missing-caremode.json', ['ROR-SLICE-REQUIRED']],
    ['location-syntax.json', ['FHIR-JSON-SYNTAX']],
    ['organization-http-sirene.json', ['ROR-IDENTIFIER-KEY', 'ROR-IDENTIFIER-SYSTEM']],
    ['patch-bad-operation.json', ['FHIR-PATCH-OPERATION', 'FHIR-PATCH-ELEMENT']],
  ];
  for (const [f, expected] of invalid) {
    it(`invalid/${f} raises ${expected.join(', ')}`, () => {
      const result = engine().validate(readRepoFile(`samples/ror/invalid/${f}`));
      expect(result.family).toBe('ror');
      expect([...new Set(result.diagnostics.filter((d) => d.severity !== 'information').map((d) => d.rule))]).toEqual(expected);
    });
  }

  it('the http SIRENE system comes with a quick fix to the https one', () => {
    const text = readRepoFile('samples/ror/invalid/organization-http-sirene.json');
    const d = engine().validate(text).diagnostics.find((x) => x.rule === 'ROR-IDENTIFIER-SYSTEM')!;
    expect(coveredText(text, d)).toBe('"http://sirene.fr"');
    expect(d.fixes?.[0].edits[0].newText).toBe('"https://sirene.fr"');
  });

  it('messages follow the locale', () => {
    const text = readRepoFile('samples/ror/invalid/healthcareservice-missing-caremode.json');
    const e = engine();
    e.configure({ locale: 'en' });
    try {
      expect(e.validate(text).diagnostics[0].message).toBe('characteristic: slice "careMode" is required (RORHealthcareService).');
    } finally {
      e.configure({ locale: 'fr' });
    }
  });
});

describe('ROR detection', () => {
  const claims = (text: string) => isRorPayload(text);

  it('claims resources, Bundles and NDJSON declaring a ROR profile, and Patch bodies on ROR resources', () => {
    for (const f of valid) expect(claims(readRepoFile(`samples/ror/${f}`))).toBe(true);
    expect(claims('{"resourceType":"Parameters","parameter":[{"name":"operation","part":[{"name":"type","valueCode":"delete"},{"name":"path","valueString":"Location.alias"}]}]}')).toBe(true);
    expect(claims('{"resourceType":"Parameters","parameter":[{"name":"operation","part":[{"valueString":"PractitionerRole.telecom","name":"path"}]}]}')).toBe(true);
  });

  it('does not claim other JSON: package.json, tsconfig, a plain FHIR resource, a Patch on Patient, a CDA', () => {
    expect(claims(readRepoFile('package.json'))).toBe(false);
    expect(claims(readRepoFile('tsconfig.json'))).toBe(false);
    expect(claims('{"resourceType":"Patient","meta":{"profile":["http://hl7.org/fhir/StructureDefinition/Patient"]}}')).toBe(false);
    expect(claims('{"resourceType":"Parameters","parameter":[{"name":"operation","part":[{"name":"path","valueString":"Patient.name"}]}]}')).toBe(false);
    expect(claims('{"note": "see https://interop.esante.gouv.fr/ig/fhir/ror/StructureDefinition/ror-location", "profile": []}')).toBe(false);
    expect(claims('<ClinicalDocument xmlns="urn:hl7-org:v3"/>')).toBe(false);
  });

  it('an extension URL alone is not a profile claim', () => {
    expect(claims('{"resourceType":"Location","extension":[{"url":"https://interop.esante.gouv.fr/ig/fhir/ror/StructureDefinition/ror-commune-cog"}]}')).toBe(false);
  });
});
