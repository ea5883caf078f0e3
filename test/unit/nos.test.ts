import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DataSource } from '../../server/src/engine/data';
import { nodeDataSource } from '../../server/src/engine/data';
import { toCompact, type NosIndex, type NosIndexEntry } from '../../server/src/nos/compact';
import { decodeNosBytes, importNosText } from '../../server/src/nos/import';
import { createTerminology, loadNosFolder, type ValueSetRecord } from '../../server/src/nos/terminology';

// Not from ../helpers: that module loads the whole engine, and these tests need only the terminology.
const repoRoot = join(__dirname, '..', '..');
const fixtures = join(repoRoot, 'test', 'fixtures', 'nos');
const corpus = join(repoRoot, '..', 'shared', 'corpus');
const fixture = (name: string) => readFileSync(join(fixtures, name), 'utf8');

/** The single record a fixture file holds, with no import problem. */
function importOne(name: string): ValueSetRecord {
  const { records, problems } = importNosText(fixture(name));
  expect(problems).toEqual([]);
  expect(records).toHaveLength(1);
  return records[0];
}

/** A DataSource holding a bundle built from records, counting reads to observe laziness. */
function memoryBundle(records: ValueSetRecord[], systems: [string, string][] = [], aliases: Record<string, string[]> = {}) {
  const files = new Map<string, string>();
  const lists: NosIndexEntry[] = records.map((r, i) => {
    const file = `${i}.json`;
    files.set(`nos/lists/${file}`, JSON.stringify(toCompact(r)));
    const entry: NosIndexEntry = { name: r.name, oid: r.oid, url: r.url, date: r.date, kind: r.kind, count: r.concepts.length, file, source: 'test' };
    if (aliases[r.oid]) entry.aliases = aliases[r.oid];
    return entry;
  });
  const index: NosIndex = { format: 1, lists, systems };
  files.set('nos/index.json', JSON.stringify(index));
  const reads: string[] = [];
  const data: DataSource = {
    read(path) {
      reads.push(path);
      return files.get(path);
    },
    list: () => [],
  };
  return { data, reads };
}

describe('NOS import: IHE SVS', () => {
  const r = importOne('svs-etablissement.xml');

  it('reads the list header and derives the FHIR canonical from urlFichier', () => {
    expect(r).toMatchObject({
      kind: 'ValueSet',
      name: 'JDV_X901_TypeEtablissement_TEST',
      oid: '1.2.250.1.213.99.5.1',
      url: 'https://mos.esante.gouv.fr/NOS/JDV_X901-TypeEtablissement-TEST/FHIR/JDV-X901-TypeEtablissement-TEST',
      title: "Types d'établissement (fixture)",
      version: '20240315120000',
      date: '2024-03-15T12:00:00',
    });
    expect(r.status).toBeUndefined();
  });

  it('reads concepts with their code system, decodes entities, and marks ended codes retired', () => {
    expect(r.concepts.map((c) => [c.code, c.system, c.display, c.status ?? 'active'])).toEqual([
      ['ETAB', '1.2.250.1.213.99.4.1', 'Établissement de santé', 'active'],
      ['CLIN', '1.2.250.1.213.99.4.1', 'Clinique & maison de santé', 'active'],
      ['HOSP', '1.2.250.1.213.99.4.1', 'Hôpital local', 'retired'],
      ['11488-4', '2.16.840.1.113883.6.1', 'Consultation note', 'active'],
    ]);
  });

  it('recognises an older TRE export by its NOS name and gives it its canonical URL', () => {
    const tre = '<RetrieveValueSetResponse xmlns="urn:ihe:iti:svs:2008"><ValueSet id="1.2.250.1.213.1.1.4.6" displayName="TRE_A00-ProducteurDocNonPS" version="test">'
      + '<ConceptList><Concept code="EXP_PATIENT" displayName="Expression personnelle du patient" codeSystem="1.2.250.1.213.1.1.4.6"/></ConceptList></ValueSet></RetrieveValueSetResponse>';
    const [r] = importNosText(tre).records;
    expect(r).toMatchObject({ kind: 'CodeSystem', url: 'https://mos.esante.gouv.fr/NOS/TRE_A00-ProducteurDocNonPS/FHIR/TRE-A00-ProducteurDocNonPS' });
    expect(r.systems).toEqual([['1.2.250.1.213.1.1.4.6', r.url]]);
    expect(r.incomplete).toBeUndefined();
    // Under a foreign OID, a TRE is the subset NOS uses, not the terminology.
    const loinc = importNosText(tre.replace(/1\.2\.250\.1\.213\.1\.1\.4\.6/g, '2.16.840.1.113883.6.1').replace('TRE_A00-ProducteurDocNonPS', 'TRE_A04-Loinc')).records[0];
    expect(loinc.incomplete).toBe(true);
  });

  it('decodes ISO-8859-1 exports from their XML declaration', () => {
    const latin1 = fixture('svs-etablissement.xml').replace('encoding="UTF-8"', 'encoding="ISO-8859-1"');
    const text = decodeNosBytes(Buffer.from(latin1, 'latin1'));
    expect(importNosText(text).records[0].concepts[0].display).toBe('Établissement de santé');
    expect(decodeNosBytes(Buffer.from(fixture('svs-etablissement.xml'), 'utf8'))).toBe(fixture('svs-etablissement.xml'));
  });
});

