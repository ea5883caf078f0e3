import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine, type Finding } from '../../server/src/engine';
import { nodeDataSource } from '../../server/src/engine/data';
import { assessInsValue, assessPatientRoot, checkIdentityStatus, loadPgssiTables } from '../../server/src/pgssi';
import { isFhirPayload, isFrPatientPayload, isRorPayload } from '../../server/src/ror/detect';
import { applyEdits, coveredText, engine, readRepoFile, repoRoot } from '../helpers';

/** FHIR Patients (FR Core) in the FHIR JSON family (reported as `ror`): detection, INS and identity-status checks. */

const SAMPLE = 'samples/fhir/patient-ins.json';
const sample = readRepoFile(SAMPLE);
const patient = JSON.parse(sample) as Record<string, any>;
const SYS10 = '"system": "urn:oid:1.2.250.1.213.1.4.10"';
const QUAL = '"code": "QUAL"';
const table = loadPgssiTables(nodeDataSource())!.ins;

const notInfo = (fs: Finding[]) => fs.filter((f) => f.severity !== 'information');
const byRule = (fs: Finding[], rule: string) => fs.filter((f) => f.rule === rule);
/** The sample with `changes` applied to a copy of the parsed resource. */
function variant(change: (p: Record<string, any>) => void): Record<string, any> {
  const copy = structuredClone(patient);
  change(copy);
  return copy;
}

describe('FHIR Patient sample', () => {
  it('is claimed by the FHIR family (reported as ror), kind FRCorePatientINS, with no error or warning', () => {
    const r = engine().validate(sample);
    expect(r.family).toBe('ror');
    expect(r.kind).toBe('FRCorePatientINS');
    expect(notInfo(r.diagnostics).map((d) => `${d.rule}: ${d.message}`)).toEqual([]);
    // an INS-NIR de test (.10): information by default, an error in production mode
    expect(r.diagnostics.map((d) => d.rule)).toEqual(['INS-TEST-IDENTITY']);
    const prod = createEngine({ settings: { production: true } }).validate(sample);
    expect(byRule(prod.diagnostics, 'INS-TEST-IDENTITY')[0].severity).toBe('error');
  });

  it('a Patient without FR Core profile reports the plain kind', () => {
    const text = applyEdits(sample, [['"https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-patient-ins"', '"http://hl7.org/fhir/StructureDefinition/Patient"']]);
    expect(engine().validate(text).kind).toBe('Patient');
  });
});

describe('INS checks on Patient.identifier (shared with CDA)', () => {
  it('points at the system for authority findings and at the value for matricule findings', () => {
    const text = applyEdits(sample, [
      [SYS10, '"system": "urn:oid:1.2.250.1.213.1.4.8"'],
      ['"value": "284076311345649"', '"value": "284076311345648"'],
    ]);
    const fs = engine().validate(text).diagnostics;
    const key = byRule(fs, 'INS-NIR-KEY')[0];
    expect(coveredText(text, key)).toBe('"284076311345648"');
    expect(key.severity).toBe('warning');
    expect(key.message).not.toContain('284076311345648'); // personal data: key only
    expect(byRule(createEngine({ settings: { production: true } }).validate(text).diagnostics, 'INS-NIR-KEY')[0].severity).toBe('error');
  });

  it('a bare OID as system is an error with a quick fix, and the value is still checked', () => {
    const text = applyEdits(sample, [[SYS10, '"system": "1.2.250.1.213.1.4.10"'], ['"value": "284076311345649"', '"value": "2840763113456"']]);
    const fs = engine().validate(text).diagnostics;
    const bare = byRule(fs, 'INS-SYSTEM-BARE-OID')[0];
    expect(coveredText(text, bare)).toBe('"1.2.250.1.213.1.4.10"');
    expect(bare.fixes?.[0].edits[0].newText).toBe('"urn:oid:1.2.250.1.213.1.4.10"');
    expect(coveredText(text, byRule(fs, 'INS-MATRICULE-FORMAT')[0])).toBe('"2840763113456"');
  });

  it('identifiers outside the patient arc are not INS findings', () => {
    const fs = engine().validate(sample).diagnostics;
    expect(fs.some((f) => coveredText(sample, f).includes('IPP-000421'))).toBe(false);
  });
});

