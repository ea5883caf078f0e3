import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../server/src/engine';
import { nodeDataSource } from '../../server/src/engine/data';
import { loadPgssiTables } from '../../server/src/pgssi';
import { adoptStandalonePage, renderPreview, type Shell } from '../../server/src/preview';
import { renderRorBody } from '../../server/src/preview/ror';
import { renderSheetBody } from '../../server/src/preview/sheet';
import { engine, readRepoFile } from '../helpers';
import { executableParts, startTags } from './preview-html';

const shell: Shell = { cspSource: 'https://host', styleUri: 'https://host/media/preview.css', scriptUri: 'https://host/media/preview.js', nonce: 'n0nce' };
const data = nodeDataSource();
const bundle = readRepoFile('test/e2e/workspace/ror/offre-bundle.json');

/** The kinds and names of the tree's nodes, in document order, with their nesting depth. */
function outline(html: string): string[] {
  const out: string[] = [];
  let depth = 0;
  for (const m of html.matchAll(/<div class="node-children">|<\/div><\/div>|<span class="kind">([^<]*)<\/span> <strong>([^<]*)<\/strong>/g)) {
    if (m[0] === '<div class="node-children">') depth++;
    else if (m[0] === '</div></div>') depth--;
    else out.push(`${'  '.repeat(depth)}${m[1]}: ${m[2]}`);
  }
  return out;
}

/** `text` with the first `find` replaced. */
function applyEditsOnce(text: string, find: string, replace: string): string {
  const at = text.indexOf(find);
  if (at < 0) throw new Error(`not found: ${find}`);
  return text.slice(0, at) + replace + text.slice(at + find.length);
}

