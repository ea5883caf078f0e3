/**
 * The command-line face of the engine: `interop-sante validate|report|rules`. Reads files, hands bytes to the
 * engine, formats the run. Exit codes: 0 no error, 1 errors (or warnings with --fail-on warning), 2 usage or
 * internal failure.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { CONFIG_FILE, parseConfig, settingsFromConfig, type ProjectConfig } from './config';
import { createEngine, type Engine, type Locale } from './engine';
import { globToRegExp, hasGlobChars } from './glob';
import { readNosFolder } from './io/nos-folder';
import { walkFiles } from './io/walk';
import { toHtml } from './report/html';
import { renderPortfolio } from './service-sheet/portfolio';
import { checkPortfolio } from './service-sheet/portfolio-check';
import { buildRunReport, toJson, toJunit, toSarif, toText, type FileReport, type RunReport } from './report/model';

const VERSION = '0.1.0';
const WALKED_EXTENSIONS = /\.(xml|json|ndjson|ya?ml)$/i;
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist', 'out']);

type Format = 'text' | 'json' | 'sarif' | 'junit' | 'html';

interface Options {
  command: string;
  paths: string[];
  format: Format;
  out?: string;
  output?: string;
  lang?: Locale;
  config?: string;
  /** Unset: validate fails on errors, report always exits 0 (it documents, it does not gate). */
  failOn?: 'error' | 'warning';
  production?: boolean;
  quiet: boolean;
}

class UsageError extends Error {}

const HELP = `interop-sante ${VERSION} — validation CI-SIS (CDA), ROR (FHIR), fiches de services, NOS, PGSSI-S

Usage:
  interop-sante validate <chemin|dossier|glob>... [--format text|json|sarif|junit|html] [--output <fichier>]
  interop-sante report <chemin|dossier|glob>... --out <dossier>
  interop-sante rules [--format text|json]
  interop-sante portfolio <dossier>... --out <fichier.html>   (vue de synthèse des fiches de services)

Options:
  --format <f>       text (par défaut), json, sarif, junit, html
  --output <fichier> écrit le résultat dans un fichier au lieu de la sortie standard
  --out <dossier>    (report) dossier où écrire report.html, report.json, report.sarif, report.junit.xml
  --lang fr|en       langue des messages (par défaut : configuration, puis LANG, puis fr)
  --config <fichier> fichier de configuration (par défaut : ${CONFIG_FILE} trouvé en remontant depuis le dossier courant)
  --fail-on <s>      error ou warning : seuil du code de sortie 1 (validate : error par défaut ;
                     report : sort toujours 0 sans cette option)
  --production       identités en mode production (les identités de test deviennent des erreurs)
  --quiet            n'affiche que le résumé (format text)
  --version, --help

Codes de sortie : 0 aucune erreur, 1 erreurs trouvées, 2 usage ou échec interne.
`;