describe('identity status (INS-07, INS-08)', () => {
  const run = (p: Record<string, any>) => {
    const text = JSON.stringify(p, null, 2);
    return { text, fs: engine().validate(text).diagnostics };
  };

  it('INS with status PROV or RECUP: error on the status code', () => {
    for (const code of ['PROV', 'RECUP']) {
      const text = applyEdits(sample, [[QUAL, `"code": "${code}"`]]);
      const f = byRule(engine().validate(text).diagnostics, 'INS-STATUS-NOT-QUALIFIED');
      expect(f).toHaveLength(1);
      expect(coveredText(text, f[0])).toBe(`"${code}"`);
      expect(f[0].severity).toBe('error');
    }
  });

  it('the status may come as valueCodeableConcept and the extension URL in http', () => {
    const { text, fs } = run(
      variant((p) => {
        p.extension[0].url = 'http://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-identity-reliability';
        p.extension[0].extension[0] = { url: 'identityStatus', valueCodeableConcept: { coding: [{ code: 'PROV' }] } };
      }),
    );
    expect(coveredText(text, byRule(fs, 'INS-STATUS-NOT-QUALIFIED')[0])).toBe('"PROV"');
  });

  it('INS without any identity status: warning on the INS identifier', () => {
    const { text, fs } = run(variant((p) => p.extension.splice(0, 1)));
    const f = byRule(fs, 'INS-STATUS-MISSING');
    expect(f.map((x) => x.severity)).toEqual(['warning']);
    expect(coveredText(text, f[0])).toBe('"urn:oid:1.2.250.1.213.1.4.10"');
  });

  it('use: INS-NIR official (old allowed), INS-NIA temp', () => {
    const nia = run(variant((p) => (p.identifier[0].system = 'urn:oid:1.2.250.1.213.1.4.9')));
    expect(coveredText(nia.text, byRule(nia.fs, 'INS-IDENTIFIER-USE')[0])).toBe('"official"');
    const niaTemp = run(
      variant((p) => {
        p.identifier[0].system = 'urn:oid:1.2.250.1.213.1.4.9';
        p.identifier[0].use = 'temp';
      }),
    );
    expect(notInfo(niaTemp.fs)).toEqual([]);
    const old = run(
      variant((p) => {
        p.identifier[0].system = 'urn:oid:1.2.250.1.213.1.4.8';
        p.identifier[0].use = 'old';
        p.extension[0].extension[0].valueCoding.code = 'PROV';
        p.meta.profile = ['https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-patient'];
      }),
    );
    // a deactivated INS-NIR is still an INS: not sent for a provisional identity
    expect(byRule(old.fs, 'INS-IDENTIFIER-USE')).toEqual([]);
    expect(byRule(old.fs, 'INS-STATUS-NOT-QUALIFIED')).toHaveLength(1);
  });

  it('QUAL without an INS: error on the status; VALI without an INS only under the INS profile', () => {
    const qual = run(variant((p) => p.identifier.splice(0, 1)));
    expect(coveredText(qual.text, byRule(qual.fs, 'INS-STATUS-INS-MISSING')[0])).toBe('"QUAL"');
    const valiIns = run(
      variant((p) => {
        p.identifier.splice(0, 1);
        p.extension[0].extension[0].valueCoding.code = 'VALI';
      }),
    );
    expect(byRule(valiIns.fs, 'INS-STATUS-INS-MISSING')).toHaveLength(1);
    const vali = run(
      variant((p) => {
        p.identifier.splice(0, 1);
        p.extension[0].extension[0].valueCoding.code = 'VALI';
        p.meta.profile = ['https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-patient|2.1.0'];
      }),
    );
    expect(notInfo(vali.fs)).toEqual([]);
    expect(vali.fs).toEqual([]);
  });

  it('two official identifiers: error on the second one’s use, unless an INS-NIA is in use', () => {
    const two = run(variant((p) => (p.identifier[1].use = 'official')));
    const f = byRule(two.fs, 'INS-STATUS-OFFICIAL-COUNT');
    expect(f).toHaveLength(1);
    expect(f[0].range.start.line).toBeGreaterThan(byRule(two.fs, 'INS-TEST-IDENTITY')[0].range.start.line);
    const withNia = run(
      variant((p) => {
        p.identifier[1].use = 'official';
        p.identifier.push({ use: 'temp', system: 'urn:oid:1.2.250.1.213.1.4.9', value: '284076311345649' });
      }),
    );
    expect(byRule(withNia.fs, 'INS-STATUS-OFFICIAL-COUNT')).toEqual([]);
  });

  it('shared functions: no double report when the INS has the wrong use', () => {
    const out = checkIdentityStatus({ status: 'QUAL', identifiers: [{ root: '1.2.250.1.213.1.4.8', use: 'usual' }], insProfile: true }, table);
    expect(out.map((f) => f.rule)).toEqual(['INS-IDENTIFIER-USE']);
    expect(checkIdentityStatus({ status: 'VALI', identifiers: [{ root: 'x', use: 'official' }], insProfile: false }, table)).toEqual([]);
    expect(checkIdentityStatus({ status: 'DOUT', identifiers: [{ root: '1.2.250.1.213.1.4.8', use: 'official' }], insProfile: true }, table)).toEqual([]);
    expect(assessInsValue('1.2.250.1.213.1.4.8', '284076311345649', table)).toEqual([]);
    expect(assessInsValue('1.2.250.1.213.1.4.10', undefined, table).map((f) => f.rule)).toEqual(['INS-TEST-IDENTITY']);
    expect(assessPatientRoot('1.2.250.1.213.1.4.13', table, true)).toEqual([]);
    expect(assessPatientRoot('1.2.250.1.213.1.4.13', table, false).map((f) => f.rule)).toEqual(['INS-OID-NOT-INS']);
  });
});