describe('ROR preview', () => {
  it('lays out organisation → facility → offer → location, with the practitioner under the offer', () => {
    const r = renderPreview(engine(), data, { text: bundle, path: 'offre.json', shell });
    expect(r.family).toBe('ror');
    expect(outline(r.html)).toEqual([
      'Entité juridique: Centre hospitalier des Tilleuls (fictif)',
      '  Établissement: Site Nord des Tilleuls',
      '    Offre opérationnelle: Médecine interne – hospitalisation complète',
      '      Lieu: Médecine interne, 4e étage',
      '      Professionnel: Dr Claire FONTAINE',
    ]);
  });

  it('shows every identifier with its type and system; without a type, the register its system names (shared systems table)', () => {
    const { body } = renderRorBody(bundle, [], 'fr', undefined, loadPgssiTables(data)!.systems);
    expect(body).toContain('Identifiant national de structure : <code>1750099990</code> <span class="muted">urn:oid:1.2.250.1.71.4.2.2</span>');
    expect(body).toContain('FINESS : <code>750099992</code>');
    expect(body).toContain('idNat_PS : <code>810009999990</code>');
    expect(body).toContain('Identifiant du lieu : <code>LIEU-0004</code>');
    const misspelled = renderRorBody(bundle.replace('"system": "urn:oid:1.2.250.1.71.4.2.1"', '"system": "1.2.250.1.71.4.2.1"'), [], 'fr', undefined, loadPgssiTables(data)!.systems).body;
    expect(misspelled).toContain('idNat_PS : <code>810009999990</code> <span class="muted">1.2.250.1.71.4.2.1</span>');
    expect(renderRorBody(bundle, [], 'fr').body).toContain('identifier : <code>810009999990</code>');
  });

  it('reads NDJSON exports, and says which partOf does not resolve in the file', () => {
    const resources = (JSON.parse(bundle) as { entry: { resource: { resourceType: string } }[] }).entry.map((e) => e.resource);
    const ndjson = resources.filter((r) => !(r.resourceType === 'Organization' && (r as { id?: string }).id === 'ej-tilleuls')).map((r) => JSON.stringify(r)).join('\n');
    const { body, ok } = renderRorBody(ndjson, [], 'en');
    expect(ok).toBe(true);
    expect(outline(body)[0]).toBe('Facility: Site Nord des Tilleuls');
    expect(body).toContain('partOf <code>Organization/ej-tilleuls</code>: reference not resolved in this file');
  });

  it('survives a partOf cycle and shows a FHIRPath Patch as its operations', () => {
    const cycle = JSON.stringify({
      resourceType: 'Bundle',
      entry: [
        { resource: { resourceType: 'Organization', id: 'a', name: 'A', partOf: { reference: 'Organization/b' } } },
        { resource: { resourceType: 'Organization', id: 'b', name: 'B', partOf: { reference: 'Organization/a' } } },
      ],
    });
    expect(renderRorBody(cycle, [], 'fr').ok).toBe(true);
    const patch = JSON.stringify({
      resourceType: 'Parameters',
      parameter: [{ name: 'operation', part: [{ name: 'type', valueCode: 'add' }, { name: 'path', valueString: 'Location' }, { name: 'name', valueString: 'extension' }, { name: 'value', valueString: '<b>x</b>' }] }],
    });
    const p = renderRorBody(patch, [], 'fr').body;
    expect(p).toContain('<td><code>add</code></td><td><code>Location</code></td><td>extension</td>');
    expect(p).toContain('&lt;b&gt;x&lt;/b&gt;');
  });

  it('escapes names and identifiers, and is not fooled into markup', () => {
    const evil = JSON.stringify({ resourceType: 'Organization', id: 'x', name: '<img src=x onerror=alert(1)>', identifier: [{ system: '"><script>', value: '<script>alert(1)</script>' }] });
    const { body } = renderRorBody(evil, [], 'fr');
    expect(executableParts(body)).toEqual([]);
    expect(body).toContain('<strong>&lt;img src=x onerror=alert(1)&gt;</strong>');
    expect(body).toContain('<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>');
  });

  it('says when the file is not JSON', () => {
    expect(renderRorBody('{ "resourceType": ', [], 'fr')).toMatchObject({ ok: false });
  });

  it('says a too deeply nested file is unreadable instead of exhausting the call stack', () => {
    const head = '{"resourceType":"Organization","meta":{"profile":["https://interop.esante.gouv.fr/ig/fhir/ror/StructureDefinition/ror-organization"]},"x":';
    for (const [open, close] of [['[', ']'], ['{"a":', '}']]) {
      const deep = head + open.repeat(100_000) + '1' + close.repeat(100_000) + '}';
      expect(renderRorBody(deep, [], 'fr')).toMatchObject({ ok: false });
    }
    const ndjson = '{"resourceType":"Patient","id":"a"}\n{"resourceType":"Patient","x":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}';
    expect(() => renderRorBody(ndjson, [], 'fr')).not.toThrow();
  });

  it('never throws on values of the wrong JSON type (objects and arrays where text is expected)', () => {
    const odd = [{}, [{}], { a: [1] }, null];
    for (const v of odd) {
      const org = JSON.stringify({ resourceType: 'Organization', id: 'x', identifier: [{ system: v, value: v }] });
      expect(() => renderRorBody(org, [], 'fr'), JSON.stringify(v)).not.toThrow();
      const patch = JSON.stringify({ resourceType: 'Parameters', parameter: [{ name: 'operation', part: [{ name: 'type', valueCode: v }, { name: 'path', valueString: v }] }] });
      expect(() => renderRorBody(patch, [], 'fr'), JSON.stringify(v)).not.toThrow();
    }
    const { body } = renderRorBody(JSON.stringify({ resourceType: 'Organization', id: 'x', identifier: [{ system: 'https://sirene.fr', value: {} }] }), [], 'fr');
    expect(body).toContain('<code></code>');
  });
});

