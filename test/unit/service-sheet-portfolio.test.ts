import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../server/src/cli';
import { createEngine } from '../../server/src/engine';
import { checkPortfolio } from '../../server/src/service-sheet/portfolio-check';
import { renderPortfolio } from '../../server/src/service-sheet/portfolio';
import type { SheetInput } from '../../server/src/service-sheet/sheets';
import { applyEdits, coveredText, engine, readRepoFile, repoRoot } from '../helpers';

const DIR = 'samples/service-sheets';
const samples: SheetInput[] = readdirSync(join(repoRoot, DIR))
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => ({ path: `${DIR}/${f}`, text: readRepoFile(`${DIR}/${f}`) }));
const base = readRepoFile('test/fixtures/service-sheet/base.yaml');

describe('checkPortfolio', () => {
  it('finds nothing in the 16 SDRSIS sheets', () => {
    expect(checkPortfolio(samples, engine())).toEqual([]);
  });

  it('reports an id used in two files, in each file, naming the other one and its line', () => {
    const copy = { path: 'lot/copie-1.1.yaml', text: `# copie\n${samples[0].text}` };
    const result = checkPortfolio([...samples, copy, { path: 'lot/notes.yaml', text: 'name: x\n' }], engine());
    expect(result.map((r) => r.path)).toEqual([samples[0].path, copy.path]);
    const [original, duplicate] = result;
    expect(original.findings).toHaveLength(1);
    expect(original.findings[0]).toMatchObject({ rule: 'FICHE-ID-DUPLICATE', severity: 'error' });
    expect(original.findings[0].message).toBe(
      'Identifiant de fiche « 1.1 » en double : il est déjà celui de lot/copie-1.1.yaml (ligne 3). Un identifiant est unique dans un portefeuille.',
    );
    expect(coveredText(copy.text, duplicate.findings[0])).toBe('"1.1"');
    expect(duplicate.findings[0].message).toContain(`${samples[0].path} (ligne 2)`);
  });

  it('leaves duplicates inside one file to single-file validation', () => {
    const stream = `${base}---\n${base}`;
    expect(checkPortfolio([{ path: 'a.yaml', text: stream }], engine())).toEqual([]);
    expect(engine().validate(stream).diagnostics.map((d) => d.rule)).toEqual(['FICHE-ID-DUPLICATE']);
  });

  it('names at most three other files', () => {
    const files = Array.from({ length: 5 }, (_, i) => ({ path: `f${i}.yaml`, text: base }));
    const [first] = checkPortfolio(files, engine());
    expect(first.findings[0].data?.other).toBe('f1.yaml (ligne 2), f2.yaml (ligne 2), f3.yaml (ligne 2), …');
  });

  it('follows the settings: English, and "off" silences the rule', () => {
    const pair = [
      { path: 'a.yaml', text: base },
      { path: 'b.yaml', text: base },
    ];
    const en = checkPortfolio(pair, createEngine({ settings: { locale: 'en' } }));
    expect(en[0].findings[0].message).toContain('it is already the id of b.yaml (line 2)');
    expect(checkPortfolio(pair, createEngine({ settings: { rules: { 'FICHE-ID-DUPLICATE': 'off' } } }))).toEqual([]);
  });

  it('ignores files that are not sheets or cannot be read', () => {
    const bomb = `fiche: "1.1"\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [${Array(10).fill('*a').join(', ')}]\nc: [${Array(10).fill('*b').join(', ')}]\n`;
    expect(checkPortfolio([{ path: 'a.yaml', text: base }, { path: 'b.xml', text: '<fiche>1.1</fiche>' }, { path: 'c.yaml', text: bomb }], engine())).toEqual([]);
  });
});

