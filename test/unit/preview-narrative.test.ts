import { describe, expect, it } from 'vitest';
import { collectMedia, renderNarrative } from '../../server/src/preview/narrative';
import { parseXml } from '../../server/src/xml/parse';
import { descendants, NS } from '../../server/src/xml/tree';
import { executableParts, startTags } from './preview-html';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

/** Renders `narrative` as the content of a section `text`, with optional entries (observation media). */
function render(narrative: string, entries = '', locale: 'fr' | 'en' = 'fr'): string {
  const xml = `<ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:x="http://www.w3.org/1999/xhtml"><component><structuredBody><component><section><text>${narrative}</text>${entries}</section></component></structuredBody></component></ClinicalDocument>`;
  const { root, problems } = parseXml(xml);
  expect(problems).toEqual([]);
  const text = [...descendants(root!)].find((e) => e.local === 'text' && e.ns === NS.hl7)!;
  return renderNarrative(text, { locale, media: collectMedia(root!) });
}

const media = (id: string, type: string, data: string, representation = 'B64') =>
  `<entry><observationMedia ID="${id}"><value mediaType="${type}" representation="${representation}">${data}</value></observationMedia></entry>`;

describe('CDA narrative → HTML, element by element', () => {
  it('paragraph, with its caption inside', () => {
    expect(render('<paragraph ID="p1"><caption>Motif</caption>Douleur</paragraph>')).toMatch(
      /^<p id="cda-p1" data-start="\d+" data-end="\d+"><span class="caption">Motif<\/span> Douleur<\/p>$/,
    );
  });

  it('lists: unordered by default, ordered with listType, styleCode → list style, caption before the list', () => {
    const html = render('<list listType="ordered" styleCode="BigRoman"><caption>Étapes</caption><item>un</item><item><caption>Deux</caption>deux</item></list><list><item>a</item></list>');
    expect(html).toContain('<div class="caption">Étapes</div><ol class="sc-bigroman">');
    expect(html).toMatch(/<li data-start="\d+" data-end="\d+">un<\/li>/);
    expect(html).toMatch(/<li[^>]*><span class="caption">Deux<\/span> deux<\/li>/);
    expect(html).toMatch(/<ul><li[^>]*>a<\/li><\/ul>/);
  });

  it('tables: caption, colgroup/col, thead/tbody/tfoot, th scope, rowspan/colspan, align/valign', () => {
    const html = render(
      '<table border="1" width="100%"><caption>Résultats</caption><colgroup span="2"><col span="1"/></colgroup>' +
        '<thead><tr><th scope="col">Examen</th><th>Valeur</th></tr></thead>' +
        '<tbody><tr><td rowspan="2" align="center" valign="top">Hb</td><td colspan="3">11,8</td></tr></tbody>' +
        '<tfoot><tr><td>pied</td></tr></tfoot></table>',
    );
    expect(html).toContain('<table><caption>Résultats</caption><colgroup span="2"><col span="1"></colgroup>');
    expect(html).toMatch(/<th scope="col"[^>]*>Examen<\/th>/);
    expect(html).toMatch(/<td class="al-center va-top" rowspan="2"[^>]*>Hb<\/td>/);
    expect(html).toMatch(/<td colspan="3"[^>]*>11,8<\/td>/);
    expect(html).toContain('<thead>');
    expect(html).toContain('<tfoot>');
    expect(html).not.toContain('border');
    expect(html).not.toContain('width');
  });

  it('out-of-range spans and unknown scopes are dropped', () => {
    const html = render('<table><tbody><tr><td rowspan="0" colspan="99999" scope="everything">x</td></tr></tbody></table>');
    expect(html).toMatch(/<td data-start="\d+" data-end="\d+">x<\/td>/);
  });

  it('content: styleCode tokens → classes (unknown ones dropped), revised → del/ins, language → lang', () => {
    expect(render('<content styleCode="Bold Italics xUnknown" language="fr-FR">gras</content>')).toBe('<span lang="fr-FR" class="sc-bold sc-italics">gras</span>');
    expect(render('<content revised="delete">ancien</content><content revised="insert">nouveau</content>')).toBe('<del>ancien</del><ins>nouveau</ins>');
    expect(render('<content styleCode="Underline Emphasis Lrule Rrule Toprule Botrule">r</content>')).toBe(
      '<span class="sc-underline sc-emphasis sc-lrule sc-rrule sc-toprule sc-botrule">r</span>',
    );
  });

  it('br, sub and sup', () => {
    expect(render('H<sub>2</sub>O<br/>m<sup>2</sup>')).toBe('H<sub>2</sub>O<br>m<sup>2</sup>');
  });

  it('footnotes are numbered in order and listed after the block; footnoteRef points at them, even forward', () => {
    const html = render('<paragraph>voir<footnoteRef IDREF="n2"/> et<footnote ID="n1">première</footnote> puis<footnote ID="n2">seconde</footnote></paragraph>');
    expect(html).toContain('voir<sup class="fn-ref"><a href="#fn-2">[2]</a></sup>');
    expect(html).toContain('et<sup class="fn-ref"><a href="#fn-1">[1]</a></sup>');
    expect(html).toContain('<ol class="footnotes" aria-label="Notes"><li value="1" id="fn-1">première</li><li value="2" id="fn-2">seconde</li></ol>');
    expect(render('<footnoteRef IDREF="absent"/>')).toContain('[?]');
  });

  it('renderMultiMedia: observationMedia images as data: URIs of image/* only', () => {
    const html = render(
      '<renderMultiMedia referencedObject="ok svg html txt missing"><caption>Radio</caption></renderMultiMedia>',
      media('ok', 'image/png', PNG) + media('svg', 'image/svg+xml', 'PHN2Zz4=') + media('html', 'text/html', 'PHNjcmlwdD4=') + media('txt', 'image/png', PNG, 'TXT'),
    );
    const imgs = startTags(html).filter((t) => t.name === 'img');
    expect(imgs).toHaveLength(1);
    expect(imgs[0].attrs.src).toBe(`data:image/png;base64,${PNG}`);
    expect(html.match(/media-refused/g)).toHaveLength(4);
    expect(html).toContain('<figcaption>Radio</figcaption>');
  });

  it('an image whose payload is not base64 is refused', () => {
    expect(render('<renderMultiMedia referencedObject="bad"/>', media('bad', 'image/png', '"><script>alert(1)</script>'))).not.toContain('<img');
  });

  it('linkHtml: http(s) only, everything else becomes plain text', () => {
    expect(render('<linkHtml href="https://esante.gouv.fr/a?b=1&amp;c=2" title="ANS">ANS</linkHtml>')).toBe(
      '<a href="https://esante.gouv.fr/a?b=1&amp;c=2" rel="noreferrer noopener" title="ANS">ANS</a>',
    );
    expect(render('<linkHtml href="http://example.org">x</linkHtml>')).toContain('href="http://example.org/"');
    for (const href of ['javascript:alert(1)', ' JAVASCRIPT:alert(1)', 'data:text/html;base64,PHNjcmlwdD4=', 'vbscript:x', 'file:///etc/passwd', '//evil.example', 'relative.html', 'https://user:pw@example.org/']) {
      const html = render(`<linkHtml href="${href}">lien</linkHtml>`);
      expect(html, href).not.toContain('<a ');
      expect(html, href).toContain('>lien</span>');
    }
  });

  it('every other element is dropped: script-like ones with their content, others keep their text', () => {
    expect(render('<paragraph>a<script>alert(1)</script>b<style>p{}</style>c</paragraph>')).toMatch(/>abc<\/p>$/);
    expect(render('<unknownElement>texte gardé</unknownElement>')).toBe('texte gardé');
    expect(render('<x:b onclick="alert(1)">xhtml</x:b><x:script>alert(1)</x:script><x:iframe>f</x:iframe>')).toBe('xhtml');
  });

  it('every other attribute is dropped', () => {
    const html = render('<paragraph onclick="alert(1)" style="color:red" class="evil" ID="ok">p</paragraph><content onmouseover="x" href="javascript:x">c</content>');
    expect(html).toMatch(/^<p id="cda-ok" data-start="\d+" data-end="\d+">p<\/p><span>c<\/span>$/);
  });

  it('IDs that are not XML names are not copied', () => {
    expect(render('<paragraph ID="a&quot; onclick=&quot;x">p</paragraph>')).toMatch(/^<p data-start/);
  });

  it('all text is escaped: entities, character references and CDATA come out as text', () => {
    expect(render('&lt;b&gt;x&lt;/b&gt; &amp;amp; &#60;i&#62; <![CDATA[<script>alert(1)</script>]]> "q" \'a\'')).toBe(
      '&lt;b&gt;x&lt;/b&gt; &amp;amp; &lt;i&gt; &lt;script&gt;alert(1)&lt;/script&gt; &quot;q&quot; &#39;a&#39;',
    );
  });

  it('a deeply nested narrative renders without recursion limits', () => {
    const depth = 900;
    const html = render('<content>'.repeat(depth) + 'fond' + '</content>'.repeat(depth));
    expect(html.match(/<span>/g)).toHaveLength(depth);
    expect(executableParts(html)).toEqual([]);
  });
});