describe('INS traits (INS-05)', () => {
  const run = (p: Record<string, any>, production = false) => {
    const text = JSON.stringify(p, null, 2);
    const e = production ? createEngine({ settings: { production: true } }) : engine();
    return { text, fs: e.validate(text).diagnostics };
  };
  const traits = (fs: Finding[]) => fs.filter((f) => f.rule.startsWith('INS-TRAITS-'));

  it('the sample carries every trait', () => {
    expect(traits(engine().validate(sample).diagnostics)).toEqual([]);
  });

  it('what the Patient lacks is one error on the Patient, listing every missing trait', () => {
    const { text, fs } = run(
      variant((p) => {
        delete p.name;
        delete p.gender;
        delete p.birthDate;
        p.extension.splice(1, 1);
      }),
    );
    const f = traits(fs);
    expect(f.map((x) => [x.rule, x.severity, coveredText(text, x)])).toEqual([['INS-TRAITS-MISSING', 'error', '"resourceType"']]);
    expect(f[0].message).toContain('INS-NIR de test');
    expect(f[0].message).toContain('name[officialName] (use = official), gender, birthDate, extension[birthPlace]');
  });

  it('what the official name lacks is reported on that name; several given names on the second one', () => {
    const bare = run(
      variant((p) => {
        p.name = [{ use: 'usual', family: 'DURAND', given: ['Cam'] }, { use: 'official' }];
      }),
    );
    const f = byRule(bare.fs, 'INS-TRAITS-MISSING');
    expect(f).toHaveLength(1);
    expect(coveredText(bare.text, f[0])).toBe('{');
    const lines = bare.text.split('\n');
    const names = lines.findIndex((l) => l.includes('"name": ['));
    expect(f[0].range.start.line).toBe(lines.findIndex((l, i) => i > names && l.includes('"use": "official"')) - 1); // the `{` of name[1]
    expect(f[0].message).toContain('name[officialName].family, name[officialName].given, name[officialName].extension[birth-list-given-name]');
    const two = run(variant((p) => p.name[0].given.push('Louise')));
    const g = byRule(two.fs, 'INS-TRAITS-GIVEN-COUNT');
    expect(g.map((x) => coveredText(two.text, x))).toEqual(['"Louise"']);
    expect(g[0].message).toContain('2');
  });

  it('two official names: error on the second one’s use', () => {
    const { text, fs } = run(variant((p) => p.name.push({ use: 'official', family: 'MARTIN', given: ['Camille'] })));
    const f = byRule(fs, 'INS-TRAITS-NAME-COUNT');
    expect(f.map((x) => coveredText(text, x))).toEqual(['"official"']);
    expect(f[0].range.start.line).toBeGreaterThan(text.split('\n').findIndex((l) => l.includes('"ESSAI"')));
  });

  it('birth place: the INSEE code on the address or on its city; without it, on valueAddress', () => {
    const onCity = run(
      variant((p) => {
        const a = p.extension[1].valueAddress;
        a._city = { extension: a.extension };
        delete a.extension;
      }),
    );
    expect(traits(onCity.fs)).toEqual([]);
    const none = run(variant((p) => delete p.extension[1].valueAddress.extension));
    const f = byRule(none.fs, 'INS-TRAITS-MISSING');
    expect(f.map((x) => coveredText(none.text, x))).toEqual(['"valueAddress"']);
    expect(f[0].message).toContain('extension[birthPlace].valueAddress.extension[inseeCode]');
  });

  it('FR Core extension URLs are also accepted in http', () => {
    const { fs } = run(
      variant((p) => {
        p.name[0].extension[0].url = 'http://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-patient-birth-list-given-name';
        p.extension[1].valueAddress.extension[0].url = 'http://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-address-insee-code';
      }),
    );
    expect(traits(fs)).toEqual([]);
  });

  it('gender other is an error; unknown is information, an error in production mode under INS-NIR or INS-NIA only', () => {
    const other = run(variant((p) => (p.gender = 'other')));
    expect(byRule(other.fs, 'INS-TRAITS-GENDER').map((x) => [x.severity, coveredText(other.text, x)])).toEqual([['error', '"other"']]);
    const unknown = variant((p) => (p.gender = 'unknown'));
    const test = run(unknown);
    expect(byRule(test.fs, 'INS-TRAITS-GENDER-UNKNOWN').map((x) => [x.severity, coveredText(test.text, x)])).toEqual([['information', '"unknown"']]);
    expect(byRule(run(unknown, true).fs, 'INS-TRAITS-GENDER-UNKNOWN')[0].severity).toBe('information'); // a test identity
    const nir = variant((p) => {
      p.gender = 'unknown';
      p.identifier[0].system = 'urn:oid:1.2.250.1.213.1.4.8';
    });
    expect(byRule(run(nir).fs, 'INS-TRAITS-GENDER-UNKNOWN')[0].severity).toBe('information');
    expect(byRule(run(nir, true).fs, 'INS-TRAITS-GENDER-UNKNOWN')[0].severity).toBe('error');
    // a code outside R4 is the schema's finding, not a trait one
    const bad = run(variant((p) => (p.gender = 'F')));
    expect(traits(bad.fs)).toEqual([]);
    expect(byRule(bad.fs, 'FHIR-CODE-VALUE')).toHaveLength(1);
  });

  it('no INS, no trait required; an obsolete INS-C or a NIR is no INS either', () => {
    const strip = (p: Record<string, any>) => {
      delete p.name;
      delete p.gender;
      delete p.birthDate;
      p.extension.splice(1, 1);
    };
    for (const system of ['https://patients.hopital-essai.example.fr/dossier', 'urn:oid:1.2.250.1.213.1.4.2', 'urn:oid:1.2.250.1.213.1.4.13']) {
      const { fs } = run(
        variant((p) => {
          strip(p);
          p.identifier[0].system = system;
        }),
      );
      expect(traits(fs), system).toEqual([]);
    }
    // a deactivated INS-NIR, or one written as a bare OID, is still an INS
    for (const [system, use] of [['urn:oid:1.2.250.1.213.1.4.8', 'old'], ['1.2.250.1.213.1.4.10', 'official']]) {
      const { fs } = run(
        variant((p) => {
          strip(p);
          p.identifier[0].system = system;
          p.identifier[0].use = use;
        }),
      );
      expect(byRule(fs, 'INS-TRAITS-MISSING'), system).toHaveLength(1);
    }
  });

  it('every Patient of a Bundle is checked, on its own entry', () => {
    const bad = variant((p) => delete p.birthDate);
    const text = JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: [{ fullUrl: 'urn:uuid:5d0c7f0e-3b1a-4c2e-9f4d-000000000021', resource: patient }, { fullUrl: 'urn:uuid:5d0c7f0e-3b1a-4c2e-9f4d-000000000022', resource: bad }] }, null, 2);
    const f = byRule(engine().validate(text).diagnostics, 'INS-TRAITS-MISSING');
    expect(f).toHaveLength(1);
    expect(coveredText(text, f[0])).toBe('"resourceType"');
    expect(f[0].range.start.line).toBeGreaterThan(text.split('\n').findIndex((l) => l.includes('000000000022')));
  });
});

