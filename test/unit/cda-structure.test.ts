import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTs, endsBefore, isCs, isNcName, isOid, isReal, isUid, tsSpan } from '../../server/src/cda/rules/datatypes-lexical';
import { compileContent, missingSteps, parseParticles, type ContentModel, type ParticleJson } from '../../server/src/cda/rules/structure-content';
import { compileModel, loadCdaModel } from '../../server/src/cda/rules/structure-model';
import { walk } from '../../server/src/cda/rules/structure-walk';
import { createEngine, type Finding } from '../../server/src/engine';
import type { DataSource } from '../../server/src/engine/data';
import { parseXml } from '../../server/src/xml/parse';
import { applyEdits, engine, readRepoFile, repoRoot } from '../helpers';

const STRUCTURED = 'test/fixtures/cda/structure/base-structured.xml';
const UNSTRUCTURED = 'test/fixtures/cda/base-unstructured.xml';
const PHARM = 'urn:ihe:pharm:medication';
const corpus = join(repoRoot, '..', 'shared', 'corpus', 'cda');

const ours = (fs: Finding[]) => fs.filter((f) => /^CDA-(STR|DT|NAR)-/.test(f.rule));
const findings = (text: string) => ours(engine().validate(text).diagnostics);
const edited = (base: string, edits: [string, string][]) => findings(applyEdits(readRepoFile(base), edits));

describe('model compiler: the bundled CDA_extended model (schemas/cda/structure.json)', () => {
  const model = compileModel(JSON.parse(readRepoFile('schemas/cda/structure.json')));
  const type = (name: string) => {
    const t = model.type(name);
    if (!t) throw new Error(`no type ${name}`);
    return t;
  };
  const keys = (name: string) => type(name).content.positions.map((p) => (p.kind === 'element' ? p.key : `*${p.namespace}`));

  it('compiles every type, and every element particle names a compiled type', () => {
    expect(model.root).toMatchObject({ element: 'ClinicalDocument', type: { name: 'POCD_MT000040.ClinicalDocument' } });
    expect(model.typeNames().length).toBeGreaterThan(300);
    for (const name of model.typeNames()) {
      for (const p of type(name).content.positions) if (p.kind === 'element') expect(model.type(p.type), `${name} → ${p.type}`).toBeDefined();
    }
  });

  it('resolves derivation: extensions append content and attributes, restrictions restate content and drop prohibited attributes', () => {
    expect(model.derives(type('CE'), type('CD'))).toBe(true);
    expect(model.derives(type('CD'), type('CE'))).toBe(false);
    expect(model.derives(type('PIVL_TS'), type('SXCM_TS'))).toBe(true);
    expect(keys('CD')).toEqual(['originalText', 'qualifier', 'translation']);
    expect(keys('CE')).toEqual(['originalText', 'translation']);
    expect(keys('CS')).toEqual([]);
    expect(type('CS').attrs.has('code')).toBe(true);
    expect(type('CS').attrs.has('codeSystem')).toBe(false);
    expect(type('CE').attrs.has('urn:hl7-org:sdtc valueSet')).toBe(true);
    expect(keys('PN')).toEqual(keys('EN'));
    expect(type('ST').attrs.get('representation')?.fixed).toBe('TXT');
    expect(keys('ST')).toEqual([]);
    expect([...type('IVL_TS').attrs.keys()].sort()).toEqual(['nullFlavor', 'operator', 'value']);
  });

  it('knows abstract types, required attributes, fixed values, vocabularies and the narrative types', () => {
    expect(type('ANY').abstract).toBe(true);
    expect(type('QTY').abstract).toBe(true);
    expect(model.concreteSubtypes(type('QTY'))).toEqual(expect.arrayContaining(['PQ', 'INT', 'TS', 'IVL_TS']));
    expect(type('POCD_MT000040.Observation').requiredAttrs.map((a) => a.name).sort()).toEqual(['classCode', 'moodCode']);
    expect(type('POCD_MT000040.ClinicalDocument').attrs.get('classCode')?.fixed).toBe('DOCCLIN');
    const nullFlavor = type('ANY').attrs.get('nullFlavor')!.simple;
    expect(nullFlavor.kind === 'enum' && nullFlavor.values.has('UNK') && !nullFlavor.values.has('UNKNOWN')).toBe(true);
    const use = type('TEL').attrs.get('use')!.simple;
    expect(use.kind === 'list' && use.item.kind === 'enum' && use.item.values.has('MC')).toBe(true);
    expect(type('StrucDoc.Text').narrative).toBe(true);
    expect(type('POCD_MT000040.Section').narrative).toBe(false);
  });

  it('builds the chameleon copies of the data types in the pharmacy namespace', () => {
    expect(keys('pharm:CE')).toEqual([`${PHARM} originalText`, `${PHARM} translation`]);
    expect(model.derives(type('pharm:PQ'), type('pharm:QTY'))).toBe(true);
    expect(model.derives(type('pharm:PQ'), type('QTY'))).toBe(false);
    const wildcard = type('pharm:ED').content.positions.find((p) => p.kind === 'any');
    expect(wildcard).toMatchObject({ namespace: '##other', target: PHARM });
    // pharm:quantity of an ingredient is declared with the HL7 RTO: its numerator stays in the HL7 namespace.
    expect(keys('pharm:COCT_MT230100UV.Ingredient')).toContain(`${PHARM} quantity`);
    expect(keys('RTO')).toEqual(['numerator', 'denominator']);
    expect(model.type('pharm:POCD_MT000040.Act')).toBeUndefined();
  });

  it('refuses a model that names an undefined type', () => {
    const base = { namespaces: { hl7: 'urn:hl7-org:v3' }, root: { element: 'R', type: 'R' }, simpleTypes: {} };
    expect(() => compileModel({ ...base, types: { R: { content: ['a Missing'] } } })).toThrow(/Missing/);
    expect(() => compileModel({ ...base, types: { R: { extends: 'Nope' } } })).toThrow(/Nope/);
    expect(() => compileModel({ ...base, types: { R: { attrs: { a: 'NoSuchVocabulary' } } } })).toThrow(/NoSuchVocabulary/);
  });

  it('is compiled once per data source; a missing model disables the rules instead of throwing', () => {
    const text = readRepoFile('schemas/cda/structure.json');
    let reads = 0;
    const data: DataSource = { read: (p) => (p === 'cda/structure.json' ? (reads++, text) : undefined), list: () => [] };
    expect(loadCdaModel(data)).toBe(loadCdaModel(data));
    expect(reads).toBe(1);
    expect(loadCdaModel({ read: () => undefined, list: () => [] })).toBeUndefined();
    expect(loadCdaModel({ read: () => '{"not": "a model"}', list: () => [] })).toBeUndefined();
  });
});

