import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CdaContext } from '../../server/src/cda/context';
import { checkHeader } from '../../server/src/cda/rules/header';
import { headerChecks } from '../../server/src/cda/rules/header-checks';
import type { ChildSpec, ElementSpec, HeaderModel } from '../../server/src/cda/rules/header-model';
import { createEngine, type Finding } from '../../server/src/engine';
import { nodeDataSource, type DataSource } from '../../server/src/engine/data';
import { LineIndex } from '../../server/src/engine/positions';
import { Reporter } from '../../server/src/engine/reporter';
import { defaultSettings } from '../../server/src/engine/types';
import { parseXml } from '../../server/src/xml/parse';
import { applyEdits, engine, readRepoFile, repoRoot } from '../helpers';

const BASE = 'test/fixtures/cda/header/base-valid.xml';
const FULL = 'test/fixtures/cda/header/full-header.xml';
const samples = join(repoRoot, '..', 'shared', 'corpus', 'cda', 'TestContenuCDA-3-0');

const header = (fs: Finding[]) => fs.filter((f) => f.rule.startsWith('CDA-HDR-'));
const errors = (fs: Finding[]) => header(fs).filter((f) => f.severity === 'error');
const headerOf = (text: string) => header(engine().validate(text).diagnostics);

describe('CI-SIS header model (schemas/cda/header.json)', () => {
  const model = JSON.parse(readRepoFile('schemas/cda/header.json')) as HeaderModel;
  const table = JSON.parse(readRepoFile('schemas/rules/cda-header.json')) as { rules: { id: string }[] };
  const ids = new Set(table.rules.map((r) => r.id));
  const specs: ElementSpec[] = [model.document, ...Object.values(model.types), ...Object.values(model.specs)];
  for (let i = 0; i < specs.length; i++) for (const c of specs[i].children ?? []) specs.push(c);

  it('references only existing types, specs, value sets, checks and rules', () => {
    for (const s of specs) {
      if (s.type) expect(model.types, s.type).toHaveProperty([s.type]);
      if (s.spec) expect(model.specs, s.spec).toHaveProperty([s.spec]);
      if (s.binding) {
        expect(model.valueSets, s.binding.valueSet).toHaveProperty([s.binding.valueSet]);
        expect(ids.has(s.binding.rule), s.binding.rule).toBe(true);
      }
      for (const a of Object.values(s.attrs ?? {})) if (a.rule) expect(ids.has(a.rule), a.rule).toBe(true);
      const rule = (s as ChildSpec).rule;
      if (rule) expect(ids.has(rule), rule).toBe(true);
      for (const name of s.checks ?? []) expect(headerChecks, name).toHaveProperty([name]);
    }
  });

  it('gives every binding an OID the bundled terminology serves', () => {
    const nos = engine().nos;
    for (const [key, ref] of Object.entries(model.valueSets)) expect(nos.valueSet(ref.oid)?.concepts.length, key).toBeGreaterThan(0);
  });
});

describe('header fixtures', () => {
  it('the header fixtures raise no header finding', () => {
    for (const f of [BASE, FULL]) expect(headerOf(readRepoFile(f)).map((d) => d.message), f).toEqual([]);
  });

  it('the shared unstructured base raises no header finding', () => {
    const found = headerOf(readRepoFile('test/fixtures/cda/base-unstructured.xml'));
    expect(found.map((f) => `${f.rule} ${f.severity}`)).toEqual([]);
  });
});

describe('INS traits', () => {
  it('are not required from a patient without INS, even when no id has an extension (the kit would require them)', () => {
    const text = applyEdits(readRepoFile(BASE), [
      ['<id root="1.2.250.1.213.1.4.10" extension="277076322082910"/>', '<id root="1.2.250.1.999.1.1.4" extension="X"/>'],
      ['<given qualifier="BR">Marie</given>', ''],
      ['<id root="1.2.250.1.999.1.1.3" extension="IPP-000123"/>', '<id root="1.2.250.1.999.1.1.3"/>'],
    ]);
    const rules = headerOf(text).map((f) => f.rule);
    expect(rules).toContain('CDA-HDR-REQUIRED-ATTRIBUTE');
    expect(rules).not.toContain('CDA-HDR-INS-TRAITS');
  });

  it('list every missing trait in one finding on the patient', () => {
    const text = applyEdits(readRepoFile(BASE), [
      ['<given qualifier="BR">Marie</given>', ''],
      ['<birthTime value="19770710"/>', ''],
    ]);
    const found = headerOf(text).filter((f) => f.rule === 'CDA-HDR-INS-TRAITS');
    expect(found).toHaveLength(1);
    expect(found[0].data).toMatchObject({ missing: "name/given[@qualifier='BR'], birthTime", ins: '1.2.250.1.213.1.4.10' });
  });
});

