import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../server/src/engine/positions';
import { applyEdits, engine, readRepoFile } from '../helpers';

const base = readRepoFile('test/fixtures/cda/base-unstructured.xml');

/** The position just inside the value of the first `needle` occurrence (after its opening quote + `shift`). */
function at(text: string, needle: string, shift = 0) {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`not found: ${needle}`);
  return new LineIndex(text).positionAt(i + needle.length + shift);
}

function applyCompletion(text: string, c: ReturnType<ReturnType<typeof engine>['complete']>[number]): string {
  const idx = new LineIndex(text);
  const edits = [{ range: c.replaceRange!, newText: c.insertText ?? c.label }, ...(c.additionalEdits ?? [])]
    .map((e) => ({ start: idx.offsetAt(e.range.start), end: idx.offsetAt(e.range.end), text: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

describe('CDA completion of bound codes', () => {
  it('offers the codes of the value set bound to the element, with their labels', () => {
    const items = engine().complete(base, at(base, '<administrativeGenderCode code="'));
    expect(items.map((i) => `${i.label} ${i.detail}`)).toEqual(['F Féminin', 'M Masculin', 'UN Inconnu']);
  });

  it('the document type offers the 114 codes of JDV_J07', () => {
    const items = engine().complete(base, at(base, '<code code="', 2));
    expect(items).toHaveLength(114);
    expect(items.find((i) => i.label === '11490-0')?.detail).toMatch(/sortie/i);
  });

  it('choosing a code fills codeSystem and displayName beside it, escaping the label', () => {
    const text = applyEdits(base, [['<code code="G15_10/SM26" codeSystem="1.2.250.1.213.1.1.4.5" displayName="Médecin - Qualifié en Médecine Générale (SM)"/>', '<code code=""/>']]);
    const items = engine().complete(text, at(text, '<assignedAuthor>\n      <id root="1.2.250.1.71.4.2.1" extension="810002909371"/>\n      <code code="'));
    const expert = items.find((i) => i.detail?.includes("'"));
    const target = expert ?? items[0];
    const out = applyCompletion(text, target);
    expect(out).toContain(`<code code="${target.label}" codeSystem="`);
    expect(out).toContain(`displayName="${target.detail!.replace(/'/g, '&apos;')}"`);
    expect(engine().validate(out).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('replaces existing codeSystem and displayName values', () => {
    const items = engine().complete(base, at(base, '<confidentialityCode code="'));
    const out = applyCompletion(base, items.find((i) => i.label === 'R')!);
    expect(out).toContain('<confidentialityCode code="R" codeSystem="2.16.840.1.113883.5.25" displayName="Restreint"/>');
  });

  it('offers nothing outside a bound attribute or in malformed text', () => {
    expect(engine().complete(base, at(base, '<title>'))).toEqual([]);
    expect(engine().complete(base, at(base, '<id root="'))).toEqual([]);
    expect(engine().complete(base.replace('</title>', ''), at(base, '<administrativeGenderCode code="'))).toEqual([]);
  });
});

describe('CDA hover on bound codes', () => {
  it('shows the label, the code system and the value set', () => {
    const h = engine().hover(base, at(base, '<administrativeGenderCode code="'))!;
    expect(h.contents).toContain('**F** — Féminin');
    expect(h.contents).toContain('2.16.840.1.113883.5.1');
    expect(h.contents).toContain('JDV_J143_AdministrativeGender_CISIS');
  });

  it('says when the code is not in the value set', () => {
    const text = base.replace('code="F" codeSystem', 'code="X" codeSystem');
    expect(engine().hover(text, at(text, '<administrativeGenderCode code="'))!.contents).toMatch(/absent du jeu de valeurs/);
  });
});

describe('NOS quick fixes', () => {
  it('the displayName fix writes the NOS label', () => {
    const text = applyEdits(base, [['displayName="Féminin"', 'displayName="Femme"']]);
    const f = engine().validate(text).diagnostics.find((d) => d.rule === 'NOS-DISPLAY-NAME')!;
    expect(f.fixes?.[0].title).toBe('Remplacer par le libellé NOS « Féminin »');
    const idx = new LineIndex(text);
    const e = f.fixes![0].edits[0];
    const fixed = text.slice(0, idx.offsetAt(e.range.start)) + e.newText + text.slice(idx.offsetAt(e.range.end));
    expect(engine().validate(fixed).diagnostics.filter((d) => d.rule.startsWith('NOS-'))).toEqual([]);
  });
});