describe('content automata', () => {
  const compile = (json: ParticleJson[]): ContentModel =>
    compileContent(parseParticles(json, (q) => ({ ns: 'urn:hl7-org:v3', local: q }), 'urn:hl7-org:v3'));
  const accepts = (cm: ContentModel, names: string[]): boolean => {
    let state = -1;
    for (const n of names) {
      const next = cm.next[state + 1].get(n) ?? (n.includes(' ') && cm.anyNext[state + 1] >= 0 ? cm.anyNext[state + 1] : undefined);
      if (next === undefined) return false;
      state = next;
    }
    return cm.accepting[state + 1];
  };

  it('follows sequences with optional and repeated particles', () => {
    const cm = compile(['a T', 'b T?', 'c T*', 'd T+']);
    expect(accepts(cm, ['a', 'd'])).toBe(true);
    expect(accepts(cm, ['a', 'b', 'c', 'c', 'd', 'd'])).toBe(true);
    expect(accepts(cm, ['a', 'b', 'b', 'd'])).toBe(false);
    expect(accepts(cm, ['a', 'c'])).toBe(false);
    expect(accepts(cm, ['d', 'a'])).toBe(false);
  });

  it('keeps the alternatives of a choice of sequences apart (IVL_TS bounds)', () => {
    const cm = compile([{ choice: [{ seq: ['low T', { choice: ['width T?', 'high T?'], occurs: '?' }] }, 'high T', { seq: ['width T', 'high T?'] }, { seq: ['center T', 'width T?'] }], occurs: '?' }]);
    for (const ok of [[], ['low'], ['low', 'high'], ['low', 'width'], ['high'], ['width', 'high'], ['center', 'width']]) expect(accepts(cm, ok), ok.join()).toBe(true);
    for (const ko of [['low', 'center'], ['low', 'width', 'high'], ['center', 'high'], ['high', 'low']]) expect(accepts(cm, ko), ko.join()).toBe(false);
  });

  it('unrolls minimum occurrences above one', () => {
    const cm = compile(['comp T{2,}']);
    expect(accepts(cm, ['comp'])).toBe(false);
    expect(accepts(cm, ['comp', 'comp', 'comp'])).toBe(true);
  });

  it('drops prohibited particles and admits foreign elements where a wildcard stands', () => {
    const cm = compile(['reference T?', 'thumbnail -', { any: '##other', occurs: '?' }]);
    expect(accepts(cm, ['thumbnail'])).toBe(false);
    expect(accepts(cm, ['reference', 'urn:x svg'])).toBe(true);
  });

  it('names the missing elements, with their alternatives', () => {
    const cm = compile(['a T', { choice: ['b T', 'c T'] }, 'd T?', 'e T']);
    expect(missingSteps(cm, -1, 'end')).toEqual([['a'], ['b', 'c'], ['e']]);
    const aPos = cm.byKey.get('a')![0];
    const ePos = cm.byKey.get('e')![0];
    expect(missingSteps(cm, aPos, ePos)).toEqual([['b', 'c']]);
    expect(missingSteps(cm, ePos, aPos)).toBeUndefined();
  });
});

