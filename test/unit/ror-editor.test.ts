import { describe, expect, it } from 'vitest';
import type { Position, TextEdit } from '../../server/src/engine/types';
import { engine, readRepoFile } from '../helpers';

const hs = readRepoFile('samples/ror/healthcareservice.json');

/** The position just after `needle` (plus `delta` characters) in `text`. */
function after(text: string, needle: string, delta = 0): Position {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`not found: ${needle}`);
  const before = text.slice(0, at + needle.length + delta).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

/** The position `index` characters into the first occurrence of `marker`. */
function inside(text: string, marker: string, index: number): Position {
  return after(text, marker, index - marker.length);
}

/** Applies LSP edits (non-overlapping) to a text. */
function applyTextEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: Position) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

describe('ROR completion', () => {
  it('proposes the element names of the object at the cursor, profile-required ones first', () => {
    const text = '{\n  "resourceType": "HealthcareService",\n  "meta": { "profile": ["https://interop.esante.gouv.fr/ig/fhir/ror/StructureDefinition/ror-healthcareservice"] },\n  ""\n}';
    const items = engine().complete(text, inside(text, '  ""', 3));
    const labels = items.map((c) => c.label);
    expect(labels.slice(0, 5)).toEqual(['identifier', 'providedBy', 'type', 'specialty', 'characteristic']);
    expect(items[1].detail).toBe('Reference — obligatoire');
    expect(labels).toContain('coverageArea');
    expect(labels).not.toContain('meta'); // already present
    expect(items.find((c) => c.label === 'coverageArea')?.insertText).toBe('coverageArea'); // inside quotes
    expect(items.find((c) => c.label === 'coverageArea')?.documentation).toBe('Zone desservie.');
  });

  it('outside quotes, inserts the key with a value skeleton', () => {
    const text = hs.replace('"active": true,', '"active": true,\n  ');
    const items = engine().complete(text, after(text, '"active": true,\n  '));
    expect(items.find((c) => c.label === 'comment')?.insertText).toBe('"comment": "$1"');
    expect(items.find((c) => c.label === 'eligibility')?.insertText).toBe('"eligibility": [$1]');
  });

  it('proposes the extension URLs the profile and the catalogue allow on the element', () => {
    const text = hs.replace(/"url": "https:\/\/interop\.esante\.gouv\.fr\/ig\/fhir\/ror\/StructureDefinition\/ror-healthcareservice-sensitive-unit"/, '"url": ""');
    const items = engine().complete(text, after(text, '"url": "'));
    const labels = items.map((c) => c.label);
    expect(labels).toEqual(expect.arrayContaining(['ror-healthcareservice-sensitive-unit', 'ror-meta-creation-date', 'ror-healthcareservice-patient-type']));
    expect(labels).not.toContain('ror-commune-cog'); // Location only
    expect(items.find((c) => c.label === 'ror-meta-creation-date')?.insertText).toBe('https://interop.esante.gouv.fr/ig/fhir/ror/StructureDefinition/ror-meta-creation-date');
  });

  it('inside a complex extension, proposes its sub-extensions', () => {
    const text = hs.replace('"url": "ageRange"', '"url": "",');
    const labels = engine().complete(text, inside(text, '"url": "",', 8)).map((c) => c.label);
    expect(labels).toEqual(['supportedPatientInfo', 'ageRange']);
  });

  it("codes of the bound value set; choosing one also writes the Coding's system and display", () => {
    const text = hs.replace('"code": "28",\n          "display": "Hospitalisation complète (HC)"', '"code": "",\n          "display": "?"');
    const cursor = inside(text, '"code": "",\n          "display": "?"', 9);
    const items = engine().complete(text, cursor);
    const hdj = items.find((c) => c.label === '29')!;
    expect(hdj.detail).toBe('Hospitalisation de jour (HJ)');
    expect(items.every((c) => c.documentation?.includes('JDV_J19'))).toBe(true); // the coding's system selects the careMode slice
    const edited = applyTextEdits(text, [{ range: { start: cursor, end: cursor }, newText: hdj.insertText! }, ...hdj.additionalEdits!]);
    const result = engine().validate(edited);
    expect(result.diagnostics).toEqual([]);
    expect(edited).toContain('"display": "Hospitalisation de jour (HJ)"');
  });

  it('writes system and display when the Coding has only a code', () => {
    const text = hs.replace(
      '"system": "https://mos.esante.gouv.fr/NOS/TRE_R227-ChampActivite/FHIR/TRE-R227-ChampActivite",\n          "code": "01",\n          "display": "Médecine, Chirurgie, Obstétrique (MCO)"',
      '"code": "MARK"',
    ).replace('"code": "MARK"', '"code": ""');
    const cursor = inside(text, '"code": ""\n        }\n      ]\n    }\n  ],\n  "specialty"', 9);
    const items = engine().complete(text, cursor);
    const mco = items.find((c) => c.label === '01')!;
    const edited = applyTextEdits(text, [{ range: { start: cursor, end: cursor }, newText: mco.insertText! }, ...mco.additionalEdits!]);
    expect(engine().validate(edited).diagnostics).toEqual([]);
  });

  it('offers whole Codings in an empty coding array', () => {
    const text = hs.replace(/"category": \[\s*\{\s*"coding": \[\s*\{[^}]*\}/, '"category": [ { "coding": [ ');
    const items = engine().complete(text, after(text, '"coding": [ '));
    expect(items.length).toBeGreaterThan(0);
    const coding = JSON.parse(items[0].insertText!) as Record<string, string>;
    expect(coding.system).toBe('https://mos.esante.gouv.fr/NOS/TRE_R244-CategorieOrganisation/FHIR/TRE-R244-CategorieOrganisation');
    expect(coding.display).toBeTruthy();
  });

  it('works on an NDJSON line, with edits placed on that line', () => {
    const nd = readRepoFile('samples/ror/export.ndjson').replace('"code":"28","display":"Hospitalisation complète (HC)"', '"code":"","display":"?"');
    const line = nd.split('\n').findIndex((l) => l.includes('"code":""'));
    const items = engine().complete(nd, inside(nd, '"code":"","display":"?"', 8));
    const hc = items.find((c) => c.label === '28')!;
    expect(hc.additionalEdits!.every((e) => e.range.start.line === line)).toBe(true);
  });
});

describe('ROR hover', () => {
  it('an element: French definition, type, cardinality and binding', () => {
    const h = engine().hover(hs, after(hs, '"characteristic', -3))!;
    expect(h.contents).toContain('**HealthcareService.characteristic**');
    expect(h.contents).toContain('1..*');
    expect(h.contents).toContain('mode de prise en charge');
    expect(h.contents).toContain('JDV_J19-ModePriseEnCharge-ROR');
  });

  it('an extension URL: its catalogue definition and value type', () => {
    const h = engine().hover(hs, after(hs, 'ror-meta-creation-date', -5))!;
    expect(h.contents).toContain('Date de création');
    expect(h.contents).toContain('valueDateTime');
  });

  it("a code: its label from the bound value set", () => {
    const h = engine().hover(hs, after(hs, '"code": "28', -1))!;
    expect(h.contents).toContain('Hospitalisation complète (HC)');
  });

  it('a profile canonical: the profile summary', () => {
    const h = engine().hover(hs, after(hs, 'StructureDefinition/ror-health', -2))!;
    expect(h.contents).toContain('**RORHealthcareService**');
  });

  it('an element inside a Bundle entry uses the entry resource profile', () => {
    const bundle = readRepoFile('samples/ror/bundle-searchset.json');
    const h = engine().hover(bundle, after(bundle, '"operationalStatus', -3))!;
    expect(h.contents).toContain('**Location.operationalStatus**');
    expect(h.contents).toContain('JDV_J224-StatutLieu-ROR');
  });
});