describe('identifier systems of professionals and organisations (ID-07)', () => {
  const withGp = (system: string) =>
    JSON.stringify(
      variant((p) => (p.generalPractitioner = [{ identifier: { system, value: '10005173140' }, display: 'Dr Paul ESSAI' }])),
      null,
      2,
    );

  it('a misspelled RPPS system in Patient.generalPractitioner: error with a quick fix to the canonical spelling', () => {
    const text = withGp('http://rpps.esante.gouv.fr/');
    const f = byRule(engine().validate(text).diagnostics, 'ID-SYSTEM-SPELLING');
    expect(f.map((x) => [x.severity, coveredText(text, x)])).toEqual([['error', '"http://rpps.esante.gouv.fr/"']]);
    expect(f[0].message).toContain('« https://rpps.esante.gouv.fr »');
    expect(f[0].fixes?.[0].edits[0].newText).toBe('"https://rpps.esante.gouv.fr"');
    expect(byRule(engine().validate(withGp('https://rpps.esante.gouv.fr')).diagnostics, 'ID-SYSTEM-SPELLING')).toEqual([]);
    expect(byRule(engine().validate(withGp('https://annuaire.example.fr/rpps')).diagnostics, 'ID-SYSTEM-SPELLING')).toEqual([]);
  });

  it('ROR resources: identifiers of references too; an identifier slice that already says it is not repeated', () => {
    const hs = applyEdits(readRepoFile('samples/ror/healthcareservice.json'), [
      ['"reference": "Organization/eg-lumiere-sud"', '"reference": "Organization/eg-lumiere-sud", "identifier": { "system": "urn:oid:1.2.250.1.71.4.2.2", "value": "1920001237" }'],
    ]);
    expect(byRule(engine().validate(hs).diagnostics, 'ID-SYSTEM-SPELLING')).toEqual([]);
    const bare = applyEdits(hs, [['"system": "urn:oid:1.2.250.1.71.4.2.2", "value": "1920001237"', '"system": "1.2.250.1.71.4.2.2", "value": "1920001237"']]);
    expect(byRule(engine().validate(bare).diagnostics, 'ID-SYSTEM-SPELLING').map((x) => coveredText(bare, x))).toEqual(['"1.2.250.1.71.4.2.2"']);
    const ej = applyEdits(readRepoFile('samples/ror/organization-ej.json'), [['"system": "https://sirene.fr"', '"system": "http://sirene.fr"']]);
    const fs = engine().validate(ej).diagnostics;
    expect(byRule(fs, 'ROR-IDENTIFIER-SYSTEM').map((x) => coveredText(ej, x))).toEqual(['"http://sirene.fr"']);
    expect(byRule(fs, 'ID-SYSTEM-SPELLING')).toEqual([]);
  });

  it('the samples spell every register system right', () => {
    for (const f of readdirSync(join(repoRoot, 'samples', 'ror')).filter((n) => /\.(json|ndjson)$/.test(n))) {
      expect(byRule(engine().validate(readRepoFile(`samples/ror/${f}`)).diagnostics, 'ID-SYSTEM-SPELLING'), f).toEqual([]);
    }
  });
});