describe('renderPortfolio', () => {
  const html = renderPortfolio(samples, 'fr');

  it('is one self-contained page: CSP, inline style, no script, no external asset', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|\bhref=|@import|url\(/i);
  });

  it('is deterministic without a date', () => {
    expect(renderPortfolio(samples, 'fr')).toBe(html);
    expect(renderPortfolio(samples, 'fr', { generatedAt: new Date('2018-01-31T00:00:00Z') })).toContain('Généré le 2018-01-31T00:00:00.000Z');
  });

  it('shows the status counts of the SDRSIS (5 in progress, 11 not started)', () => {
    expect(html).toContain('<div class="card"><div class="n">11</div>Non démarré</div>');
    expect(html).toContain('<div class="card"><div class="n">5</div>En cours</div>');
    expect(html).toContain('<div class="card"><div class="n">0</div>Déployé</div>');
    expect(html).not.toContain('Statut absent ou inconnu');
  });

  it('has the synthesis matrix: 4 domains, 7 actors, 5 axes, one row per service with its ticks', () => {
    const table = html.slice(html.indexOf('Tableau de synthèse des services numériques'), html.indexOf('Services par axe stratégique'));
    expect(table.match(/<th class="rot"/g)).toHaveLength(11);
    expect(table.match(/<th class="axis"/g)).toHaveLength(5);
    expect(table.match(/<th scope="row">/g)).toHaveLength(16);
    const row16 = table.split('\n').find((l) => l.includes('<span class="id">1.6</span>'))!;
    expect(row16.match(/class="tick"/g)).toHaveLength(2);
    expect(row16).toContain('title="Production de soins"');
    expect(row16).toContain('title="Etablissements sanitaires"');
  });

  it('lists the services per axis and the socle services they rely on', () => {
    expect(html).toContain('Axe 2 - Développer la télémédecine');
    expect(html).toMatch(/Axe 1 - [^<]*<span class="muted">\(6\)<\/span>/);
    expect(html).toMatch(/Télémédecine <code>telemedecine<\/code><\/th><td class="num">4<\/td>/);
    expect(html).toMatch(/Aucun service socle déclaré<\/th><td class="num">7<\/td>/);
  });

  it('escapes everything that comes from a sheet or a path', () => {
    const evil = applyEdits(base, [['titre: Le référentiel des ressources et des acteurs', 'titre: "<script>alert(\'x\')</script> & <img src=x onerror=alert(1)>"']]);
    const page = renderPortfolio([{ path: 'lot/<b>évil".yaml', text: evil }, { path: 'lot/"><script>.yaml', text: 'rien' }], 'fr');
    expect(page).not.toMatch(/<script|<img|<b>/i);
    expect(page).toContain('&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('<code>lot/&quot;&gt;&lt;script&gt;.yaml</code>');
  });

  it('lists the files it left out and speaks English', () => {
    const page = renderPortfolio([...samples.slice(0, 2), { path: 'notes.yaml', text: 'name: x\n' }], 'en');
    expect(page).toContain('<h1>Digital services portfolio</h1>');
    expect(page).toContain('Summary table of the digital services');
    expect(page).toContain('Care delivery');
    expect(page).toContain('<code>notes.yaml</code>');
    expect(renderPortfolio([], 'en')).toContain('No service sheet in this folder.');
  });

  it('puts sheets without a valid axis or status in their own group', () => {
    const odd = applyEdits(base, [['axe: 1', 'axe: 9'], ['statut: en_cours', 'statut: planifie']]);
    const page = renderPortfolio([{ path: 'odd.yaml', text: odd }], 'fr');
    expect(page).toContain('Sans axe valide');
    expect(page).toContain('<div class="card"><div class="n">1</div>Statut absent ou inconnu</div>');
  });
});

describe('interop-sante portfolio', () => {
  function run(args: string[], cwd: string) {
    let out = '';
    let err = '';
    const prev = process.cwd();
    process.chdir(cwd);
    try {
      return { code: main(args, (t) => (out += t), (t) => (err += t)), out, err };
    } finally {
      process.chdir(prev);
    }
  }

  it('writes the page for a folder of sheets, other files ignored', () => {
    const dir = mkdtempSync(join(tmpdir(), 'interop-portfolio-'));
    mkdirSync(join(dir, 'fiches', 'sous-dossier'), { recursive: true });
    for (const s of samples.slice(0, 3)) writeFileSync(join(dir, 'fiches', s.path.split('/').pop()!), s.text);
    writeFileSync(join(dir, 'fiches', 'sous-dossier', 'autre.yaml'), samples[5].text);
    writeFileSync(join(dir, 'fiches', 'notes.txt'), 'fiche: "9.9"');
    writeFileSync(join(dir, 'fiches', 'ci.yml'), 'name: ci\n');
    const r = run(['portfolio', 'fiches', '--out', 'sortie/portefeuille.html', '--lang', 'fr'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toBe('Portefeuille écrit dans sortie/portefeuille.html\n');
    const page = readFileSync(join(dir, 'sortie', 'portefeuille.html'), 'utf8');
    expect(page.match(/<th scope="row"><span class="id">/g)).toHaveLength(4);
    expect(page).toContain('<span class="id">1.6</span>');
    expect(page).toContain('<code>fiches/ci.yml</code>');
    // The sheet of notes.txt would show as its id; the page's generation time may well contain "9.9".
    expect(page).not.toContain('<span class="id">9.9</span>');
  });

  it('needs a folder and --out', () => {
    const dir = mkdtempSync(join(tmpdir(), 'interop-portfolio-'));
    expect(run(['portfolio', '--out', 'x.html'], dir).code).toBe(2);
    const noOut = run(['portfolio', '.'], dir);
    expect(noOut.code).toBe(2);
    expect(noOut.err).toContain('--out');
    expect(run(['portfolio', 'absent', '--out', 'x.html'], dir).code).toBe(2);
    expect(existsSync(join(dir, 'x.html'))).toBe(false);
  });
});
