import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine, type EngineSettings, type Finding } from '../../server/src/engine';
import { applyEdits, coveredText, readRepoFile, repoRoot } from '../helpers';

const BASE = readRepoFile('test/fixtures/cda/base-unstructured.xml');
const INS_ID = '<id root="1.2.250.1.213.1.4.10" extension="277076322082910"/>';
const withIns = (root: string, ext: string) => applyEdits(BASE, [[INS_ID, `<id root="${root}" extension="${ext}"/>`]]);

const engines = new Map<string, ReturnType<typeof createEngine>>();
function engineFor(settings: Partial<EngineSettings>) {
  const key = JSON.stringify(settings);
  if (!engines.has(key)) engines.set(key, createEngine({ settings }));
  return engines.get(key)!;
}
const pgssiRules = new Set(
  engineFor({})
    .registry.all()
    .filter((r) => (r.family as string) === 'pgssi')
    .map((r) => r.id),
);
const ours = (text: string, settings: Partial<EngineSettings> = {}): Finding[] => engineFor(settings).validate(text).diagnostics.filter((d) => pgssiRules.has(d.rule));
const find = (fs: Finding[], rule: string) => fs.filter((f) => f.rule === rule);

describe('production mode', () => {
  it('turns a test identity into an error, unless the user chose the severity', () => {
    expect(find(ours(BASE), 'INS-TEST-IDENTITY').map((f) => f.severity)).toEqual(['information']);
    expect(find(ours(BASE, { production: true }), 'INS-TEST-IDENTITY').map((f) => f.severity)).toEqual(['error']);
    expect(find(ours(BASE, { production: true, rules: { 'INS-TEST-IDENTITY': 'warning' } }), 'INS-TEST-IDENTITY').map((f) => f.severity)).toEqual(['warning']);
    expect(find(ours(BASE, { production: true, rules: { 'INS-TEST-IDENTITY': 'off' } }), 'INS-TEST-IDENTITY')).toEqual([]);
  });

  it('turns a bad key into an error under INS-NIR only', () => {
    const nir = withIns('1.2.250.1.213.1.4.8', '170017510112313');
    expect(find(ours(nir), 'INS-NIR-KEY').map((f) => f.severity)).toEqual(['warning']);
    expect(find(ours(nir, { production: true }), 'INS-NIR-KEY').map((f) => f.severity)).toEqual(['error']);
    for (const root of ['1.2.250.1.213.1.4.9', '1.2.250.1.213.1.4.10']) {
      expect(find(ours(withIns(root, '170017510112313'), { production: true }), 'INS-NIR-KEY').map((f) => f.severity), root).toEqual(['warning']);
    }
  });
});

describe('INS in CDA', () => {
  it('reports the key, never the matricule', () => {
    const [f] = find(ours(withIns('1.2.250.1.213.1.4.8', '170017510112313'), { locale: 'en' }), 'INS-NIR-KEY');
    expect(f.data).toEqual({ name: 'INS-NIR', found: '13', expected: '88' });
    expect(JSON.stringify(f)).not.toContain('170017510112313');
  });

  it('checks the patient roots only for the authority, every INS-rooted id for the value', () => {
    const participant = applyEdits(BASE, [
      ['<custodian>', '<participant typeCode="HLD"><associatedEntity classCode="POLHOLD"><id root="1.2.250.1.213.1.4.2" extension="64579890112345678100"/><id root="1.2.250.1.213.1.4.8" extension="277076322082911"/></associatedEntity></participant>\n  <custodian>'],
    ]);
    const found = ours(participant);
    expect(find(found, 'INS-OID-OBSOLETE')).toEqual([]);
    expect(find(found, 'INS-NIR-KEY').map((f) => coveredText(participant, f))).toEqual(['277076322082911']);
  });

  it('leaves traits and qualifiers to the header rules', () => {
    const noTraits = applyEdits(BASE, [['<birthTime value="19770710"/>', '']]);
    expect(ours(noTraits).map((f) => f.rule)).toEqual(ours(BASE).map((f) => f.rule));
  });
});

describe('masking codes', () => {
  it('tells a JDV_J08 code from a TRE_A07-only one', () => {
    const conf = '<confidentialityCode code="N" codeSystem="2.16.840.1.113883.5.25" displayName="Normal"/>';
    const masked = (code: string) => applyEdits(BASE, [[conf, `<confidentialityCode code="${code}" codeSystem="1.2.250.1.213.1.1.4.13"/>`]]);
    const [ps] = find(ours(masked('MASQUE_PS'), { locale: 'en' }), 'PGSSI-CONF-MASKING-CODE');
    expect(ps.message).toContain('submission metadata');
    const [pt] = find(ours(masked('MASQUE_PT'), { locale: 'en' }), 'PGSSI-CONF-MASKING-CODE');
    expect(pt.message).toContain('not in JDV_J08');
  });
});

describe('secrets in CDA documents', () => {
  it('are reported masked', () => {
    const secret = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkbXAtY29ubmVjdGV1ciJ9.ZmljdGlm';
    const doc = applyEdits(BASE, [['<title>', `<!-- jeton de test : Bearer ${secret} -->\n  <title>`]]);
    const found = find(ours(doc), 'PGSSI-SECRET-TOKEN');
    expect(found).toHaveLength(1);
    expect(JSON.stringify(found)).not.toContain(secret);
  });
});

const kit30 = join(repoRoot, '..', 'shared', 'corpus', 'cda', 'TestContenuCDA-3-0');
const corpusPresent = existsSync(kit30);

describe('official CI-SIS 3-0 samples (../shared/corpus; skipped when absent)', () => {
  it.skipIf(!corpusPresent)('raise no error-severity PGSSI finding with default settings', () => {
    const files = readdirSync(kit30).filter((f) => f.endsWith('.xml'));
    expect(files.length).toBeGreaterThan(80);
    const errors: string[] = [];
    const samplesBy = new Map<string, Set<string>>();
    for (const f of files) {
      for (const d of ours(readFileSync(join(kit30, f), 'utf8'))) {
        samplesBy.set(d.rule, (samplesBy.get(d.rule) ?? new Set()).add(f));
        if (d.severity === 'error') errors.push(`${f}: ${d.rule}`);
      }
    }
    expect(errors).toEqual([]);
    // Six fictitious NIRs with a failing key, carried by 11 samples (7 of them under INS-NIR .8); made-up RPPS;
    // one legal authenticator under an INS OID (VAC).
    expect(samplesBy.get('INS-NIR-KEY')?.size).toBe(11);
    expect(samplesBy.get('ID-RPPS-KEY')?.size).toBeGreaterThan(40);
    expect([...(samplesBy.get('ID-LEGAL-AUTHENTICATOR-INS') ?? [])]).toEqual(['VAC_2023.01.xml']);
  });

  it.skipIf(!corpusPresent)('in production mode, the INS-NIR samples with fictitious keys become errors', () => {
    const vac = readFileSync(join(kit30, 'VAC_2023.01.xml'), 'utf8');
    const found = ours(vac, { production: true }).filter((d) => d.severity === 'error');
    expect(found.map((d) => d.rule).sort()).toEqual(['INS-NIR-KEY', 'INS-TEST-IDENTITY']);
  });
});
