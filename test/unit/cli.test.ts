import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectFiles, main } from '../../server/src/cli';
import { globToRegExp } from '../../server/src/glob';
import { applyEdits, readRepoFile } from '../helpers';

const base = readRepoFile('test/fixtures/cda/base-unstructured.xml');
const broken = applyEdits(base, [['<title>Compte rendu de biologie</title>', '<title>Compte rendu de biologie']]);

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'interop-cli-'));
  mkdirSync(join(dir, 'lot', 'sous-dossier'), { recursive: true });
  writeFileSync(join(dir, 'lot', 'ok.xml'), base);
  writeFileSync(join(dir, 'lot', 'sous-dossier', 'casse.xml'), broken);
  writeFileSync(join(dir, 'lot', 'pom.xml'), '<project/>');
  writeFileSync(join(dir, 'lot', 'notes.txt'), 'rien');
  return dir;
}

function run(args: string[], cwd: string): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const prev = process.cwd();
  process.chdir(cwd);
  try {
    const code = main(args, (s) => (out += s), (s) => (err += s));
    return { code, out, err };
  } finally {
    process.chdir(prev);
  }
}

describe('CLI', () => {
  it('walks folders recursively, keeps known families, reports explicit files always', () => {
    const dir = workspace();
    const { files } = collectFiles([join(dir, 'lot')]);
    expect(files.map((f) => f.slice(dir.length + 1)).sort()).toEqual(['lot/ok.xml', 'lot/pom.xml', 'lot/sous-dossier/casse.xml']);
    const r = run(['validate', 'lot', '--format', 'json'], dir);
    const json = JSON.parse(r.out);
    expect(json.files.map((f: { path: string }) => f.path).sort()).toEqual(['lot/ok.xml', 'lot/sous-dossier/casse.xml']);
    const explicit = JSON.parse(run(['validate', 'lot/pom.xml', '--format', 'json'], dir).out);
    expect(explicit.files).toEqual([{ path: 'lot/pom.xml', family: 'unknown', diagnostics: [] }]);
  });

  it('json output has exactly the documented shape and exit code 1 on errors', () => {
    const dir = workspace();
    const r = run(['validate', 'lot/sous-dossier/casse.xml', '--format', 'json', '--lang', 'en'], dir);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out);
    expect(Object.keys(json)).toEqual(['version', 'files', 'summary']);
    expect(json.version).toBe(1);
    expect(Object.keys(json.files[0])).toEqual(['path', 'family', 'diagnostics']);
    const d = json.files[0].diagnostics[0];
    expect(Object.keys(d)).toEqual(['rule', 'severity', 'message', 'range']);
    expect(d).toMatchObject({ rule: 'XML-SYNTAX', severity: 'error' });
    expect(d.message).toMatch(/^Malformed XML/);
    expect(json.summary).toEqual({ files: 1, errors: 1, warnings: 0 });
  });

  it('text output is path:line:col severity rule message, 1-based', () => {
    const dir = workspace();
    const r = run(['validate', 'lot/sous-dossier/casse.xml'], dir);
    const line = broken.split('\n').findIndex((l) => l.includes('</ClinicalDocument>')) + 1;
    expect(r.out).toMatch(new RegExp(`^lot/sous-dossier/casse.xml:${line}:\\d+ error XML-SYNTAX XML mal formé`, 'm'));
  });

  it('globs select files', () => {
    const dir = workspace();
    const json = JSON.parse(run(['validate', 'lot/**/casse.xml', '--format', 'json'], dir).out);
    expect(json.files.map((f: { path: string }) => f.path)).toEqual(['lot/sous-dossier/casse.xml']);
  });

  it('usage errors and missing paths exit 2', () => {
    const dir = workspace();
    expect(run(['validate'], dir).code).toBe(2);
    expect(run(['frobnicate', 'lot'], dir).code).toBe(2);
    expect(run(['validate', 'lot', '--format', 'pdf'], dir).code).toBe(2);
    expect(run(['validate', 'absent.xml'], dir).code).toBe(2);
  });

  it('the project config silences a rule', () => {
    const dir = workspace();
    writeFileSync(join(dir, 'interop-sante.config.json'), JSON.stringify({ rules: { 'XML-SYNTAX': 'off' } }));
    const r = run(['validate', 'lot/sous-dossier/casse.xml', '--format', 'json'], dir);
    expect(JSON.parse(r.out).files[0].diagnostics.filter((d: { rule: string }) => d.rule === 'XML-SYNTAX')).toEqual([]);
  });

  it('report writes html, json, sarif and junit from one run, and exits 0', () => {
    const dir = workspace();
    const r = run(['report', 'lot', '--out', 'rapport'], dir);
    expect(r.code).toBe(0);
    for (const f of ['report.html', 'report.json', 'report.sarif', 'report.junit.xml']) expect(existsSync(join(dir, 'rapport', f))).toBe(true);
    const html = readFileSync(join(dir, 'rapport', 'report.html'), 'utf8');
    expect(html).toContain('Rapport de conformité');
    expect(html).not.toMatch(/<script|https?:\/\/(?!json\.schemastore)/);
    const sarif = JSON.parse(readFileSync(join(dir, 'rapport', 'report.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results.some((x: { ruleId: string }) => x.ruleId === 'XML-SYNTAX')).toBe(true);
    expect(readFileSync(join(dir, 'rapport', 'report.junit.xml'), 'utf8')).toMatch(/<failure type="XML-SYNTAX"/);
    expect(run(['report', 'lot', '--out', 'rapport', '--fail-on', 'error'], dir).code).toBe(1);
  });

  it('the HTML report escapes document-derived text', () => {
    const dir = workspace();
    writeFileSync(join(dir, 'lot', '<img onerror=alert(1)>.xml'), broken);
    run(['report', 'lot', '--out', 'rapport'], dir);
    const html = readFileSync(join(dir, 'rapport', 'report.html'), 'utf8');
    expect(html).not.toContain('<img onerror');
    expect(html).toContain('&lt;img onerror=alert(1)&gt;.xml');
  });
});

describe('glob', () => {
  it('matches like a shell glob', () => {
    expect(globToRegExp('a/**/*.xml').test('a/b/c/d.xml')).toBe(true);
    expect(globToRegExp('a/**/*.xml').test('a/d.xml')).toBe(true);
    expect(globToRegExp('a/*.xml').test('a/b/d.xml')).toBe(false);
    expect(globToRegExp('**/*.{yaml,yml}').test('x/y.yml')).toBe(true);
    expect(globToRegExp('f?.json').test('f1.json')).toBe(true);
  });
});

describe('CLI cross-file checks', () => {
  it('reports a fiche id used by two files in both, naming the other file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'interop-fiches-'));
    const sheet = readRepoFile('test/fixtures/service-sheet/base.yaml');
    mkdirSync(join(dir, 'fiches'));
    writeFileSync(join(dir, 'fiches', 'a.yaml'), sheet);
    writeFileSync(join(dir, 'fiches', 'b.yaml'), sheet);
    const json = JSON.parse(run(['validate', 'fiches', '--format', 'json'], dir).out);
    for (const f of json.files) {
      const dup = f.diagnostics.filter((d: { rule: string }) => d.rule === 'FICHE-ID-DUPLICATE');
      expect(dup).toHaveLength(1);
      expect(dup[0].message).toContain(f.path.endsWith('a.yaml') ? 'b.yaml' : 'a.yaml');
    }
  });
});

describe('CLI opt-in text files', () => {
  it('walks files matching the textFiles globs and applies the PGSSI-S checks to them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'interop-text-'));
    mkdirSync(join(dir, 'conf'));
    writeFileSync(join(dir, 'conf', 'app.properties'), 'dmp.endpoint=http://dmp.example.org/api\n');
    writeFileSync(join(dir, 'interop-sante.config.json'), JSON.stringify({ textFiles: ['**/*.properties'] }));
    const json = JSON.parse(run(['validate', 'conf', '--format', 'json'], dir).out);
    expect(json.files.map((f: { path: string; family: string }) => `${f.path} ${f.family}`)).toEqual(['conf/app.properties text']);
    expect(json.files[0].diagnostics.map((d: { rule: string }) => d.rule)).toContain('PGSSI-HTTP-ENDPOINT');
  });
});
