/**
 * `npm run conformance`: validates the official CI-SIS samples in ../shared/corpus/cda and prints, per sample, our
 * error count beside the kit's verdict; then the agreement rate and what we catch that the kit misses.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, type Finding } from '../server/src/engine';
import { isPgssiRule } from '../server/src/engine/rules';
import { corpusDir, KIT_FAILURES, xmlFiles } from './corpus';

const dir = corpusDir('cda', 'TestContenuCDA-3-0');
if (!dir) {
  console.log('conformance: ../shared/corpus/cda is absent — nothing to compare, skipped.');
  process.exit(0);
}
const engine = createEngine({ settings: { locale: 'en' } });
const byRuleErrors = new Map<string, number>();
const byRuleWarnings = new Map<string, number>();
const byRuleInfos = new Map<string, number>();
let agree = 0;
const rows: string[] = [];
const files = xmlFiles(dir);
for (const f of files) {
  const result = engine.validateBytes(readFileSync(join(dir, f)));
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  const warnings = result.diagnostics.filter((d) => d.severity === 'warning');
  for (const d of errors) byRuleErrors.set(d.rule, (byRuleErrors.get(d.rule) ?? 0) + 1);
  for (const d of warnings) byRuleWarnings.set(d.rule, (byRuleWarnings.get(d.rule) ?? 0) + 1);
  for (const d of result.diagnostics) if (d.severity === 'information') byRuleInfos.set(d.rule, (byRuleInfos.get(d.rule) ?? 0) + 1);
  const kitClean = !(f in KIT_FAILURES);
  const ourClean = errors.length === 0;
  const same = kitClean === ourClean;
  if (same) agree++;
  rows.push(
    `${same ? ' ' : '≠'} ${f.padEnd(58)} ${String(errors.length).padStart(3)} err ${String(warnings.length).padStart(4)} warn  kit: ${kitClean ? 'clean' : 'FAIL (' + KIT_FAILURES[f] + ')'}${
      ourClean ? '' : '  ours: ' + summarize(errors)
    }`,
  );
}
console.log(rows.join('\n'));
console.log(`\nverdict agreement with the official kit: ${agree}/${files.length} (${((100 * agree) / files.length).toFixed(1)} %)`);
const table = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).map(([r, n]) => `  ${r.padEnd(40)} ${n}`).join('\n');
console.log(`\nerrors by rule:\n${table(byRuleErrors) || '  none'}`);
console.log(`\nwarnings by rule (what the kit does not report):\n${table(byRuleWarnings) || '  none'}`);
console.log(`\ninformation by rule:\n${table(byRuleInfos) || '  none'}`);
const security = [...byRuleErrors, ...byRuleWarnings, ...byRuleInfos].filter(([r]) => isPgssiRule(engine.registry.get(r)));
const securityErrors = security.filter(([r]) => byRuleErrors.has(r)).map(([r]) => `${r} ×${byRuleErrors.get(r)}`);
console.log(
  `\nPGSSI-S / INS / identifier findings on the official samples: ${security.reduce((n, [, c]) => n + c, 0)} (at error severity: ${securityErrors.join(', ') || 'none'})`,
);

function summarize(errors: Finding[]): string {
  const ids = new Map<string, number>();
  for (const e of errors) ids.set(e.rule, (ids.get(e.rule) ?? 0) + 1);
  return [...ids.entries()].map(([r, n]) => `${r}×${n}`).join(', ');
}
