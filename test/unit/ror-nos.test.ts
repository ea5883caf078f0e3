import { describe, expect, it } from 'vitest';
import { createEngine, type Engine, type Finding } from '../../server/src/engine';
import { LineIndex } from '../../server/src/engine/positions';
import { sameLabel } from '../../server/src/nos/labels';
import type { ValueSetRecord } from '../../server/src/nos/record';
import { applyEdits, coveredText, engine, readRepoFile } from '../helpers';

/** NOS labels and retired codes on ROR codings: the rules CDA uses (NOS-DISPLAY-NAME, NOS-RETIRED). */

const nosFindings = (e: Engine, text: string): Finding[] => e.validate(text).diagnostics.filter((d) => d.rule.startsWith('NOS-'));

function applyFix(text: string, f: Finding): string {
  const idx = new LineIndex(text);
  const e = f.fixes![0].edits[0];
  return text.slice(0, idx.offsetAt(e.range.start)) + e.newText + text.slice(idx.offsetAt(e.range.end));
}

/** An engine whose NOS lists include a newer copy of one bundled list, with some codes retired. */
function engineRetiring(url: string, codes: string[]): Engine {
  const vs = engine().nos.valueSet(url)!;
  const record: ValueSetRecord = {
    kind: 'ValueSet',
    name: vs.name,
    oid: vs.oid,
    url: vs.url,
    date: '2099-01-01',
    concepts: vs.concepts.map((c) => (codes.includes(c.code) ? { ...c, status: 'retired' as const } : { ...c })),
  };
  return createEngine({ nosOverrides: [record] });
}

describe('label comparison shared by CDA and FHIR', () => {
  it('ignores case and spacing, not accents or words', () => {
    expect(sameLabel('Tout public', 'Tout public')).toBe(true);
    expect(sameLabel(' tout \n PUBLIC ', 'Tout public')).toBe(true);
    expect(sameLabel('Hebergement MCO', 'Hébergement MCO')).toBe(false);
    expect(sameLabel('Hébergement', 'Hébergement MCO')).toBe(false);
  });
});