describe('register identifiers of professionals and organisations (ID-02 to ID-06)', () => {
  const BUNDLE = 'test/fixtures/fhir/patient-bundle.json';
  const bundle = readRepoFile(BUNDLE);
  const found = (text: string) => engine().validate(text).diagnostics.filter((d) => d.rule.startsWith('ID-')).map((d) => [d.rule, coveredText(text, d)]);

  it('the Bundle (Patient, Practitioner with idNat_PS and RPPS, Organization with idNat_Struct, FINESS, SIRET) is clean', () => {
    expect(notInfo(engine().validate(bundle).diagnostics).map((d) => d.rule)).toEqual([]);
  });

  it('the same rules as in CDA, on the identifier value: idNat prefixes and formats, register keys', () => {
    const text = applyEdits(bundle, [
      ['"value": "810005173140"', '"value": "910005173140"'],
      ['"value": "1750712184"', '"value": "175071218"'],
      ['"value": "750712184"', '"value": "750712185"'],
      ['"value": "73282932000074"', '"value": "73282932000075"'],
    ]);
    expect(found(text)).toEqual([
      ['ID-PS-PREFIX', '"910005173140"'],
      ['ID-STRUCT-FORMAT', '"175071218"'],
      ['ID-FINESS-KEY', '"750712185"'],
      ['ID-SIRET-KEY', '"73282932000075"'],
    ]);
  });

  it('sirene.fr: the identifier type picks SIREN or SIRET, else the length does', () => {
    const typedSiren = applyEdits(bundle, [['"code": "SIRET"', '"code": "SIREN"']]);
    expect(found(typedSiren)).toEqual([['ID-REGISTER-FORMAT', '"73282932000074"']]);
    const d = engine().validate(typedSiren).diagnostics.find((x) => x.rule === 'ID-REGISTER-FORMAT')!;
    expect(d.severity).toBe('warning');
    expect(d.message).toContain('numéro SIREN : 9 chiffres');
    const untyped = (value: string) => applyEdits(bundle, [['"code": "SIRET"', '"code": "XX"'], ['"value": "73282932000074"', `"value": "${value}"`]]);
    expect(found(untyped('732829320'))).toEqual([]);
    expect(found(untyped('732829321'))).toEqual([['ID-SIREN-KEY', '"732829321"']]);
    expect(found(untyped('7328293200'))).toEqual([['ID-REGISTER-FORMAT', '"7328293200"']]);
  });

  it('a misspelled register system is still read as its register', () => {
    const text = applyEdits(bundle, [['"system": "https://finess.esante.gouv.fr"', '"system": "http://finess.esante.gouv.fr"'], ['"value": "750712184"', '"value": "750712185"']]);
    expect(found(text)).toEqual([
      ['ID-SYSTEM-SPELLING', '"http://finess.esante.gouv.fr"'],
      ['ID-FINESS-KEY', '"750712185"'],
    ]);
  });

  it('a Practitioner whose idNat_PS is not 8 + its RPPS: error on the idNat_PS', () => {
    const text = applyEdits(bundle, [['"value": "10005173140"', '"value": "10003461033"']]);
    const f = engine().validate(text).diagnostics.filter((d) => d.rule === 'ID-PS-RPPS-MISMATCH');
    expect(f.map((x) => [x.severity, coveredText(text, x)])).toEqual([['error', '"810005173140"']]);
    expect(f[0].message).toContain('« 810003461033 »');
    // the RPPS key of the Annuaire Santé example fails too (warning), as the catalogue notes
    expect(found(text)).toEqual([
      ['ID-PS-RPPS-MISMATCH', '"810005173140"'],
      ['ID-RPPS-KEY', '"10003461033"'],
    ]);
  });

  it('a ROR identifier slice that already reports the key is not repeated', () => {
    const eg = applyEdits(readRepoFile('samples/ror/organization-eg.json'), [['"value": "920001237"', '"value": "920001238"']]);
    const fs = engine().validate(eg).diagnostics;
    expect(fs.filter((d) => d.rule === 'ROR-IDENTIFIER-KEY').map((d) => coveredText(eg, d))).toEqual(['"920001238"']);
    expect(fs.filter((d) => d.rule === 'ID-FINESS-KEY')).toEqual([]);
  });

  it('the samples raise none of these rules', () => {
    for (const f of readdirSync(join(repoRoot, 'samples', 'ror')).filter((n) => /\.(json|ndjson)$/.test(n))) {
      expect(found(readRepoFile(`samples/ror/${f}`)), f).toEqual([]);
    }
    expect(found(sample)).toEqual([]);
  });
});