describe('NOS import: ART-DECOR', () => {
  const r = importOne('artdecor-gender.xml');

  it('reads the value set, its exceptions and deprecated concepts', () => {
    expect(r).toMatchObject({ kind: 'ValueSet', name: 'JDV_X902_Genre_TEST', oid: '1.2.250.1.213.99.5.2', version: '20210326000000', date: '2021-03-26T00:00:00' });
    expect(r.concepts.map((c) => [c.code, c.system, c.status ?? 'active'])).toEqual([
      ['F', '2.16.840.1.113883.5.1', 'active'],
      ['M', '2.16.840.1.113883.5.1', 'active'],
      ['X', '1.2.250.1.213.99.4.9', 'retired'],
      ['UNK', '2.16.840.1.113883.5.1008', 'active'],
    ]);
  });

  it('keeps the canonicalUri of source code systems, but not urn:oid ones', () => {
    expect(r.systems).toEqual([
      ['2.16.840.1.113883.5.1', 'http://terminology.hl7.org/CodeSystem/v3-AdministrativeGender'],
      ['2.16.840.1.113883.5.1008', 'http://terminology.hl7.org/CodeSystem/v3-NullFlavor'],
    ]);
  });
});

describe('NOS import: FHIR', () => {
  it('flattens a CodeSystem with nested concepts and reads the status property', () => {
    const r = importOne('codesystem-statut.json');
    expect(r).toMatchObject({
      kind: 'CodeSystem',
      name: 'TRE_X903_Statut',
      oid: '1.2.250.1.213.99.4.3',
      url: 'https://mos.esante.gouv.fr/NOS/TRE_X903-Statut/FHIR/TRE-X903-Statut',
      title: 'Statut (fixture)',
      version: '20250101120000',
      date: '2025-01-01T12:00:00',
    });
    expect(r.concepts.map((c) => [c.code, c.system, c.status ?? 'active'])).toEqual([
      ['A', '1.2.250.1.213.99.4.3', 'active'],
      ['A1', '1.2.250.1.213.99.4.3', 'active'],
      ['A2', '1.2.250.1.213.99.4.3', 'retired'],
      ['F', '1.2.250.1.213.99.4.3', 'active'],
    ]);
    expect(r.systems).toEqual([['1.2.250.1.213.99.4.3', 'https://mos.esante.gouv.fr/NOS/TRE_X903-Statut/FHIR/TRE-X903-Statut']]);
  });

  it('reads a ValueSet expansion, skipping abstract groups and marking inactive codes', () => {
    const r = importOne('valueset-expansion.json');
    expect(r).toMatchObject({ kind: 'ValueSet', oid: '1.2.250.1.213.99.5.4', name: 'JDV_X904_Statut_TEST', date: '2025-02-01T12:00:00' });
    expect(r.concepts.map((c) => [c.code, c.system, c.status ?? 'active'])).toEqual([
      ['A1', 'https://mos.esante.gouv.fr/NOS/TRE_X903-Statut/FHIR/TRE-X903-Statut', 'active'],
      ['A2', 'https://mos.esante.gouv.fr/NOS/TRE_X903-Statut/FHIR/TRE-X903-Statut', 'retired'],
      ['11488-4', 'http://loinc.org', 'active'],
    ]);
  });

  it('reads compose: explicit concepts (OID from the designation) and includes left to expand', () => {
    const r = importOne('valueset-compose.json');
    expect(r.concepts).toEqual([{ code: 'DOM', system: '1.2.250.1.213.99.4.6', display: 'Domicile' }]);
    expect(r.systems).toEqual([['1.2.250.1.213.99.4.6', 'https://mos.esante.gouv.fr/NOS/TRE_X906-Lieu/FHIR/TRE-X906-Lieu']]);
    expect(r.includes).toEqual([
      { system: 'https://mos.esante.gouv.fr/NOS/TRE_X903-Statut/FHIR/TRE-X903-Statut' },
      { system: 'http://example.org/fhir/CodeSystem/not-bundled' },
    ]);
    expect(r.excludes).toEqual([{ system: 'https://mos.esante.gouv.fr/NOS/TRE_X903-Statut/FHIR/TRE-X903-Statut', codes: ['F'] }]);
  });

  it('reads the resources of a Bundle', () => {
    const bundle = JSON.stringify({
      resourceType: 'Bundle',
      entry: [{ resource: JSON.parse(fixture('codesystem-statut.json')) }, { resource: JSON.parse(fixture('valueset-expansion.json')) }],
    });
    expect(importNosText(bundle).records.map((r) => r.oid)).toEqual(['1.2.250.1.213.99.4.3', '1.2.250.1.213.99.5.4']);
  });
});