describe('FHIR Patient preview', () => {
  const patientText = readRepoFile('samples/fhir/patient-ins.json');
  const patient = JSON.parse(patientText) as Record<string, any>;
  const ins = loadPgssiTables(data)!.ins;
  /** The rows of the identity card: label → cell HTML. */
  const rows = (html: string) => Object.fromEntries([...html.matchAll(/<dt>([^<]*)<\/dt><dd>(.*?)<\/dd>/g)].map((m) => [m[1], m[2]]));

  it('titles a Patient file as patient identity and shows the INS traits, the INS as written and the identity status', () => {
    const r = renderPreview(engine(), data, { text: patientText, path: 'patient.json', shell });
    expect(r.family).toBe('ror');
    expect(r.title).toBe('Identité du patient (FHIR)');
    expect(r.html).toContain('<title>Identité du patient (FHIR)</title>');
    expect(r.html).not.toContain('Offre de santé');
    expect(r.html).toContain('<h1>ESSAI Camille <span class="muted">Patient/patient-ins-essai</span></h1>');
    expect(rows(r.html)).toEqual({
      'Nom de naissance (officiel)': '<strong>ESSAI Camille</strong> · prénoms de naissance : Camille Louise',
      Sexe: 'féminin <code>female</code>',
      'Date de naissance': '21/07/1984',
      'Lieu de naissance': 'Clermont-Ferrand · <span class="muted">INSEE</span> <code>63113</code>',
      INS: 'INS-NIR de test <code>284076311345649</code> <span class="muted">usage official</span> <span class="badge ins-test">test</span>',
      'Autres identifiants': 'PI : <code>IPP-000421</code> <span class="muted">usage usual</span> <span class="muted">https://patients.hopital-essai.example.fr/ipp</span>',
      "Statut de l&#39;identité": 'identité qualifiée <code>QUAL</code> · validée le 03/02/2025',
      Profil: '<code>https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-patient-ins</code>',
    });
    expect(executableParts(r.html)).toEqual([]);
  });

  it('in English', () => {
    const r = renderPreview(createEngine({ settings: { locale: 'en' } }), data, { text: patientText, path: 'patient.json', shell });
    expect(r.title).toBe('Patient identity (FHIR)');
    const row = rows(r.html);
    expect(row['Birth date']).toBe('1984-07-21');
    expect(row['Identity status']).toBe('qualified identity <code>QUAL</code> · validated on 2025-02-03');
    expect(row.Sex).toBe('female <code>female</code>');
  });

  it('says what is missing, and reads a status given as CodeableConcept', () => {
    const bare = JSON.stringify({
      resourceType: 'Patient',
      extension: [{ url: 'http://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-identity-reliability', extension: [{ url: 'identityStatus', valueCodeableConcept: { coding: [{ code: 'PROV' }] } }] }],
      name: [{ use: 'usual', family: 'DURAND', given: ['Léa'] }],
      identifier: [{ system: 'urn:oid:1.2.250.1.213.1.4.2', value: '1234' }],
    });
    const { body, title } = renderRorBody(bare, [], 'fr', ins);
    expect(title).toBe('Identité du patient (FHIR)');
    expect(body).toContain('<h1>DURAND Léa <span class="muted">Patient</span></h1>');
    const row = rows(body);
    expect(row['Nom de naissance (officiel)']).toBe('<span class="muted">absent</span>');
    expect(row['Autres noms']).toBe('DURAND Léa <span class="muted">(usual)</span>');
    expect(row.Sexe).toBe('<span class="muted">absent</span>');
    expect(row.INS).toBe('INS-C <code>1234</code> <span class="badge ins-obsolete">obsolète (INS-C)</span>');
    expect(row["Statut de l&#39;identité"]).toBe('identité provisoire <code>PROV</code>');
  });

  it('a Patient among ROR resources gets its card; the offer keeps its tree and title', () => {
    const withPatient = applyEditsOnce(bundle, '"entry": [', `"entry": [ { "fullUrl": "urn:uuid:5d0c7f0e-3b1a-4c2e-9f4d-000000000099", "resource": ${patientText} },`);
    const r = renderPreview(engine(), data, { text: withPatient, path: 'offre.json', shell });
    expect(r.title).toBe('Offre de santé (ROR)');
    expect(r.html).toContain('<header class="card patient"');
    expect(outline(r.html)[0]).toBe('Entité juridique: Centre hospitalier des Tilleuls (fictif)');
    expect(r.html).not.toContain('Autres ressources');
  });

  it('a Bundle of Patients and other resources: one card per Patient, the rest listed', () => {
    const second = { ...patient, id: 'p2', name: [{ use: 'official', family: 'MARTIN', given: ['Jean'] }] };
    const text = JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: [{ resource: patient }, { resource: { resourceType: 'Observation', id: 'o1', status: 'final', code: { text: 'poids' } } }, { resource: second }] });
    const { body, title } = renderRorBody(text, [], 'fr', ins);
    expect(title).toBe('Identité du patient (FHIR)');
    expect(body.match(/<header class="card patient"/g)).toHaveLength(2);
    expect(body).toContain('<h1>MARTIN Jean');
    expect(body).toContain('<h2>Autres ressources</h2>');
    expect(outline(body)).toEqual(['Observation: ']);
  });

  it('escapes everything the Patient supplies', () => {
    const x = '<img src=x onerror=alert(1)>';
    const evil = JSON.stringify({
      resourceType: 'Patient',
      id: '"><script>',
      meta: { profile: [`javascript:${x}`] },
      extension: [
        { url: 'https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-identity-reliability', extension: [{ url: 'identityStatus', valueCoding: { code: x, display: x } }, { url: 'validationDate', valueDate: x }] },
        { url: 'http://hl7.org/fhir/StructureDefinition/patient-birthPlace', valueAddress: { city: x, extension: [{ url: 'https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-address-insee-code', valueCoding: { code: x } }] } },
      ],
      identifier: [{ system: 'urn:oid:1.2.250.1.213.1.4.8', value: '<script>alert(1)</script>', use: x }, { system: x, value: x, type: { text: x } }],
      name: [{ use: 'official', family: x, given: [x], extension: [{ url: 'https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-patient-birth-list-given-name', valueString: x }] }, { use: x, text: x }],
      gender: x,
      birthDate: x,
      generalPractitioner: [{ display: x, reference: x, identifier: { system: x, value: x } }],
    });
    const { body } = renderRorBody(evil, [], 'fr', ins);
    expect(executableParts(body)).toEqual([]);
    expect(body).not.toContain('<script');
    expect(body).not.toContain('<img');
    expect(body).toContain('<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>');
    expect(body).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('never throws on identifier values of the wrong JSON type', () => {
    for (const v of [{}, [{}], { url: 5 }, null]) {
      const p = JSON.stringify({ resourceType: 'Patient', identifier: [{ system: 'urn:oid:1.2.250.1.213.1.4.8', value: v }, { system: 'x', value: v }], generalPractitioner: [{ identifier: { value: v } }] });
      expect(() => renderRorBody(p, [], 'fr', ins), JSON.stringify(v)).not.toThrow();
    }
  });
});