describe('clear-text Endpoint.address (TRANS-01)', () => {
  const withEndpoint = (address: string) =>
    applyEdits(readRepoFile('test/fixtures/fhir/patient-bundle.json'), [
      ['"entry": [', `"entry": [ { "fullUrl": "https://fhir.example.fr/Endpoint/e1", "resource": { "resourceType": "Endpoint", "status": "active", "address": "${address}" } },`],
    ]);

  it('error on the address, with a quick fix to https; loopback and https are fine', () => {
    const text = withEndpoint('http://user@dmp.example-sante.fr/fhir');
    const f = engine().validate(text).diagnostics.filter((d) => d.rule === 'PGSSI-HTTP-ENDPOINT');
    expect(f.map((x) => [x.severity, coveredText(text, x)])).toEqual([['error', '"http://user@dmp.example-sante.fr/fhir"']]);
    expect(f[0].message).toContain('dmp.example-sante.fr');
    expect(f[0].fixes?.[0].edits[0].newText).toBe('"https://user@dmp.example-sante.fr/fhir"');
    for (const ok of ['https://dmp.example-sante.fr/fhir', 'http://127.0.0.1:8080/fhir', 'http://[::1]/fhir']) {
      expect(engine().validate(withEndpoint(ok)).diagnostics.filter((d) => d.rule === 'PGSSI-HTTP-ENDPOINT'), ok).toEqual([]);
    }
  });
});

