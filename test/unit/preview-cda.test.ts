import { describe, expect, it } from 'vitest';
import { nodeDataSource } from '../../server/src/engine/data';
import { nonXmlAttachment, renderPreview, type Shell } from '../../server/src/preview';
import { applyEdits, engine, readRepoFile } from '../helpers';
import { executableParts, startTags } from './preview-html';

const shell: Shell = { cspSource: 'https://host', styleUri: 'https://host/media/preview.css', scriptUri: 'https://host/media/preview.js', nonce: 'n0nce' };
const data = nodeDataSource();
const preview = (text: string, path = 'doc.xml') => renderPreview(engine(), data, { text, path, shell });

describe('CDA preview', () => {
  const ldl = readRepoFile('samples/cda/LDL-SES_2022.01.xml');

  it('shows the header card: document type from the NOS, volet, patient with INS and its status, author, custodian, legal authenticator, dates, confidentiality', () => {
    const r = preview(ldl);
    expect(r.family).toBe('cda');
    expect(r.ok).toBe(true);
    const card = r.html.slice(r.html.indexOf('<header'), r.html.indexOf('</header>'));
    expect(card).toContain('<code>11490-0</code>');
    expect(card).toContain('LDL-SES');
    expect(card).toContain('Lucas BERNARD');
    expect(card).toContain('INS-NIR de test <code>184057511304260</code> <span class="badge ins-test">test</span>');
    expect(card).toContain('IPP-004871');
    expect(card).toContain('Claire FONTAINE');
    expect(card).toContain('Centre hospitalier des Tilleuls');
    expect(card).toContain('signé le 20/11/2026 17:15 (UTC+01:00)');
    expect(card).toContain('du 14/11/2026 09:30 (UTC+01:00) au 20/11/2026 16:00 (UTC+01:00)');
    expect(card).toContain('Normal <code>N</code>');
  });

  it('shows each section title and narrative, in order, with source offsets for click-to-reveal', () => {
    const r = preview(ldl);
    const titles = [...r.html.matchAll(/<h2 class="section-title"[^>]*>([^<]*)/g)].map((m) => m[1].trim());
    expect(titles).toEqual(['Statut du document', 'Motif de l&#39;hospitalisation', 'Synthèse médicale du séjour', 'Traitements à la sortie', 'Suites à donner']);
    const section = /<section class="cda-section depth-0" data-start="(\d+)" data-end="(\d+)">/.exec(r.html)!;
    expect(ldl.slice(Number(section[1]), Number(section[1]) + 8)).toBe('<section');
    expect(ldl.slice(Number(section[2]) - 10, Number(section[2]))).toBe('</section>');
    expect(r.html).toContain('<td id="cda-sortie-1"');
  });

  it('lists the findings at the top with their positions', () => {
    const broken = applyEdits(ldl, [['<languageCode code="fr-FR"/>', '<languageCode code="fr-FR"/><languageCode code="en-GB"/>']]);
    const r = preview(broken);
    const findings = r.html.slice(r.html.indexOf('<details class="findings"'), r.html.indexOf('</details>'));
    expect(findings).toMatch(/<a href="#" class="goto" data-line="\d+" data-character="\d+">ligne \d+<\/a>/);
    expect(r.html.indexOf('<details class="findings"')).toBeLessThan(r.html.indexOf('<main>'));
  });

  it('says when the document is not well-formed and marks the rendering as not usable', () => {
    const r = preview(ldl.replace('</ClinicalDocument>', ''));
    expect(r.ok).toBe(false);
    expect(r.html).toContain('XML-SYNTAX');
    expect(r.html).toContain("n&#39;est pas bien formé");
  });

  it('the page has the strict CSP: nothing by default, our stylesheet, data: images, our nonce script only', () => {
    const csp = startTags(preview(ldl).html).find((t) => t.attrs['http-equiv'] === 'Content-Security-Policy')!.attrs.content;
    expect(csp).toBe("default-src &#39;none&#39;; img-src https://host data:; style-src https://host; font-src https://host; script-src &#39;nonce-n0nce&#39;");
  });

  describe('the hostile fixture', () => {
    const hostile = readRepoFile('test/fixtures/cda/hostile.xml');
    const r = preview(hostile);

    it('renders, with no script, handler, script URL, inline style or non-image data URI left', () => {
      expect(r.ok).toBe(true);
      expect(executableParts(r.html)).toEqual([]);
      // Those words survive only as text (link labels, findings), never inside a tag.
      for (const tag of startTags(r.html)) expect(tag.raw).not.toMatch(/javascript:|vbscript:|data:text|onerror|onload|onclick|onmouseover/i);
      expect(r.html).not.toMatch(/<script(?![^>]*nonce="n0nce")/);
    });

    it('keeps the legitimate parts: texts, the https link and the PNG', () => {
      expect(r.html).toContain('Avant le script. Après le script.');
      expect(r.html).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt; dans une section CDATA');
      expect(r.html).toContain('<a href="https://esante.gouv.fr/" rel="noreferrer noopener">Lien https légitime</a>');
      const imgs = startTags(r.html).filter((t) => t.name === 'img');
      expect(imgs.map((i) => i.attrs.src.slice(0, 22))).toEqual(['data:image/png;base64,']);
      expect(r.html.match(/class="link-refused"/g)).toHaveLength(4);
    });

    it('escapes the header strings that carry markup', () => {
      expect(r.html).toContain('Camille&lt;script&gt;window.__pwned=1&lt;/script&gt; ESSAI');
      expect(r.html).toContain('<title>Compte rendu &lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt; piégé</title>');
    });
  });

  describe('unstructured documents', () => {
    const base = readRepoFile('test/fixtures/cda/base-unstructured.xml');

    it('shows an embedded text/plain body as text', () => {
      const r = preview(base);
      expect(r.html).toContain('<pre class="plain">Compte rendu de biologie fictif</pre>');
      expect(r.html).not.toContain('data-action="openExternal"');
    });

    it('offers to open a PDF outside VS Code and never embeds it', () => {
      const pdf = Buffer.from('%PDF-1.4\n%fictif\n').toString('base64');
      const text = base.replace(/<text mediaType="text\/plain" representation="B64">[^<]*<\/text>/, `<text mediaType="application/pdf" representation="B64">${pdf}</text>`);
      const r = preview(text);
      expect(r.html).toContain('<button type="button" class="action" data-action="openExternal">Ouvrir en dehors de VS Code</button>');
      expect(r.html).not.toContain(pdf);
      expect(nonXmlAttachment(text)).toEqual({ mediaType: 'application/pdf', base64: pdf });
    });

    it('shows a referenced body as an address, never fetched', () => {
      const text = base.replace(/<text mediaType="text\/plain" representation="B64">[^<]*<\/text>/, '<text mediaType="application/pdf"><reference value="https://example.org/cr.pdf"/></text>');
      const r = preview(text);
      expect(r.html).toContain('<code>https://example.org/cr.pdf</code>');
      expect(startTags(r.html).some((t) => Object.values(t.attrs).some((v) => v.includes('example.org')))).toBe(false);
      expect(nonXmlAttachment(text)).toBeUndefined();
    });
  });

  it('renders in English when the engine speaks English', () => {
    const en = engine();
    en.configure({ locale: 'en' });
    try {
      const r = renderPreview(en, data, { text: ldl, shell });
      expect(r.html).toContain('<dt>Document type</dt>');
      expect(r.html).toContain('signed on 2026-11-20 17:15 (UTC+01:00)');
    } finally {
      en.configure({ locale: 'fr' });
    }
  });
});