describe('NOS import: bad input', () => {
  it('refuses DOCTYPE and ENTITY declarations', () => {
    const evil = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><RetrieveValueSetResponse><ValueSet id="1.2" displayName="&e;"/></RetrieveValueSetResponse>';
    const out = importNosText(evil);
    expect(out.records).toEqual([]);
    expect(out.problems[0]).toMatch(/DOCTYPE/);
  });

  it('reports malformed XML, malformed JSON, unknown formats and resources', () => {
    expect(importNosText('<RetrieveValueSetResponse><ValueSet id="1.2">').problems[0]).toMatch(/malformed XML/);
    expect(importNosText('{"resourceType": "ValueSet",').problems[0]).toMatch(/malformed JSON/);
    expect(importNosText('<html><body/></html>').problems[0]).toMatch(/unsupported XML root/);
    expect(importNosText('{"resourceType": "Patient"}').problems[0]).toMatch(/unsupported resourceType/);
    expect(importNosText('code;label').problems[0]).toMatch(/neither XML nor JSON/);
    expect(importNosText('  ').problems[0]).toMatch(/empty/);
    expect(importNosText('<RetrieveValueSetResponse><ValueSet displayName="x"/></RetrieveValueSetResponse>').problems[0]).toMatch(/without @id/);
  });

  it('never throws on truncated or oddly typed input', () => {
    const sources = ['svs-etablissement.xml', 'artdecor-gender.xml', 'codesystem-statut.json', 'valueset-compose.json'].map(fixture);
    for (const text of sources) {
      for (let cut = 0; cut < text.length; cut += 37) expect(() => importNosText(text.slice(0, cut))).not.toThrow();
    }
    const odd = ['{"resourceType":"CodeSystem","concept":[1,null,"x",{"code":5},{"concept":{}}],"identifier":"x"}',
      '{"resourceType":"ValueSet","compose":{"include":[null,3,{"concept":[null]}]},"expansion":{"contains":{}}}',
      '{"resourceType":"Bundle","entry":[null,{"resource":7}]}', '[]', 'null', '42'];
    for (const text of odd) expect(() => importNosText(text)).not.toThrow();
  });
});

describe('loadNosFolder', () => {
  it('imports every XML and JSON file, ignores other files, and reports problems per file', () => {
    const files = readdirSync(fixtures).map((name) => ({ name, text: fixture(name) }));
    files.push({ name: 'README.md', text: '# not a list' }, { name: 'broken.xml', text: '<ValueSet' });
    const { records, problems } = loadNosFolder(files);
    expect(records.map((r) => r.oid).sort()).toEqual([
      '1.2.250.1.213.99.4.3', '1.2.250.1.213.99.5.1', '1.2.250.1.213.99.5.2', '1.2.250.1.213.99.5.4', '1.2.250.1.213.99.5.5',
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0].file).toBe('broken.xml');
  });
});