function parseArgs(argv: string[]): Options {
  const o: Options = { command: '', paths: [], format: 'text', quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} attend une valeur`);
      return v;
    };
    if (a === '--format') {
      const f = value();
      if (!['text', 'json', 'sarif', 'junit', 'html'].includes(f)) throw new UsageError(`format inconnu : ${f}`);
      o.format = f as Format;
    } else if (a === '--out') o.out = value();
    else if (a === '--output' || a === '-o') o.output = value();
    else if (a === '--lang') {
      const l = value();
      if (l !== 'fr' && l !== 'en') throw new UsageError(`langue inconnue : ${l}`);
      o.lang = l;
    } else if (a === '--config') o.config = value();
    else if (a === '--fail-on') {
      const f = value();
      if (f !== 'error' && f !== 'warning') throw new UsageError(`--fail-on attend error ou warning`);
      o.failOn = f;
    } else if (a === '--production') o.production = true;
    else if (a === '--quiet' || a === '-q') o.quiet = true;
    else if (a.startsWith('-')) throw new UsageError(`option inconnue : ${a}`);
    else if (!o.command) o.command = a;
    else o.paths.push(a);
  }
  return o;
}

function findConfig(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    const candidate = join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

function loadConfig(o: Options, stderr: (s: string) => void): ProjectConfig {
  const file = o.config ?? findConfig(process.cwd());
  if (!file) return {};
  if (!existsSync(file)) throw new UsageError(`fichier de configuration introuvable : ${file}`);
  const { config, problems } = parseConfig(readFileSync(file, 'utf8'));
  for (const p of problems) stderr(`interop-sante: ${p}\n`);
  // Paths in the file are relative to the file.
  if (config.nosFolder) config.nosFolder = resolve(dirname(file), config.nosFolder);
  return config;
}

function nosOverrides(config: ProjectConfig, stderr: (s: string) => void) {
  if (!config.nosFolder) return undefined;
  const { records, problems } = readNosFolder(config.nosFolder);
  for (const p of problems) stderr(`interop-sante: NOS ${p.file}: ${p.message}\n`);
  return records;
}

/** Expands arguments to files: folders recursively (known extensions only), globs, and files named as such. */
export function collectFiles(
  paths: string[],
  exclude: RegExp[] = [],
  include: RegExp[] = [],
): { files: string[]; explicit: Set<string>; missing: string[] } {
  const files: string[] = [];
  const explicit = new Set<string>();
  const missing: string[] = [];
  const seen = new Set<string>();
  const add = (f: string, isExplicit: boolean) => {
    const key = resolve(f);
    if (isExplicit) explicit.add(key);
    if (seen.has(key)) return;
    seen.add(key);
    files.push(f);
  };
  const excluded = (p: string) => exclude.some((re) => re.test(p.split('\\').join('/')));
  const walk = (dir: string, keep: (p: string) => boolean) => {
    const found = walkFiles(dir, {
      keepFile: (p) => !excluded(p) && keep(p),
      enterDir: (p, name) => !SKIPPED_DIRS.has(name) && !excluded(p),
    });
    for (const f of found) add(f, false);
  };
  for (const p of paths) {
    if (hasGlobChars(p)) {
      const norm = p.split('\\').join('/');
      const firstGlob = norm.search(/[*?{]/);
      const baseDir = norm.slice(0, norm.lastIndexOf('/', firstGlob) + 1) || '.';
      const re = globToRegExp(norm.replace(/^\.\//, ''));
      walk(baseDir, (f) => re.test(f.split('\\').join('/').replace(/^\.\//, '')));
      continue;
    }
    let st;
    try {
      st = statSync(p);
    } catch {
      missing.push(p);
      continue;
    }
    if (st.isDirectory()) walk(p, (f) => WALKED_EXTENSIONS.test(f) || include.some((re) => re.test(relative(process.cwd(), f).split('\\').join('/'))));
    else add(p, true);
  }
  return { files, explicit, missing };
}

function validateFiles(engine: Engine, files: string[], explicit: Set<string>): FileReport[] {
  const reports: FileReport[] = [];
  const sheets: { path: string; text: string }[] = [];
  for (const file of files) {
    const bytes = readFileSync(file);
    const result = engine.validateBytes(bytes, file);
    if (result.family === 'unknown' && !explicit.has(resolve(file))) continue;
    const path = relative(process.cwd(), file) || file;
    if (result.family === 'service-sheet') sheets.push({ path, text: result.text });
    reports.push({ path, family: result.family, kind: result.kind, diagnostics: result.diagnostics });
  }
  // Cross-file checks of the sheets validated together (ids unique across the portfolio).
  if (sheets.length > 1) {
    const byPath = new Map(reports.map((r) => [r.path, r]));
    for (const { path, findings } of checkPortfolio(sheets, engine)) {
      const r = byPath.get(path);
      if (r) r.diagnostics = [...r.diagnostics, ...findings].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    }
  }
  return reports;
}

function render(run: RunReport, engine: Engine, format: Format, locale: Locale): string {
  switch (format) {
    case 'json':
      return toJson(run) + '\n';
    case 'sarif':
      return toSarif(run, engine.registry.all(), VERSION, locale) + '\n';
    case 'junit':
      return toJunit(run);
    case 'html':
      return toHtml(run, engine.registry.all(), locale, new Date());
    default:
      return toText(run);
  }
}

function exitCode(run: RunReport, failOn: 'error' | 'warning'): number {
  if (run.summary.errors > 0) return 1;
  if (failOn === 'warning' && run.summary.warnings > 0) return 1;
  return 0;
}

function localeFrom(o: Options, config: ProjectConfig): Locale {
  if (o.lang) return o.lang;
  if (config.locale) return config.locale;
  const env = process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || '';
  return /^en/i.test(env) ? 'en' : 'fr';
}

export function main(argv: string[], out: (s: string) => void, err: (s: string) => void): number {
  let o: Options;
  try {
    o = parseArgs(argv);
  } catch (e) {
    err(`interop-sante: ${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (argv.includes('--version')) {
    out(`${VERSION}\n`);
    return 0;
  }
  if (argv.includes('--help') || argv.includes('-h') || !o.command) {
    out(HELP);
    return o.command || argv.includes('--help') || argv.includes('-h') ? 0 : 2;
  }
  try {
    const config = loadConfig(o, err);
    const locale = localeFrom(o, config);
    const engine = createEngine({
      settings: { ...settingsFromConfig(config), locale, ...(o.production ? { production: true } : {}) },
      nosOverrides: nosOverrides(config, err),
    });
    if (o.command === 'rules') {
      const rules = engine.registry.all();
      if (o.format === 'json') out(JSON.stringify(rules.map((r) => ({ id: r.id, family: r.family, severity: r.severity, title: r.title[locale], source: r.source })), null, 2) + '\n');
      else for (const r of rules) out(`${r.id}\t${r.severity}\t${r.title[locale]}\n`);
      return 0;
    }
    if (o.command === 'portfolio') {
      if (o.paths.length === 0) throw new UsageError('portfolio attend un dossier de fiches');
      if (!o.out) throw new UsageError('portfolio attend --out <fichier.html>');
      const { files, missing } = collectFiles(o.paths, (config.exclude ?? []).map(globToRegExp));
      for (const m of missing) err(`interop-sante: introuvable : ${m}\n`);
      if (missing.length > 0 && files.length === 0) return 2;
      const sheets = files.filter((f) => /\.ya?ml$/i.test(f)).map((f) => ({ path: relative(process.cwd(), f) || f, text: readFileSync(f, 'utf8') }));
      mkdirSync(dirname(resolve(o.out)), { recursive: true });
      writeFileSync(o.out, renderPortfolio(sheets, locale, { generatedAt: new Date() }));
      out(`${locale === 'fr' ? 'Portefeuille écrit dans' : 'Portfolio written to'} ${o.out}\n`);
      return 0;
    }
    if (o.command !== 'validate' && o.command !== 'report') throw new UsageError(`commande inconnue : ${o.command}`);
    if (o.paths.length === 0) throw new UsageError('aucun chemin à valider');
    const { files, explicit, missing } = collectFiles(o.paths, (config.exclude ?? []).map(globToRegExp), (config.textFiles ?? []).map(globToRegExp));
    for (const m of missing) err(`interop-sante: introuvable : ${m}\n`);
    if (missing.length > 0 && files.length === 0) return 2;
    const run = buildRunReport(validateFiles(engine, files, explicit));
    if (o.command === 'report') {
      const dir = o.out ?? config.reportDir;
      if (!dir) throw new UsageError('report attend --out <dossier>');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'report.html'), render(run, engine, 'html', locale));
      writeFileSync(join(dir, 'report.json'), render(run, engine, 'json', locale));
      writeFileSync(join(dir, 'report.sarif'), render(run, engine, 'sarif', locale));
      writeFileSync(join(dir, 'report.junit.xml'), render(run, engine, 'junit', locale));
      out(toText({ files: o.quiet ? [] : run.files, summary: run.summary }));
      out(`${locale === 'fr' ? 'Rapport écrit dans' : 'Report written to'} ${join(dir, 'report.html')}\n`);
      return o.failOn ? exitCode(run, o.failOn) : 0;
    }
    const rendered = o.quiet && o.format === 'text' ? toText({ files: [], summary: run.summary }) : render(run, engine, o.format, locale);
    if (o.output) writeFileSync(o.output, rendered);
    else out(rendered);
    return exitCode(run, o.failOn ?? 'error');
  } catch (e) {
    if (e instanceof UsageError) {
      err(`interop-sante: ${e.message}\n`);
      return 2;
    }
    err(`interop-sante: échec interne : ${(e as Error).stack ?? String(e)}\n`);
    return 2;
  }
}

if (typeof require !== 'undefined' && require.main === module) {
  const code = main(process.argv.slice(2), (s) => process.stdout.write(s), (s) => process.stderr.write(s));
  process.exitCode = code;
}