describe('unavailable value sets', () => {
  /** The bundled data with some NOS lists removed, as an older or trimmed bundle would be. */
  const without = (...oids: string[]): DataSource => {
    const data = nodeDataSource();
    const hidden = new Set(oids.map((o) => `nos/lists/${o}.json`));
    return { read: (p) => (hidden.has(p) ? undefined : data.read(p)), list: (d) => data.list(d) };
  };

  it('are reported once, as information, and the binding does not pass or fail silently', () => {
    const e = createEngine({ data: without('1.2.250.1.213.1.1.5.590') });
    const text = applyEdits(readRepoFile(BASE), [['<administrativeGenderCode code="F"', '<administrativeGenderCode code="W"']]);
    const found = header(e.validate(text).diagnostics);
    expect(found.map((f) => [f.rule, f.severity])).toEqual([['CDA-HDR-VALUESET-UNAVAILABLE', 'information']]);
    expect(found[0].data).toMatchObject({ valueSet: '1.2.250.1.213.1.1.5.590', name: 'JDV_J143_AdministrativeGender_CISIS' });
  });

  it('give one finding per list even when several elements are bound to it', () => {
    const e = createEngine({ data: without('1.2.250.1.213.1.1.5.461') });
    const found = header(e.validate(readRepoFile(FULL)).diagnostics);
    expect(found.map((f) => f.rule)).toEqual(['CDA-HDR-VALUESET-UNAVAILABLE']);
  });
});

describe.skipIf(!existsSync(samples))('official 3-0 samples (kit verdict)', () => {
  const files = existsSync(samples) ? readdirSync(samples).filter((f) => f.endsWith('.xml')).sort() : [];
  const bodyAuthor = ['CANCER-FRCP_2022.01_Appareil.xml', 'CANCER-FRCP_2022.01_Transversale.xml', 'TLM-DA_2022.01_TCG.xml', 'TLM-DA_2022.01_TCG_anamnese-non-structuree.xml', 'TLM-DA_2022.01_TE1_anamnese-non-structuree.xml'];
  const results = new Map(files.map((f) => [f, header(engine().validate(readFileSync(join(samples, f), 'utf8')).diagnostics)]));

  it('has the 91 samples', () => expect(files).toHaveLength(91));

  it('85 samples raise no header finding at all', () => {
    const clean = files.filter((f) => results.get(f)!.length === 0);
    expect(clean).toHaveLength(85);
    expect(clean).not.toContain('eDISP-MED_2024.01.xml');
    for (const f of bodyAuthor) expect(clean).not.toContain(f);
  });

  it('eDISP-MED_2024.01 raises exactly the patient-name qualifier error (SP)', () => {
    const found = errors(results.get('eDISP-MED_2024.01.xml')!);
    expect(found.map((f) => [f.rule, f.data?.found])).toEqual([['CDA-HDR-PATIENT-FAMILY-QUALIFIER', 'SP']]);
  });

  it('CANCER-FRCP and TLM-DA fail only on the body author specialty (J01, code + code system)', () => {
    for (const f of bodyAuthor) {
      const found = errors(results.get(f)!);
      expect(found.length, f).toBeGreaterThan(0);
      expect(new Set(found.map((d) => d.rule)), f).toEqual(new Set(['CDA-HDR-BODY-AUTHOR-SPECIALTY']));
      expect(['G15_10/SCH10', 'G15_10/SCH16']).toContain(found[0].data?.code);
    }
  });
});

describe('performance', () => {
  it('checks the header and body authors of a 150 KB document in well under a few milliseconds', () => {
    const full = readRepoFile(FULL);
    const section = full.slice(full.indexOf('      <component>\n        <section>'), full.indexOf('    </structuredBody>'));
    let body = '';
    while (body.length < 150_000) body += section;
    const text = full.replace(section, body);
    const root = parseXml(text).root!;
    const e = engine();
    const data = nodeDataSource();
    const run = () => {
      const reporter = new Reporter(e.registry, defaultSettings, new LineIndex(text));
      const ctx: CdaContext = { text, doc: root, nos: e.nos, data, settings: defaultSettings, reporter };
      const t0 = performance.now();
      checkHeader(ctx);
      const t = performance.now() - t0;
      expect(reporter.findings).toEqual([]);
      return t;
    };
    for (let i = 0; i < 5; i++) run();
    const times = Array.from({ length: 25 }, run).sort((a, b) => a - b);
    expect(times[12]).toBeLessThan(5);
  });
});
