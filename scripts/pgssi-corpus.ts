/**
 * `node scripts/run-ts.mjs scripts/pgssi-corpus.ts`: how many PGSSI-S / INS / identifier findings the official
 * CI-SIS samples in ../shared/corpus/cda raise, by rule and severity, with default settings and in production mode.
 * The samples carry made-up RPPS, FINESS and NIR numbers: these must stay warnings or information by default.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, type EngineSettings, type Finding } from '../server/src/engine';
import { corpusDir, xmlFiles } from './corpus';

const kits = ['TestContenuCDA-3-0', 'TestContenuCDA-2-41'];
const present = kits.map((k) => [k, corpusDir('cda', k)] as const).filter((e): e is readonly [string, string] => e[1] !== undefined);
if (present.length === 0) {
  console.log('pgssi-corpus: ../shared/corpus/cda is absent — nothing to measure, skipped.');
  process.exit(0);
}

function measure(kit: string, dir: string, settings: Partial<EngineSettings>, label: string): void {
  const engine = createEngine({ settings: { locale: 'en', ...settings } });
  const ours = new Set(engine.registry.all().filter((r) => (r.family as string) === 'pgssi').map((r) => r.id));
  const counts = new Map<string, { files: Set<string>; n: number }>();
  const errorFiles = new Map<string, Finding[]>();
  const files = xmlFiles(dir);
  for (const f of files) {
    const found = engine.validateBytes(readFileSync(join(dir, f))).diagnostics.filter((d) => ours.has(d.rule));
    for (const d of found) {
      const key = `${d.severity.padEnd(11)} ${d.rule}`;
      const c = counts.get(key) ?? { files: new Set(), n: 0 };
      c.files.add(f);
      c.n++;
      counts.set(key, c);
    }
    const errors = found.filter((d) => d.severity === 'error');
    if (errors.length > 0) errorFiles.set(f, errors);
  }
  console.log(`\n${kit} — ${files.length} samples, ${label}`);
  console.log(`  ${'severity'.padEnd(11)} ${'rule'.padEnd(34)} findings  samples`);
  const order = ['error', 'warning', 'information', 'hint'];
  const rows = [...counts.entries()].sort((a, b) => order.indexOf(a[0].split(' ')[0]) - order.indexOf(b[0].split(' ')[0]) || b[1].n - a[1].n);
  for (const [key, c] of rows) {
    const [sev, rule] = key.split(/ +/);
    console.log(`  ${sev.padEnd(11)} ${rule.padEnd(34)} ${String(c.n).padStart(8)}  ${String(c.files.size).padStart(7)}`);
  }
  if (rows.length === 0) console.log('  (none)');
  console.log(`  samples with an error-severity PGSSI finding: ${errorFiles.size}`);
  const listed = [...errorFiles].slice(0, 12);
  for (const [f, errs] of listed) console.log(`    ${f}: ${[...new Set(errs.map((e) => e.rule))].join(', ')}`);
  if (errorFiles.size > listed.length) console.log(`    … and ${errorFiles.size - listed.length} more`);
}

for (const [kit, dir] of present) {
  measure(kit, dir, {}, 'default settings');
  measure(kit, dir, { production: true }, 'production mode');
}