describe('credentials in a FHIR payload (SECRET-01)', () => {
  it('an Endpoint.header with a bearer token: error on the token, masked; NDJSON lines too', () => {
    const token = '4f9c2b7e1a8d6e3f5a0b';
    const text = applyEdits(readRepoFile('test/fixtures/fhir/patient-bundle.json'), [
      ['"entry": [', `"entry": [ { "resource": { "resourceType": "Endpoint", "status": "active", "address": "https://x.example.fr", "header": ["Authorization: Bearer ${token}"] } },`],
    ]);
    const f = engine().validate(text).diagnostics.filter((d) => d.rule.startsWith('PGSSI-SECRET'));
    expect(f.map((x) => [x.rule, x.severity, coveredText(text, x)])).toEqual([['PGSSI-SECRET-TOKEN', 'error', token]]);
    expect(JSON.stringify(f).includes(token)).toBe(false);
    const ndjson = `${JSON.stringify(patient)}\n${JSON.stringify({ resourceType: 'Endpoint', status: 'active', address: 'https://x.example.fr', header: [`Authorization: Bearer ${token}`] })}\n`;
    const g = engine().validate(ndjson).diagnostics.filter((d) => d.rule === 'PGSSI-SECRET-TOKEN');
    expect(g.map((x) => [x.range.start.line, coveredText(ndjson, x)])).toEqual([[1, token]]);
  });
});

describe('Bundles and NDJSON with Patients', () => {
  const other = (id: string) => ({ fullUrl: `urn:uuid:5d0c7f0e-3b1a-4c2e-9f4d-00000000000${id}`, resource: { resourceType: 'Observation', id: `o${id}`, status: 'final', code: { text: 'poids' } } });

  it('checks every Patient entry, at the entry value; other resource types are noted once', () => {
    const bad = variant((p) => (p.extension[0].extension[0].valueCoding.code = 'PROV'));
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [other('1'), { fullUrl: 'urn:uuid:5d0c7f0e-3b1a-4c2e-9f4d-000000000010', resource: patient }, other('2'), { fullUrl: 'urn:uuid:5d0c7f0e-3b1a-4c2e-9f4d-000000000011', resource: bad }],
    };
    const text = JSON.stringify(bundle, null, 2);
    expect(isFhirPayload(text)).toBe(true);
    const r = engine().validate(text);
    expect(r.family).toBe('ror');
    expect(r.kind).toBe('Bundle collection (4)');
    const status = byRule(r.diagnostics, 'INS-STATUS-NOT-QUALIFIED');
    expect(status).toHaveLength(1);
    expect(coveredText(text, status[0])).toBe('"PROV"');
    expect(status[0].range.start.line).toBeGreaterThan(text.split('\n').findIndex((l) => l.includes('000000000011')));
    expect(byRule(r.diagnostics, 'FHIR-RESOURCE-UNCHECKED')).toHaveLength(1);
    expect(byRule(r.diagnostics, 'INS-TEST-IDENTITY')).toHaveLength(2);
  });

  it('NDJSON: each line is checked and findings land on their line', () => {
    const bad = variant((p) => (p.identifier[0].value = '284076311345648'));
    const text = `${JSON.stringify(patient)}\n${JSON.stringify(bad)}\n`;
    const r = engine().validate(text);
    expect(r.family).toBe('ror');
    expect(r.kind).toBe('NDJSON (2 lignes)');
    const key = byRule(r.diagnostics, 'INS-NIR-KEY');
    expect(key.map((k) => k.range.start.line)).toEqual([1]);
    expect(coveredText(text, key[0])).toBe('"284076311345648"');
  });

  it('a Patient included in a ROR search Bundle gets the INS checks too', () => {
    const ror = readRepoFile('samples/ror/bundle-searchset.json');
    const text = applyEdits(ror, [['"entry": [', `"entry": [\n    { "fullUrl": "https://ror.example.fr/fhir/Patient/p1", "resource": ${JSON.stringify(variant((p) => (p.identifier[0].use = 'usual')))}, "search": { "mode": "include" } },`]]);
    const fs = engine().validate(text).diagnostics;
    expect(coveredText(text, byRule(fs, 'INS-IDENTIFIER-USE')[0])).toBe('"usual"');
  });
});