describe('terminology over a bundle', () => {
  const svs = importOne('svs-etablissement.xml');
  const artDecor = importOne('artdecor-gender.xml');
  const codeSystem = importOne('codesystem-statut.json');
  const bundle = () => memoryBundle([svs, artDecor, codeSystem], [['1.2.250.1.213.99.4.1', 'https://mos.esante.gouv.fr/NOS/TRE_X900-TypeEtab/FHIR/TRE-X900-TypeEtab']], {
    '1.2.250.1.213.99.5.2': ['JDV_Genre_Ancien_TEST'],
  });

  it('reads nothing until asked, then the index and only the list asked for, once', () => {
    const { data, reads } = bundle();
    const nos = createTerminology(data);
    expect(reads).toEqual([]);
    nos.valueSet('1.2.250.1.213.99.5.1');
    expect(reads).toEqual(['nos/index.json', 'nos/lists/0.json']);
    nos.valueSet('JDV_X901_TypeEtablissement_TEST')?.find('ETAB');
    nos.search('1.2.250.1.213.99.5.1', 'clinique');
    expect(reads).toHaveLength(2);
    nos.valueSet('1.2.250.1.213.99.5.2');
    expect(reads).toEqual(['nos/index.json', 'nos/lists/0.json', 'nos/lists/1.json']);
  });

  it('finds a list by OID, urn:oid, canonical URL (with |version or as urlFichier), full name, hyphenated name and short name', () => {
    const nos = createTerminology(bundle().data);
    const refs = [
      '1.2.250.1.213.99.5.1',
      'urn:oid:1.2.250.1.213.99.5.1',
      'https://mos.esante.gouv.fr/NOS/JDV_X901-TypeEtablissement-TEST/FHIR/JDV-X901-TypeEtablissement-TEST',
      'https://mos.esante.gouv.fr/NOS/JDV_X901-TypeEtablissement-TEST/FHIR/JDV-X901-TypeEtablissement-TEST|20240315120000',
      'https://mos.esante.gouv.fr/NOS/JDV_X901-TypeEtablissement-TEST',
      'JDV_X901_TypeEtablissement_TEST',
      'JDV-X901-TypeEtablissement-TEST',
      'jdv_x901_typeetablissement_test',
      'JDV_X901',
    ];
    for (const ref of refs) expect(nos.valueSet(ref)?.oid, ref).toBe('1.2.250.1.213.99.5.1');
    expect(nos.valueSet('JDV_Genre_Ancien_TEST')?.oid).toBe('1.2.250.1.213.99.5.2');
    expect(nos.valueSet('1.2.250.1.213.99.5.999')).toBeUndefined();
    expect(nos.valueSet('JDV_X999')).toBeUndefined();
    // Only NOS numbers make a short name: `JDV_HL7` is the start of many names, not a list.
    expect(nos.valueSet('JDV_X90')).toBeUndefined();
    expect(nos.valueSet('')).toBeUndefined();
  });

  it('finds a concept by code, and by code and system given as OID or canonical URL', () => {
    const vs = createTerminology(bundle().data).valueSet('1.2.250.1.213.99.5.1')!;
    expect(vs.concepts).toHaveLength(4);
    expect(vs.find('CLIN')?.display).toBe('Clinique & maison de santé');
    expect(vs.find('CLIN', '1.2.250.1.213.99.4.1')?.code).toBe('CLIN');
    expect(vs.find('CLIN', 'https://mos.esante.gouv.fr/NOS/TRE_X900-TypeEtab/FHIR/TRE-X900-TypeEtab')?.code).toBe('CLIN');
    expect(vs.find('11488-4', 'http://loinc.org')?.system).toBe('2.16.840.1.113883.6.1');
    expect(vs.find('11488-4', 'urn:oid:2.16.840.1.113883.6.1')?.code).toBe('11488-4');
    expect(vs.find('CLIN', '2.16.840.1.113883.6.1')).toBeUndefined();
    expect(vs.find('clin')).toBeUndefined();
    expect(vs.find('HOSP')?.status).toBe('retired');
  });

  it('maps code system OIDs to URLs and back, from the bundle and the well-known list', () => {
    const nos = createTerminology(bundle().data);
    expect(nos.systemUrl('1.2.250.1.213.99.4.1')).toBe('https://mos.esante.gouv.fr/NOS/TRE_X900-TypeEtab/FHIR/TRE-X900-TypeEtab');
    expect(nos.systemOid('https://mos.esante.gouv.fr/NOS/TRE_X900-TypeEtab/FHIR/TRE-X900-TypeEtab')).toBe('1.2.250.1.213.99.4.1');
    expect(nos.systemUrl('2.16.840.1.113883.6.1')).toBe('http://loinc.org');
    expect(nos.systemUrl('urn:oid:2.16.840.1.113883.6.96')).toBe('http://snomed.info/sct');
    expect(nos.systemOid('http://snomed.info/sct')).toBe('2.16.840.1.113883.6.96');
    expect(nos.systemOid('http://terminology.hl7.org/CodeSystem/v3-Confidentiality')).toBe('2.16.840.1.113883.5.25');
    expect(nos.systemOid('urn:oid:1.2.3.4')).toBe('1.2.3.4');
    expect(nos.systemUrl('1.2.3.4')).toBeUndefined();
    expect(nos.systemOid('http://example.org/unknown')).toBeUndefined();
  });

  it('takes code system URLs from user exports, except for the well-known terminologies', () => {
    const moved: ValueSetRecord = { ...codeSystem, url: 'https://example.org/NOS/TRE_X903-Statut-v2', systems: undefined };
    const loincSubset: ValueSetRecord = {
      ...codeSystem, oid: '2.16.840.1.113883.6.1', url: 'https://mos.esante.gouv.fr/NOS/TRE_A04-Loinc/FHIR/TRE-A04-Loinc', systems: undefined,
    };
    const nos = createTerminology(bundle().data, { overrides: [moved, loincSubset] });
    expect(nos.systemUrl('1.2.250.1.213.99.4.3')).toBe('https://example.org/NOS/TRE_X903-Statut-v2');
    expect(nos.systemOid('https://example.org/NOS/TRE_X903-Statut-v2')).toBe('1.2.250.1.213.99.4.3');
    expect(nos.systemUrl('2.16.840.1.113883.6.1')).toBe('http://loinc.org');
    expect(nos.systemOid('https://mos.esante.gouv.fr/NOS/TRE_A04-Loinc/FHIR/TRE-A04-Loinc')).toBe('2.16.840.1.113883.6.1');
  });

  it('searches labels and codes ignoring case and accents, best matches first', () => {
    const nos = createTerminology(bundle().data);
    const codes = (q: string, limit?: number) => nos.search('JDV_X901', q, limit).map((c) => c.code);
    expect(codes('etablissement')).toEqual(['ETAB']);
    expect(codes('ÉTABLISSEMENT')).toEqual(['ETAB']);
    expect(codes('sante')).toEqual(['ETAB', 'CLIN']);
    expect(codes('maison sante')).toEqual(['CLIN']);
    expect(codes('hopital')).toEqual(['HOSP']);
    expect(codes('clin')).toEqual(['CLIN']);
    expect(codes('sante', 1)).toEqual(['ETAB']);
    expect(codes('')).toEqual(['ETAB', 'CLIN', 'HOSP', '11488-4']);
    expect(codes('zzz')).toEqual([]);
    expect(nos.search('JDV_X999', 'sante')).toEqual([]);
  });

  it('lets newer user exports override bundled lists with the same OID or URL', () => {
    const newer: ValueSetRecord = { ...svs, date: '2020-01-01', concepts: [{ code: 'NEW', system: '1.2.250.1.213.99.4.1', display: 'Nouveau' }] };
    const nos = createTerminology(bundle().data, { overrides: [newer] });
    for (const ref of ['1.2.250.1.213.99.5.1', svs.url!, 'JDV_X901']) {
      expect(nos.valueSet(ref)?.concepts.map((c) => c.code), ref).toEqual(['NEW']);
    }
    // Lists the user did not provide still come from the bundle.
    expect(nos.valueSet('1.2.250.1.213.99.5.2')?.concepts).toHaveLength(4);
    // The same list twice in the user's folder: the newest copy wins.
    const older: ValueSetRecord = { ...newer, date: '2019-01-01', concepts: [] };
    const nos2 = createTerminology(bundle().data, { overrides: [newer, older] });
    expect(nos2.valueSet('1.2.250.1.213.99.5.1')?.concepts.map((c) => c.code)).toEqual(['NEW']);
  });

  it('expands the includes of an override against the bundle and marks unresolved ones incomplete', () => {
    const compose = importOne('valueset-compose.json');
    const nos = createTerminology(bundle().data, { overrides: [compose] });
    const vs = nos.valueSet('JDV_X905')!;
    expect(vs.concepts.map((c) => c.code)).toEqual(['DOM', 'A', 'A1', 'A2']);
    expect(vs.find('A1', 'https://mos.esante.gouv.fr/NOS/TRE_X903-Statut/FHIR/TRE-X903-Statut')?.system).toBe('1.2.250.1.213.99.4.3');
    expect(vs.find('DOM', 'https://mos.esante.gouv.fr/NOS/TRE_X906-Lieu/FHIR/TRE-X906-Lieu')?.code).toBe('DOM');
    expect(vs.incomplete).toBe(true);
  });

  it('survives a missing or damaged bundle', () => {
    const empty = createTerminology({ read: () => undefined, list: () => [] });
    expect(empty.valueSet('1.2.250.1.213.1.1.5.471')).toBeUndefined();
    expect(empty.systemUrl('2.16.840.1.113883.6.1')).toBe('http://loinc.org');
    const damaged = createTerminology({ read: (p) => (p === 'nos/index.json' ? '{"lists":[{"file":"x.json","oid":"1.2"}]}' : '{oops'), list: () => [] });
    expect(damaged.valueSet('1.2')).toBeUndefined();
  });
});