describe('structure walk', () => {
  it('finds nothing in the structured fixture, which the kit schema accepts', () => {
    expect(findings(readRepoFile(STRUCTURED))).toEqual([]);
    expect(findings(readRepoFile(UNSTRUCTURED))).toEqual([]);
  });

  it('reports a swap once, as a misplaced element, not also as a missing one', () => {
    const found = edited(STRUCTURED, [['<title>Biochimie sanguine</title>\n          <text>', '<text>'], ['</text>\n          <entry typeCode="DRIV">', '</text>\n          <title>Biochimie sanguine</title>\n          <entry typeCode="DRIV">']]);
    expect(found.map((f) => [f.rule, f.data?.element, f.data?.after])).toEqual([['CDA-STR-ORDER', 'title', 'text']]);
  });

  it('names the alternatives of a missing choice and reports on the parent', () => {
    const text = readRepoFile(UNSTRUCTURED);
    const body = text.slice(text.indexOf('    <nonXMLBody>'), text.indexOf('  </component>\n</ClinicalDocument>'));
    const found = findings(text.replace(body, ''));
    expect(found.map((f) => [f.rule, f.data?.element, f.data?.parent])).toEqual([['CDA-STR-MIN', 'nonXMLBody | structuredBody', 'component']]);
  });

  it('does not descend into an unknown element, and types the children of a misnamed-namespace one', () => {
    expect(edited(UNSTRUCTURED, [['<title>Compte rendu de biologie</title>', '<title>Compte rendu de biologie</title><bogus><id root="x y"/></bogus>']]).map((f) => f.rule)).toEqual(['CDA-STR-UNKNOWN']);
    const found = edited(STRUCTURED, [['<numerator xsi:type="PQ" value="500" unit="mg"/>', '<pharm:numerator xsi:type="PQ" value="5,00" unit="mg"/>']]);
    expect(found.map((f) => f.rule)).toEqual(['CDA-STR-WRONG-NS', 'CDA-DT-REAL']);
  });

  it('validates the ClinicalDocument of an auto-présentable stylesheet with the namespaces in scope there', () => {
    const wrapped = applyEdits(readRepoFile(STRUCTURED), [
      ['<ClinicalDocument xmlns="urn:hl7-org:v3"', '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns="urn:example:html" xmlns:c="urn:hl7-org:v3"><data:Contenu xmlns:data="urn:asip-sante:ci-sis"><ClinicalDocument xmlns="urn:hl7-org:v3"'],
      ['</ClinicalDocument>', '</ClinicalDocument></data:Contenu></xsl:stylesheet>'],
    ]);
    expect(findings(wrapped)).toEqual([]);
    // The default namespace of the stylesheet does not reach the CDA, which redeclares it; a prefix does.
    expect(findings(wrapped.replace('xsi:type="PQ" value="5.2"', 'xsi:type="c:PQ" value="5.2"'))).toEqual([]);
  });

  it('resolves xsi:type prefixes against the declarations in scope', () => {
    const otherDefault = (xsiType: string) =>
      edited(STRUCTURED, [['<value xsi:type="PQ" value="5.2"', `<v3:value xmlns:v3="urn:hl7-org:v3" xmlns="urn:example:other" xsi:type="${xsiType}" value="5.2"`]]);
    expect(otherDefault('PQ').map((f) => [f.rule, f.data?.value])).toEqual([['CDA-STR-XSI-UNKNOWN', 'PQ']]);
    expect(otherDefault('v3:PQ')).toEqual([]);
    // The pharmacy copy of PQ is another type, which does not derive from the HL7 ANY.
    const copy = edited(STRUCTURED, [['<value xsi:type="PQ" value="5.2"', '<value xsi:type="pharm:PQ" value="5.2"']]);
    expect(copy.map((f) => [f.rule, f.data?.declared])).toEqual([['CDA-STR-XSI-DERIVATION', 'ANY']]);
  });

  it('checks IDs across the whole document, narrative and entries alike', () => {
    const found = edited(STRUCTURED, [['ID="courbe"', 'ID="glucose"'], ['referencedObject="courbe"', 'referencedObject="glucose"']]);
    expect(found.map((f) => [f.rule, f.data?.id])).toEqual([['CDA-NAR-ID-DUP', 'glucose']]);
  });

  it('speaks English when asked', () => {
    const en = createEngine({ settings: { locale: 'en' } });
    const text = applyEdits(readRepoFile(STRUCTURED), [['<observation classCode="OBS" moodCode="EVN">', '<observation classCode="OBS">']]);
    const found = ours(en.validate(text).diagnostics);
    expect(found.map((f) => f.message)).toEqual(['Required attribute moodCode is missing on <observation>.']);
  });

  it('walks a large document in one linear pass', () => {
    const model = compileModel(JSON.parse(readRepoFile('schemas/cda/structure.json')));
    const text = readRepoFile(STRUCTURED);
    const entry = text.slice(text.indexOf('          <entry typeCode="DRIV">'), text.indexOf('          <entry>\n            <observationMedia'));
    const time = (copies: number) => {
      const big = text.replace(entry, entry.repeat(copies));
      const root = parseXml(big).root!;
      const t0 = performance.now();
      const typed = walk(model, root);
      return { ms: performance.now() - t0, elements: typed.elements.length };
    };
    time(100);
    const small = time(300);
    const large = time(3000);
    expect(large.elements).toBeGreaterThan(small.elements * 9);
    // Linear: ten times the entries may not cost much more than ten times the time (with slack for timer noise).
    expect(large.ms).toBeLessThan(small.ms * 30 + 20);
  });
});

