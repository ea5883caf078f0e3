import { describe, expect, it } from 'vitest';
import { parseXml } from '../../server/src/xml/parse';
import { applyEdits, coveredText, engine, readRepoFile } from '../helpers';

const base = readRepoFile('test/fixtures/cda/base-unstructured.xml');
const rules = (text: string) => engine().validate(text).diagnostics.map((d) => d.rule);

describe('bad XML input: a clear finding at the right place, never a crash', () => {
  it('unclosed tag: reported where the parser notices, naming the element', () => {
    const text = applyEdits(base, [['<title>Compte rendu de biologie</title>', '<title>Compte rendu de biologie']]);
    const [d] = engine().validate(text).diagnostics;
    expect(d.rule).toBe('XML-SYNTAX');
    expect(d.message).toContain("'title'");
    expect(text.split('\n')[d.range.start.line]).toContain('</ClinicalDocument>');
  });

  it('bad attribute syntax points at its line and column', () => {
    const text = applyEdits(base, [['<languageCode code="fr-FR"/>', '<languageCode code=fr-FR/>']]);
    const [d] = engine().validate(text).diagnostics;
    expect(d.rule).toBe('XML-SYNTAX');
    expect(text.split('\n')[d.range.start.line]).toContain('<languageCode');
  });

  it('a UTF-8 BOM is accepted and positions stay exact', () => {
    const text = '\ufeff' + applyEdits(base, [['<title>Compte rendu de biologie</title>', '<title>Compte&bogus;</title>']]);
    const d = engine().validate(text).diagnostics.find((x) => x.rule === 'XML-ENTITY')!;
    expect(coveredText(text, d)).toBe('&bogus;');
  });

  it('UTF-16 with a BOM is decoded from bytes', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(base.replace('UTF-8', 'UTF-16'), 'utf16le')]);
    const result = engine().validateBytes(bytes);
    expect(result.family).toBe('cda');
    expect(result.diagnostics.filter((d) => d.rule.startsWith('XML-') || d.rule === 'FILE-ENCODING')).toEqual([]);
  });

  it('NUL bytes: one finding at the first NUL, no parse', () => {
    const text = base.replace('<title>', '<title>\u0000');
    const ds = engine().validate(text).diagnostics;
    expect(ds.map((d) => d.rule)).toEqual(['XML-NUL']);
    expect(text.split('\n')[ds[0].range.start.line]).toContain('<title>');
  });

  it('XXE: an external entity is refused before parsing, nothing is read', () => {
    const text = base.replace('<ClinicalDocument', '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<ClinicalDocument').replace('<title>Compte rendu de biologie', '<title>&xxe;');
    const ds = engine().validate(text).diagnostics;
    expect(ds.map((d) => d.rule)).toEqual(['XML-DOCTYPE']);
    expect(JSON.stringify(ds)).not.toContain('root:');
  });

  it('billion laughs: refused at once, memory untouched', () => {
    const lol = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`)].join('');
    const text = `<?xml version="1.0"?><!DOCTYPE lolz [${lol}]><ClinicalDocument xmlns="urn:hl7-org:v3"><title>&lol9;</title></ClinicalDocument>`;
    const before = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    expect(rules(text)).toEqual(['XML-DOCTYPE']);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(50_000_000);
  });

  it('an ENTITY declaration without DOCTYPE (numeric reference flood) is still bounded', () => {
    const text = `<ClinicalDocument xmlns="urn:hl7-org:v3"><title>${'&#65;'.repeat(200_000)}</title></ClinicalDocument>`;
    const doc = parseXml(text);
    expect(doc.problems).toEqual([]);
    expect(doc.root?.children[0].content[0]).toMatchObject({ kind: 'text' });
  });

  it('100,000 levels of nesting: a finding, no stack overflow', () => {
    const text = '<ClinicalDocument xmlns="urn:hl7-org:v3">' + '<component>'.repeat(100_000) + '</component>'.repeat(100_000) + '</ClinicalDocument>';
    expect(rules(text)).toEqual(['XML-TOO-DEEP']);
  });

  it('a 40 MB document carrying a base64 PDF validates without blowing up', () => {
    const pdf = 'JVBERi0xLjQK' + 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo'.repeat(1_150_000);
    const text = applyEdits(base, [['Q29tcHRlIHJlbmR1IGRlIGJpb2xvZ2llIGZpY3RpZg==', pdf], ['mediaType="text/plain"', 'mediaType="application/pdf"']]);
    expect(text.length).toBeGreaterThan(40_000_000);
    const t0 = performance.now();
    const result = engine().validate(text);
    expect(performance.now() - t0).toBeLessThan(20_000);
    expect(result.diagnostics.filter((d) => d.rule.startsWith('XML-'))).toEqual([]);
  });

  it('text that is not XML at all is not claimed by the CDA family', () => {
    expect(engine().validate('{"resourceType":"Patient"}').family).toBe('unknown');
    expect(engine().validate('').family).toBe('unknown');
  });

  it('the auto-présentable wrapper is recognised and its CDA is checked', () => {
    const wrapped = `<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:data="urn:asip-sante:ci-sis">
  <data:Contenu>
${base.replace('<?xml version="1.0" encoding="UTF-8"?>\n', '').replace('<realmCode code="FR"/>', '<realmCode code="FR"/><title>')}
  </data:Contenu>
</xsl:stylesheet>`;
    const result = engine().validate(wrapped);
    expect(result.family).toBe('cda');
    expect(result.diagnostics.map((d) => d.rule)).toContain('XML-SYNTAX');
  });
});
