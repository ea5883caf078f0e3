/// <reference types="mocha" />
/**
 * What a person sees, in a French VS Code with the packaged extension installed: the squiggle, the Problems panel,
 * a hover, the CDA preview, and a hostile CDA whose scripts must never run. Screenshots go to test-results/e2e/.
 */
import * as assert from 'node:assert';
import type { Page } from 'playwright-core';
import { mouseOver, openWorkbench, quickOpen, runCommand, SEL, shot, webviewFrameWith } from './driver';

// The few DOM names the page-side callbacks use (the project compiles without the DOM library).
interface MiniElement {
  tagName: string;
  textContent: string | null;
  attributes: ArrayLike<{ name: string }>;
  getAttribute(name: string): string | null;
}
declare const document: {
  querySelector(s: string): MiniElement | null;
  querySelectorAll(s: string): ArrayLike<MiniElement>;
  scripts: ArrayLike<{ src: string; textContent: string | null }>;
  images: ArrayLike<{ src: string }>;
};
declare const window: { __pwned?: unknown };

describe('Interop Santé in VS Code (French UI)', function () {
  this.timeout(90_000);
  let page: Page;

  before(async () => {
    page = await openWorkbench();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await shot(page, `failed-${this.currentTest.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`);
  });

  it('shows the squiggle of an invalid CDA document', async () => {
    await quickOpen(page, 'LDL-SES_2022.01_erreurs.xml');
    await page.waitForSelector(SEL.squiggleError, { timeout: 60_000 });
    await shot(page, '01-squiggles');
  });

  it('lists the findings in French in the Problems panel, with rule codes', async () => {
    await page.keyboard.press('Control+Shift+M');
    await page.locator(SEL.markersRow, { hasText: 'CDA-HDR-LANGUAGE' }).first().waitFor();
    const rows = await page.locator(SEL.markersRow).allInnerTexts();
    const text = rows.join('\n');
    assert.match(text, /languageCode\/@code doit suivre la forme langue-PAYS/);
    assert.match(text, /interop-sante/);
    assert.match(text, /CDA-VOL-SECTION-MISSING/);
    assert.match(await page.locator('.panel .composite-title, .panel .title-label').first().innerText(), /PROBLÈMES|Problèmes/i);
    await shot(page, '02-problems-fr');
  });

  it('shows the finding in a hover over the squiggle', async () => {
    await page.keyboard.press('Control+Shift+M'); // closes the panel again
    await page.keyboard.press('Control+Home');
    await page.locator(`${SEL.squiggleError}`).first().scrollIntoViewIfNeeded();
    await mouseOver(page, SEL.squiggleError);
    const hover = page.locator(SEL.hover, { hasText: 'interop-sante' }).first();
    await hover.waitFor({ timeout: 15_000 });
    assert.match(await hover.innerText(), /Cardinalité|attendu/);
    await shot(page, '03-hover');
    await page.mouse.move(5, 5);
  });

  it('previews a CDA document: header card, findings and sections; a click on a section reveals its source', async () => {
    await quickOpen(page, 'LDL-SES_2022.01.xml');
    await runCommand(page, 'Interop Santé: Aperçu');
    const frame = await webviewFrameWith(page, 'header.card');
    const card = await frame.locator('header.card').innerText();
    assert.match(card, /Type de document/);
    assert.match(card, /Patient/);
    assert.match(card, /INS/);
    const titles = await frame.locator('.section-title').allInnerTexts();
    assert.ok(titles.length >= 2, titles.join(' | '));
    await shot(page, '04-cda-preview');
    const before = await page.locator(SEL.selectionStatus).innerText();
    await frame.locator('.section-title').nth(1).click();
    await page.waitForFunction(([sel, prev]) => document.querySelector(sel)?.textContent !== prev, [SEL.selectionStatus, before] as const, { timeout: 10_000 });
    assert.match(await page.locator(SEL.selectionStatus).innerText(), /Ln \d+/);
    await shot(page, '04b-cda-preview-reveal');
    // A finding listed at the top of the preview leads to its position.
    await frame.locator('details.findings summary').click();
    const goto = frame.locator('a.goto').last();
    const line = Number(await goto.getAttribute('data-line')) + 1;
    await goto.click();
    await page.locator(SEL.selectionStatus, { hasText: `Ln ${line},` }).waitFor({ timeout: 10_000 });
  });

  it('previews the hostile CDA: nothing of the document runs', async () => {
    await quickOpen(page, 'hostile.xml');
    await runCommand(page, 'Interop Santé: Aperçu');
    const frame = await webviewFrameWith(page, 'text=Lien https légitime');
    // Give anything that could run a chance to: images load, hovering, clicking the refused links.
    await frame.locator('img').first().waitFor();
    for (const label of ['Lien javascript:', 'Lien data:text/html', 'Contenu avec onmouseover', 'Image XHTML avec onerror', 'Cellule avec onclick']) {
      await frame.getByText(label).first().hover();
      await frame.getByText(label).first().click();
    }
    await page.waitForTimeout(1000);
    const state = await frame.evaluate(() => {
      const handlers = Array.from(document.querySelectorAll('*')).flatMap((el) =>
        Array.from(el.attributes)
          .filter((a) => /^on/i.test(a.name))
          .map((a) => `${el.tagName}.${a.name}`),
      );
      return {
        pwned: window.__pwned,
        // VS Code injects its own inline script (the acquireVsCodeApi shim) ahead of the page's CSP.
        scripts: Array.from(document.scripts).map((s) => (s.src ? s.src : /acquireVsCodeApi/.test(s.textContent ?? '') ? 'vscode-api-shim' : `inline: ${s.textContent}`)),
        handlers,
        hrefs: Array.from(document.querySelectorAll('a[href]')).map((a) => a.getAttribute('href')),
        images: Array.from(document.images).map((i) => i.src.slice(0, 22)),
        svg: document.querySelectorAll('svg, iframe, object, embed').length,
      };
    });
    assert.strictEqual(state.pwned, undefined, 'window.__pwned was set: document script ran');
    const ours = state.scripts.filter((src) => src !== 'vscode-api-shim');
    assert.strictEqual(ours.length, 1, state.scripts.join(', '));
    assert.match(ours[0], /\/media\/preview\.js$/);
    assert.deepStrictEqual(state.handlers, []);
    assert.ok(state.hrefs.every((h) => h === '#' || /^https?:\/\//.test(h ?? '') || /^#fn-\d+$/.test(h ?? '')), state.hrefs.join(', '));
    assert.deepStrictEqual(state.images, ['data:image/png;base64,']);
    assert.strictEqual(state.svg, 0);
    // The workbench itself was not touched either.
    assert.strictEqual(await page.evaluate(() => window.__pwned), undefined);
    for (const f of page.frames()) assert.strictEqual(await f.evaluate(() => window.__pwned).catch(() => undefined), undefined);
    await frame.locator('h2', { hasText: 'Liens et images' }).scrollIntoViewIfNeeded();
    await shot(page, '05-hostile-preview');
  });

  it('generates the conformity report and shows it', async () => {
    await runCommand(page, 'View: Close All Editors');
    await runCommand(page, 'Interop Santé: Générer le rapport de conformité');
    const frame = await webviewFrameWith(page, 'text=Rapport de conformité Interop Santé');
    assert.match(await frame.locator('body').innerText(), /Constats par fichier/);
    await shot(page, '06-report');
  });

  it('shows the portfolio of the service sheets', async () => {
    await runCommand(page, 'View: Close All Editors');
    await quickOpen(page, '1.1-referentiel-ressources-acteurs.yaml');
    await runCommand(page, 'Interop Santé: Afficher le portefeuille de services');
    const frame = await webviewFrameWith(page, 'text=Portefeuille des services numériques');
    assert.match(await frame.locator('body').innerText(), /Tableau de synthèse/);
    await shot(page, '07-portfolio');
  });

  it('previews a service sheet as the SDRSIS table', async () => {
    await quickOpen(page, '1.1-referentiel-ressources-acteurs.yaml');
    await runCommand(page, 'Interop Santé: Aperçu');
    const frame = await webviewFrameWith(page, 'table.fiche-table');
    assert.match(await frame.locator('table.fiche-table caption').innerText(), /1\.1/);
    await shot(page, '08-sheet-preview');
  });
});