describe('datatype lexical spaces', () => {
  it('TS: schema pattern, real calendar dates, zones only after a time', () => {
    expect(checkTs('2026')).toEqual({ schema: true, real: true, hasTime: false, zoned: false });
    expect(checkTs('20261120101500+0100')).toEqual({ schema: true, real: true, hasTime: true, zoned: true });
    expect(checkTs('20261120101500.123-0500').real).toBe(true);
    expect(checkTs('202611201015')).toMatchObject({ real: true, hasTime: true, zoned: false });
    for (const bad of ['2026-11-20', '20261120+0100', ' 20261120', '20261120101500+01:00', '']) expect(checkTs(bad).schema, bad).toBe(false);
    for (const odd of ['20092012081500+0100', '20240230', '20240106113623+100', '202611201', '20261120250000+0100', '20240229']) {
      expect(checkTs(odd).schema, odd).toBe(true);
      expect(checkTs(odd).real, odd).toBe(odd === '20240229');
    }
  });

  it('TS spans: precision widens a value; unzoned values get the benefit of the doubt', () => {
    const low = tsSpan('20261120080000+0100')!;
    expect(endsBefore(tsSpan('20261120')!, low)).toBe(false);
    expect(endsBefore(tsSpan('20261119235959+0100')!, low)).toBe(true);
    // 08:00+01:00 is 07:00 UTC: 07:30+00:00 comes after it although its digits are smaller.
    expect(endsBefore(tsSpan('20261120073000+0000')!, low)).toBe(false);
    expect(endsBefore(tsSpan('20261120065959+0000')!, low)).toBe(true);
    expect(endsBefore(tsSpan('20261119')!, tsSpan('20261120')!)).toBe(true);
    expect(endsBefore(tsSpan('20261120050000')!, low)).toBe(false);
  });

  it('identifiers, codes and numbers', () => {
    expect(isOid('1.2.250.1.213.1.1.1.1')).toBe(true);
    for (const bad of ['1.2.250.01', '3.1', '1.2.', 'LOINC']) expect(isOid(bad), bad).toBe(false);
    expect(isUid('8f3a6b2e-1c4d-4e5f-9a7b-0c1d2e3f4a5b')).toBe(true);
    expect(isUid('LOINC-2')).toBe(true);
    expect(isUid('1.2.3 ')).toBe(false);
    expect(isCs(' 11502-2 ')).toBe(true);
    expect(isCs('11502 2')).toBe(false);
    expect(isCs('')).toBe(false);
    for (const ok of ['5.2', '-.5', '+3', '1e-3', 'INF', '12.']) expect(isReal(ok), ok).toBe(true);
    for (const bad of ['5,2', '1 000', '', 'e3']) expect(isReal(bad), bad).toBe(false);
    expect(isNcName('glucose-1')).toBe(true);
    for (const bad of ['1-glucose', 'a b', 'x:y', '']) expect(isNcName(bad), bad).toBe(false);
  });
});