describe('detection', () => {
  it('claims Patients with an FR Core Patient profile, a patient-arc system or the identity-reliability extension', () => {
    expect(isFrPatientPayload('{"resourceType":"Patient","meta":{"profile":["https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-patient"]}}')).toBe(true);
    expect(isFrPatientPayload('{"resourceType":"Patient","identifier":[{"system":"urn:oid:1.2.250.1.213.1.4.9","value":"x"}]}')).toBe(true);
    expect(isFrPatientPayload('{"resourceType":"Patient","identifier":[{"system":"1.2.250.1.213.1.4.2","value":"x"}]}')).toBe(true);
    expect(isFrPatientPayload('{"resourceType":"Patient","extension":[{"url":"https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-identity-reliability"}]}')).toBe(true);
    expect(isFrPatientPayload(`\ufeff  ${sample}`)).toBe(true);
    expect(isFrPatientPayload(`${JSON.stringify(patient)}\n${JSON.stringify(patient)}\n`)).toBe(true);
  });

  it('does not claim other JSON: a plain Patient, a non-Patient resource with an INS, configs, arrays, a CDA', () => {
    const no = [
      '{"resourceType":"Patient","meta":{"profile":["http://hl7.org/fhir/StructureDefinition/Patient"]},"identifier":[{"system":"urn:oid:1.2.250.1.71.4.2.7","value":"1"}]}',
      '{"resourceType":"Observation","subject":{"reference":"Patient/1","identifier":{"system":"urn:oid:1.2.250.1.213.1.4.8","value":"x"}}}',
      '{"note":"resourceType Patient","system":"urn:oid:1.2.250.1.213.1.4.8"}',
      '{"patient":{"resourceType":"Patient"},"insOid":"1.2.250.1.213.1.4.8"}',
      '{"resourceType":"Patient","text":{"div":"see https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-patient"}}',
      '[{"resourceType":"Patient","identifier":[{"system":"urn:oid:1.2.250.1.213.1.4.8"}]}]',
      '<ClinicalDocument xmlns="urn:hl7-org:v3"><recordTarget/></ClinicalDocument>',
      readRepoFile('package.json'),
      readRepoFile('tsconfig.json'),
    ];
    for (const text of no) {
      expect(isFrPatientPayload(text), text.slice(0, 60)).toBe(false);
      expect(engine().detect(text), text.slice(0, 60)).not.toBe('ror');
    }
    // ROR detection itself is unchanged: a Patient is no ROR payload
    expect(isRorPayload(sample)).toBe(false);
  });

  it('looks at the first 2 million characters only', () => {
    const obs = JSON.stringify({ resourceType: 'Observation', status: 'final', code: { text: 'poids' } });
    const filler = `${obs}\n`.repeat(Math.ceil(2_100_000 / (obs.length + 1)));
    const line = JSON.stringify(patient);
    expect(isFrPatientPayload(`${line}\n${filler}`)).toBe(true);
    expect(isFrPatientPayload(`${filler}${line}\n`)).toBe(false);
  });
});

/** Public FHIR Patients of the reference corpus, when present: claimed, checked, no crash. */
const corpus = join(repoRoot, '..', 'shared', 'corpus');
const corpusPresent = existsSync(corpus);

function jsonFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) jsonFiles(p, out);
    else if (/\.(json|ndjson)$/.test(name)) out.push(p);
  }
  return out;
}

describe('FHIR Patients of ../shared/corpus (skipped when absent)', () => {
  it.skipIf(!corpusPresent)('every corpus JSON holding a Patient is validated without throwing', () => {
    const patients = jsonFiles(corpus).filter((f) => /"resourceType"\s*:\s*"Patient"/.test(readFileSync(f, 'utf8')));
    if (patients.length === 0) console.info('../shared/corpus holds no FHIR Patient JSON: nothing to check beyond the own samples');
    for (const f of patients) {
      const r = engine().validate(readFileSync(f, 'utf8'));
      expect(['ror', 'unknown']).toContain(r.family);
    }
  });
});