describe('bundled schemas/nos', () => {
  const nos = createTerminology(nodeDataSource());
  const index = JSON.parse(readFileSync(join(repoRoot, 'schemas', 'nos', 'index.json'), 'utf8')) as NosIndex;

  /** The value sets the CI-SIS header binds to, with the size they have had in every NOS release since 2021. */
  const header: [string, string, number, number][] = [
    ['1.2.250.1.213.1.1.5.471', 'JDV_J07', 114, 114],
    ['1.2.250.1.213.1.1.5.461', 'JDV_J01', 300, 600],
    ['1.2.250.1.213.1.1.5.466', 'JDV_J02', 50, 120],
    ['1.2.250.1.213.1.1.5.467', 'JDV_J04', 8, 30],
    ['1.2.250.1.213.1.1.5.124', 'JDV_J47', 5, 30],
    ['1.2.250.1.213.1.1.5.528', 'JDV_J140', 4, 12],
    ['1.2.250.1.213.1.1.5.588', 'JDV_J141', 2, 5],
    ['1.2.250.1.213.1.1.5.589', 'JDV_J142', 5, 15],
    ['1.2.250.1.213.1.1.5.590', 'JDV_J143', 3, 5],
    ['1.2.250.1.213.1.1.5.591', 'JDV_J144', 5, 15],
    ['1.2.250.1.213.1.1.5.718', 'JDV_J245', 2, 5],
    ['1.2.250.1.213.1.1.5.719', 'JDV_J246', 4, 15],
    ['1.2.250.1.213.3.3.16', 'JDV_J11', 30, 60],
    ['2.16.840.1.113883.1.11.10228', '', 3, 10],
  ];
  for (const [oid, short, min, max] of header) {
    it(`resolves the header value set ${oid}${short ? ` (${short})` : ''} with ${min === max ? min : `${min}–${max}`} codes`, () => {
      const vs = nos.valueSet(oid);
      expect(vs?.oid).toBe(oid);
      expect(vs!.concepts.length).toBeGreaterThanOrEqual(min);
      expect(vs!.concepts.length).toBeLessThanOrEqual(max);
      if (short) expect(nos.valueSet(short)?.oid).toBe(oid);
    });
  }

  it('serves JDV_J07 (document type) by name in every spelling, with LOINC codes checked by system', () => {
    for (const ref of ['JDV_J07_XdsTypeCode_CISIS', 'JDV-J07-XdsTypeCode-CISIS', 'JDV_J07', 'https://mos.esante.gouv.fr/NOS/JDV_J07-XdsTypeCode-CISIS/FHIR/JDV-J07-XdsTypeCode-CISIS']) {
      expect(nos.valueSet(ref)?.oid, ref).toBe('1.2.250.1.213.1.1.5.471');
    }
    const j07 = nos.valueSet('JDV_J07')!;
    expect(j07.find('11490-0', '2.16.840.1.113883.6.1')).toBeDefined();
    expect(j07.find('11490-0', 'http://loinc.org')).toBeDefined();
    expect(j07.find('11490-0', '2.16.840.1.113883.6.96')).toBeUndefined();
  });

  it('does not take JDV_HL7 for a NOS number', () => {
    expect(nos.valueSet('JDV_HL7')).toBeUndefined();
    expect(nos.valueSet('JDV_HL7_Confidentiality_CISIS')?.oid).toBe('2.16.840.1.113883.1.11.10228');
  });

  it('stores the header value sets with code system OIDs, as CDA documents carry them', () => {
    for (const [oid] of header) {
      const byUrl = nos.valueSet(oid)!.concepts.filter((c) => !/^[0-2](\.\d+)+$/.test(c.system));
      // The one non-OID system the NOS itself publishes: `ASTM` for E1762 in JDV_J07.
      expect(byUrl.map((c) => `${c.code} ${c.system}`), oid).toEqual(oid.endsWith('.471') ? ['E1762 ASTM'] : []);
    }
  });

  it('stores lists taken from FHIR exports with OIDs where another copy of the list gives them', () => {
    const tre = 'https://mos.esante.gouv.fr/NOS/TRE_A00-ProducteurDocNonPS/FHIR/TRE-A00-ProducteurDocNonPS';
    expect(nos.systemOid(tre)).toBe('1.2.250.1.213.1.1.4.6');
    const j03 = nos.valueSet('JDV_J03')!;
    expect(j03.find('EXP_PATIENT', '1.2.250.1.213.1.1.4.6')?.system).toBe('1.2.250.1.213.1.1.4.6');
    expect(j03.find('EXP_PATIENT', tre)).toBeDefined();
  });

  it('has HL7 confidentiality codes and maps the standard code systems', () => {
    const conf = nos.valueSet('2.16.840.1.113883.1.11.10228')!;
    for (const code of ['N', 'R', 'V']) expect(conf.find(code, '2.16.840.1.113883.5.25'), code).toBeDefined();
    expect(nos.systemUrl('2.16.840.1.113883.6.1')).toBe('http://loinc.org');
    expect(nos.systemOid('http://snomed.info/sct')).toBe('2.16.840.1.113883.6.96');
  });

  it('has a file for every index entry, with the count the index states', () => {
    expect(index.lists.length).toBeGreaterThanOrEqual(600);
    for (const e of index.lists) {
      const vs = nos.valueSet(e.oid || e.url || e.name);
      expect(vs, e.file).toBeDefined();
      if (e.oid) expect(vs!.concepts.length, e.file).toBe(e.count);
    }
  });

  it.skipIf(!existsSync(corpus))('covers every list of the corpus (all 520 CDA SVS files, the ART-DECOR header files, every JDV/TRE of nos/)', () => {
    const dirs = ['cda-valuesets/jeuxDeValeurs', 'cda-valuesets/artdecor-voc', ...readdirSync(join(corpus, 'nos')).filter((d) => !d.includes('.')).map((d) => `nos/${d}`)];
    let svsCount = 0;
    for (const dir of dirs) {
      const files = readdirSync(join(corpus, dir)).filter((f) => /\.(xml|json)$/.test(f));
      if (dir === 'cda-valuesets/jeuxDeValeurs') svsCount = files.length;
      const folder = loadNosFolder(files.map((name) => ({ name, text: decodeNosBytes(readFileSync(join(corpus, dir, name))) })));
      expect(folder.problems, dir).toEqual([]);
      for (const r of folder.records) expect(nos.valueSet(r.oid || r.url!), `${dir}: ${r.name}`).toBeDefined();
    }
    expect(svsCount).toBe(520);
  });
});