describe.skipIf(!existsSync(corpus))('ground truth: the official samples, which the kit schema accepts', () => {
  const check = (folder: string) => {
    const dir = join(corpus, folder);
    const files = readdirSync(dir).filter((f) => f.endsWith('.xml')).sort();
    const results = new Map(files.map((f) => [f, findings(readFileSync(join(dir, f), 'utf8'))]));
    return { files, results };
  };

  it('raise no error on any of the 91 TestContenuCDA 3-0 samples (warnings only)', () => {
    const { files, results } = check('TestContenuCDA-3-0');
    expect(files).toHaveLength(91);
    const errors = [...results].flatMap(([f, fs]) => fs.filter((d) => d.severity === 'error').map((d) => `${f}:${d.range.start.line + 1} ${d.message}`));
    expect(errors).toEqual([]);
    const counts = new Map<string, number>();
    for (const fs of results.values()) for (const d of fs) counts.set(d.rule, (counts.get(d.rule) ?? 0) + 1);
    expect(new Set(counts.keys())).toEqual(new Set(['CDA-DT-TS-TZ', 'CDA-DT-TS-DATE', 'CDA-NAR-REF']));
  });

  it('reject exactly the 3 kit 2-41 samples the kit schema rejects, for the same reasons', () => {
    const { files, results } = check('TestContenuCDA-2-41');
    expect(files).toHaveLength(48);
    const failing = [...results].filter(([, fs]) => fs.some((d) => d.severity === 'error'));
    expect(failing.map(([f, fs]) => [f, [...new Set(fs.filter((d) => d.severity === 'error').map((d) => d.rule))]])).toEqual([
      ['CSE-CS8_2021.01.xml', ['CDA-STR-ATTR-VALUE']],
      ['eP-MED-DM_PosoNonStruct_2022.01.xml', ['CDA-STR-WRONG-NS', 'CDA-STR-XSI-DERIVATION']],
      ['eP-MED-DM_PosoStruct_2022.01.xml', ['CDA-STR-WRONG-NS', 'CDA-STR-XSI-DERIVATION']],
    ]);
    expect(results.get('CSE-CS8_2021.01.xml')!.find((d) => d.severity === 'error')?.data).toMatchObject({ attribute: 'classCode', value: 'IND' });
  });
});
