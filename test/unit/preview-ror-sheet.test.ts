import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { nodeDataSource } from '../../server/src/engine/data';
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

  it('shows every identifier with its type and system', () => {
    const { body } = renderRorBody(bundle, [], 'fr');
    expect(body).toContain('Identifiant national de structure : <code>1750099990</code> <span class="muted">urn:oid:1.2.250.1.71.4.2.2</span>');
    expect(body).toContain('FINESS : <code>750099992</code>');
    expect(body).toContain('IdNat_PS : <code>810009999990</code>');
    expect(body).toContain('Identifiant du lieu : <code>LIEU-0004</code>');
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