describe('service-sheet preview', () => {
  const sheet = readRepoFile('samples/service-sheets/1.1-referentiel-ressources-acteurs.yaml');

  it('lays the fiche out like the SDRSIS identity table', () => {
    const { body, title, ok } = renderSheetBody(sheet, [], 'fr', data);
    expect(ok).toBe(true);
    expect(title).toBe('1.1 Le référentiel des ressources et des acteurs');
    const rows = [...body.matchAll(/<th[^>]*>([^<]+)<\/th>/g)].map((m) => m[1]);
    expect(rows).toEqual([
      'Axe stratégique du PRS2',
      'Articulation avec la stratégie nationale de santé 2018-2022',
      'Articulation avec la stratégie nationale e-santé 2020',
      'Domaines',
      'Statut',
      'Description du service numérique',
      'Cadre réglementaire',
      'Bénéficiaires concernés',
      'Indicateurs',
      'Services socles',
    ]);
    expect(body).toContain('<li class="on">☑ Production de soins</li>');
    expect(body).toContain('<li class="off">☐ Connaissance et analyse de l&#39;information</li>');
    expect(body).toContain('<span class="status status-en_cours">En cours</span>');
  });

  it('shows several sheets of one stream, security facts, and only http(s) links', () => {
    const two = `${sheet}\n---\nfiche: "9.9"\ntitre: "<script>alert(1)</script>"\nurl: "javascript:alert(1)"\nsecurite:\n  hebergeur: { nom: Hébergeur, certifie_hds: true }\n  flux:\n    - { nom: API, url: "https://api.example.fr/fhir" }\n`;
    const { body } = renderSheetBody(two, [], 'fr', data);
    expect(body.match(/<article class="fiche"/g)).toHaveLength(2);
    expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(body).toContain('<code>javascript:alert(1)</code>');
    expect(body).toContain('Hébergeur : Hébergeur (certifié HDS)');
    expect(body).toContain('<a href="https://api.example.fr/fhir" rel="noreferrer noopener">https://api.example.fr/fhir</a>');
    expect(executableParts(body)).toEqual([]);
  });
});

describe('standalone pages in a webview', () => {
  it('replaces the page CSP by the webview one, allowing only the page own style blocks by hash', () => {
    const css = 'body{color:red}';
    const page = `<!DOCTYPE html><html><head>\n<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">\n<style>${css}</style></head><body></body></html>`;
    const adopted = adoptStandalonePage(page, { cspSource: 'https://host' });
    const csps = startTags(adopted).filter((t) => t.attrs['http-equiv'] === 'Content-Security-Policy');
    expect(csps).toHaveLength(1);
    const hash = createHash('sha256').update(css).digest('base64');
    expect(csps[0].attrs.content).toBe(`default-src &#39;none&#39;; img-src https://host data:; style-src https://host &#39;sha256-${hash}&#39;; font-src https://host`);
    expect(adopted).not.toContain('unsafe-inline');
  });
});