describe('ROR Coding.display against the NOS label', () => {
  const hs = readRepoFile('samples/ror/healthcareservice.json');

  it('the bundled samples carry the NOS labels', () => {
    for (const f of ['healthcareservice.json', 'location.json', 'organization-eg.json', 'organization-ej.json', 'practitioner.json', 'practitionerrole.json', 'bundle-searchset.json', 'export.ndjson']) {
      expect(nosFindings(engine(), readRepoFile(`samples/ror/${f}`)).map((d) => d.message), f).toEqual([]);
    }
  });

  it('a wrong display is a warning on the display, with a quick fix writing the NOS label', () => {
    const text = applyEdits(hs, [['"display": "Tout public"', '"display": "Grand public"']]);
    const [f, ...rest] = nosFindings(engine(), text);
    expect(rest).toEqual([]);
    expect(f.rule).toBe('NOS-DISPLAY-NAME');
    expect(f.severity).toBe('warning');
    expect(coveredText(text, f)).toBe('"Grand public"');
    expect(f.message).toBe('display « Grand public » diffère du libellé NOS du code 07 : « Tout public » (JDV_J29_PublicPrisEnCharge_ROR).');
    expect(f.fixes?.[0].title).toBe('Remplacer par le libellé NOS « Tout public »');
    const fixed = applyFix(text, f);
    expect(fixed).toBe(hs);
    expect(nosFindings(engine(), fixed)).toEqual([]);
  });

  it('the fix writes a JSON string, escaped', () => {
    const text = readRepoFile('samples/ror/healthcareservice.json').replace('"display": "Accès libre"', '"display": "Acces \\"libre\\""');
    const f = nosFindings(engine(), text)[0];
    expect(f.fixes![0].edits[0].newText).toBe('"Accès libre"');
    expect(JSON.parse(applyFix(text, f))).toEqual(JSON.parse(hs));
  });

  it('says display in English too', () => {
    const e = createEngine();
    e.configure({ locale: 'en' });
    const text = applyEdits(hs, [['"display": "Tout public"', '"display": "Grand public"']]);
    expect(nosFindings(e, text)[0].message).toBe('display "Grand public" differs from the NOS label of code 07: "Tout public" (JDV_J29_PublicPrisEnCharge_ROR).');
  });

  it('the CDA message still names displayName', () => {
    const cda = applyEdits(readRepoFile('test/fixtures/cda/base-unstructured.xml'), [['displayName="Féminin"', 'displayName="Femme"']]);
    expect(nosFindings(engine(), cda)[0].message).toMatch(/^displayName « Femme » diffère/);
  });

  it('each coding of a Bundle is checked once, whatever the number of bindings reaching it', () => {
    const bundle = readRepoFile('samples/ror/bundle-searchset.json');
    const displays = [...bundle.matchAll(/"display": "([^"]*)"/g)];
    let checked = 0;
    for (const m of displays) {
      const text = bundle.slice(0, m.index) + '"display": "Libellé inventé"' + bundle.slice(m.index + m[0].length);
      const found = nosFindings(engine(), text);
      expect(found.length, m[1]).toBeLessThanOrEqual(1);
      if (found.length === 1) {
        checked++;
        expect(coveredText(text, found[0])).toBe('"Libellé inventé"');
      }
    }
    // Codings bound to a bundled NOS list; the others (identifier types, fr-core, IG code systems) are not NOS-bound.
    expect(checked).toBeGreaterThan(displays.length / 2);
  });

  it('a coding reached twice (the profile claimed twice) gives one finding', () => {
    const loc = readRepoFile('samples/ror/location.json');
    const url = '"https://interop.esante.gouv.fr/ig/fhir/ror/StructureDefinition/ror-location"';
    const text = applyEdits(loc, [
      [url, `${url}, ${url}`],
      ['"display": "Hébergement MCO"', '"display": "Hébergement"'],
    ]);
    expect(nosFindings(engine(), text).map((f) => [f.rule, coveredText(text, f)])).toEqual([['NOS-DISPLAY-NAME', '"Hébergement"']]);
  });

  it('NDJSON lines are checked one by one', () => {
    const lines = readRepoFile('samples/ror/export.ndjson').split('\n');
    const hsLines = lines.map((l, i) => (l.includes('"Tout public"') ? i : -1)).filter((i) => i >= 0);
    expect(hsLines.length).toBeGreaterThan(0);
    const text = lines.map((l) => l.replace('"display":"Tout public"', '"display":"Grand public"')).join('\n');
    expect(nosFindings(engine(), text).map((f) => coveredText(text, f))).toEqual(hsLines.map(() => '"Grand public"'));
  });

  it('codings of another code system than the list (translations) and codes outside the list are not label-checked', () => {
    const text = applyEdits(hs, [['"code": "07",\n                "display": "Tout public"', '"code": "99",\n                "display": "Grand public"']]);
    const rules = engine().validate(text).diagnostics.map((d) => d.rule);
    expect(rules).toContain('ROR-BINDING');
    expect(rules).not.toContain('NOS-DISPLAY-NAME');
  });
});

describe('ROR retired NOS codes', () => {
  it('a retired code in a Coding is a warning on the code', () => {
    const e = engineRetiring('https://mos.esante.gouv.fr/NOS/JDV_J29-PublicPrisEnCharge-ROR/FHIR/JDV-J29-PublicPrisEnCharge-ROR', ['07']);
    const text = readRepoFile('samples/ror/healthcareservice.json');
    const found = nosFindings(e, text);
    expect(found.map((f) => [f.rule, f.severity, coveredText(text, f)])).toEqual([['NOS-RETIRED', 'warning', '"07"']]);
    expect(found[0].message).toBe('Le code « 07 » (Tout public) est retiré du jeu de valeurs JDV_J29_PublicPrisEnCharge_ROR : utilisez un code en vigueur.');
  });

  it('a retired bound code or string (no label) is a warning too', () => {
    const e = engineRetiring('https://mos.esante.gouv.fr/NOS/JDV_J219-TypeVoie-ROR/FHIR/JDV-J219-TypeVoie-ROR', ['AV']);
    const text = readRepoFile('samples/ror/bundle-searchset.json');
    const found = nosFindings(e, text);
    expect(found.length).toBeGreaterThan(0);
    expect(found.map((f) => [f.rule, coveredText(text, f)])).toEqual(found.map(() => ['NOS-RETIRED', '"AV"']));
  });
});
