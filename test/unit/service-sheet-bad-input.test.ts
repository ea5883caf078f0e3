import { describe, expect, it } from 'vitest';
import { createEngine } from '../../server/src/engine';
import { nodeDataSource } from '../../server/src/engine/data';
import { isLiteralSecret, loadPgssiTables, maskSecret } from '../../server/src/pgssi';
import { findSheetSecrets } from '../../server/src/service-sheet/secrets';
import { MAX_SHEET_CHARS, parseSheetStream } from '../../server/src/service-sheet/yaml';
import { applyEdits, coveredText, engine, readRepoFile, rulesOf } from '../helpers';

const base = readRepoFile('test/fixtures/service-sheet/base.yaml');
const FIRST = base.slice(0, base.indexOf('\n'));

/** Validation, completion and hover all answer without throwing. */
function survives(text: string) {
  const r = engine().validate(text);
  expect(() => engine().complete(text, { line: 1, character: 3 })).not.toThrow();
  expect(() => engine().hover(text, { line: 1, character: 2 })).not.toThrow();
  return r;
}

describe('service-sheet bad input', () => {
  it('YAML syntax errors carry their exact position', () => {
    const text = 'fiche: "1.1"\ntitre: [Le référentiel\naxe: 1\n';
    const r = survives(text);
    const syntax = r.diagnostics.filter((d) => d.rule === 'FICHE-YAML-SYNTAX');
    expect(syntax.length).toBeGreaterThan(0);
    expect(syntax[0].range.start.line).toBe(2);
    expect(syntax[0].message).toMatch(/^YAML invalide : /);
    // A broken document gets its syntax findings only, not a cascade of schema findings.
    expect(rulesOf(r.diagnostics).every((id) => id.startsWith('FICHE-YAML-'))).toBe(true);
  });

  it('tab indentation is named as such', () => {
    const r = survives('fiche: "1.1"\narticulation:\n\tsns: x\n');
    expect(r.diagnostics.some((d) => d.rule === 'FICHE-YAML-SYNTAX')).toBe(true);
  });

  it('an alias bomb (billion laughs) is refused after a bounded amount of work', () => {
    const levels = ['lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i <= 9; i++) levels.push(`lol${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]`);
    const text = `fiche: "1.1"\n${levels.join('\n')}\n`;
    const r = survives(text);
    expect(rulesOf(r.diagnostics)).toEqual(['FICHE-YAML-ALIAS']);
    expect(coveredText(text, r.diagnostics[0])).toMatch(/^\*l\d$/);
  });

  it('a self-referencing alias stops at the alias limit', () => {
    const r = survives('fiche: "1.1"\nboucle: &a [x, *a]\n');
    expect(rulesOf(r.diagnostics)).toEqual(['FICHE-YAML-ALIAS']);
  });

  it('an alias before its anchor is a syntax finding', () => {
    const r = survives('fiche: "1.1"\ntitre: *plus_loin\naxe: &plus_loin 1\n');
    expect(r.diagnostics.find((d) => d.rule === 'FICHE-YAML-SYNTAX')?.message).toContain('UNRESOLVED_ALIAS');
  });

  it('custom tags are reported and never executed', () => {
    const g = globalThis as Record<string, unknown>;
    delete g.__ficheTagRan;
    const text = applyEdits(base, [
      ['porteur: GIP Sant& Numérique Hauts-de-France', 'porteur: !!js/function "function () { globalThis.__ficheTagRan = true }"'],
      ['titre: Le référentiel', 'titre: !!python/object:os.system Le référentiel'],
    ]);
    const r = survives(text);
    expect(r.diagnostics.filter((d) => d.rule === 'FICHE-YAML-TAG').map((d) => coveredText(text, d))).toEqual(['!!python/object:os.system', '!!js/function']);
    expect(g.__ficheTagRan).toBeUndefined();
    // The value is kept as text: the rest of the sheet is still checked (and valid).
    expect(rulesOf(r.diagnostics).every((id) => id === 'FICHE-YAML-TAG')).toBe(true);
  });

  it('__proto__, constructor and prototype keys pollute nothing', () => {
    const text = applyEdits(base, [
      ['statut: en_cours\n', 'statut: en_cours\n__proto__: {polluted: yes}\nconstructor: {prototype: {polluted: yes}}\n'],
      ['  donnees_de_sante: true\n', '  donnees_de_sante: true\n  __proto__:\n    isAdmin: true\n'],
    ]);
    const r = survives(text);
    const unknown = r.diagnostics.filter((d) => d.rule === 'FICHE-SCHEMA-UNKNOWN-KEY').map((d) => coveredText(text, d));
    expect(unknown).toEqual(['__proto__', 'constructor', '__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    const value = parseSheetStream(text).docs[0].value as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBeNull();
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
  });

  it('a 10 MB file gets one clear finding and is not parsed', () => {
    const text = base + '#'.repeat(10 * 1024 * 1024);
    const r = survives(text);
    expect(rulesOf(r.diagnostics)).toEqual(['FICHE-YAML-SIZE']);
    expect(r.diagnostics[0].message).toContain(String(MAX_SHEET_CHARS));
    expect(engine().hover(text, { line: 2, character: 1 })).toBeUndefined();
  });

  it('100,000 levels of nesting: a finding, no stack overflow', () => {
    const text = `fiche: "1.1"\necheance: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`;
    const r = survives(text);
    expect(rulesOf(r.diagnostics)).toEqual(['FICHE-YAML-DEPTH']);
  });

  it('odd documents: empty values, scalars, binary noise, empty stream parts', () => {
    for (const text of ['fiche:\n', 'fiche: "1.1"\n---\n', 'fiche: "1.1"\n--- plain scalar\n', 'fiche: \u0000\u0001\u0002\n', 'fiche: "1.1"\n? [complex, key]\n: value\n', 'fiche: "1.1"\n%YAML 1.1\n']) {
      const r = survives(text);
      expect(r.family).toBe('service-sheet');
    }
    expect(rulesOf(survives('fiche:\n').diagnostics)).toContain('FICHE-SCHEMA-EMPTY');
    const scalarDoc = survives('fiche: "1.1"\n--- plain scalar\n').diagnostics.find((d) => d.rule === 'FICHE-SCHEMA-TYPE');
    expect(scalarDoc?.message).toBe('« document » doit être un ensemble de clés (trouvé : un texte).');
  });

  it('non-string scalars (YAML 1.1 timestamps, binary) are read as their text', () => {
    const text = `%YAML 1.1\n---\n${applyEdits(base, [['date_mise_a_jour: "2018-01-15"', 'date_mise_a_jour: 2018-02-30']])}`;
    const r = survives(text);
    expect(r.diagnostics.find((d) => d.rule === 'FICHE-DATE')?.message).toContain('2018-02-30');
  });
});

describe('secrets', () => {
  const leaks: [string, string][] = [
    ['# client_secret: 9f8e7d6c5b4a3f2e1d0c', '9f8e7d6c5b4a3f2e1d0c'],
    ['# PSC_CLIENT_SECRET=Zx81-LmQ_33vB7rT', 'Zx81-LmQ_33vB7rT'],
    ['# ESANTE-API-KEY: 3b9f1c2e-7d4a-4e8b-9c1f-52a7e0d4c6b1', '3b9f1c2e-7d4a-4e8b-9c1f-52a7e0d4c6b1'],
    ['# mot_de_passe: "Hdf2018!prod"', 'Hdf2018!prod'],
    ['# jeton eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'],
    ['# Authorization: Basic cm9yLXN5bmM6U3VwM3JTM2NyZXQ=', 'cm9yLXN5bmM6U3VwM3JTM2NyZXQ='],
    ['# -----BEGIN RSA PRIVATE KEY-----', '-----BEGIN RSA PRIVATE KEY-----'],
  ];
  for (const [line, secret] of leaks) {
    it(`finds and masks ${line.slice(2, 30)}…`, () => {
      const text = applyEdits(base, [[FIRST, `${FIRST}\n${line}`]]);
      const found = engine()
        .validate(text)
        .diagnostics.filter((d) => d.rule === 'FICHE-PGSSI-SECRET');
      expect(found).toHaveLength(1);
      expect(coveredText(text, found[0])).toBe(secret);
      if (!secret.startsWith('-----')) {
        expect(found[0].message).not.toContain(secret.slice(0, -4));
        expect(JSON.stringify(found[0].data)).not.toContain(secret.slice(0, -4));
        expect(found[0].message).toContain(maskSecret(secret));
        expect(maskSecret(secret)).toMatch(/^\*{4}.{3,4}$/);
      }
    });
  }

  const table = loadPgssiTables(nodeDataSource())!.secrets;

  it('masks with the shared PGSSI-S masking: at most 4 characters, fewer for short secrets', () => {
    expect(maskSecret('Ab3dEf7h')).toBe('****7h');
    expect(maskSecret('0123456789abcdef')).toBe('****cdef');
  });

  it('leaves placeholders, prose and the authentication enum alone', () => {
    for (const v of ['${PSC_SECRET}', '<secret>', '********', 'xxxxxxxxxx', 'changeme']) expect(isLiteralSecret(v, table), v).toBe(false);
    const text = applyEdits(base, [
      [FIRST, `${FIRST}\n# token: \${ROR_TOKEN}\n# Le mot de passe : obligatoire, renouvelé chaque année.`],
      ['  authentification: [pro_sante_connect, e_cps]', '  authentification: [pro_sante_connect, identifiant_mot_de_passe]'],
    ]);
    expect(findSheetSecrets(text, table)).toEqual([]);
  });

  it('reports overlapping patterns once (a JWT after a keyed token)', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
    expect(findSheetSecrets(`access_token: ${jwt}\nBearer ${jwt}\n`, table)).toHaveLength(2);
  });

  it('English messages mask too', () => {
    const text = applyEdits(base, [[FIRST, `${FIRST}\n# api_key: 3b9f1c2e-7d4a-4e8b`]]);
    const f = createEngine({ settings: { locale: 'en' } })
      .validate(text)
      .diagnostics.find((d) => d.rule === 'FICHE-PGSSI-SECRET')!;
    expect(f.message).toContain('value of key "api_key"');
    expect(f.message).toContain('****4e8b');
    expect(f.message).not.toContain('3b9f1c2e');
  });
});
