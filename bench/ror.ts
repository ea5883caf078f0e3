/**
 * ROR figures (printed, never asserted): cold start to first diagnostics, a generated 10,000-resource
 * searchset Bundle validated in one process, and repeated validation of a 1 MB Bundle being edited.
 * Run with `node scripts/run-ts.mjs bench/ror.ts`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine } from '../server/src/engine';

const repo = join(__dirname, '..', '..');
const sample = (name: string) => JSON.parse(readFileSync(join(repo, 'samples', 'ror', name), 'utf8')) as Record<string, unknown>;
const ms = (x: number) => `${x.toFixed(1)} ms`;

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/** A searchset of `count` resources: one offer in four is a match, the rest are its includes. */
function searchset(count: number, pretty = false): string {
  const templates = ['healthcareservice.json', 'organization-eg.json', 'location.json', 'practitionerrole.json'].map(sample);
  const entry: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const r = structuredClone(templates[i % templates.length]) as Record<string, unknown>;
    const id = `${String(r.id)}-${i}`;
    r.id = id;
    entry.push({ fullUrl: `https://ror.example.fr/fhir/${String(r.resourceType)}/${id}`, resource: r, search: { mode: i % 4 === 0 ? 'match' : 'include' } });
  }
  return JSON.stringify({ resourceType: 'Bundle', type: 'searchset', total: Math.ceil(count / 4), entry }, null, pretty ? 2 : undefined);
}

const t0 = performance.now();
const engine = createEngine();
const first = engine.validate(readFileSync(join(repo, 'samples', 'ror', 'healthcareservice.json'), 'utf8'));
console.log(`ROR cold start: engine + first diagnostics ${ms(performance.now() - t0)} (${first.diagnostics.length} findings; target ≤ 500 ms)`);

const cli = join(repo, 'dist', 'cli.js');
if (existsSync(cli)) {
  const t = performance.now();
  const r = spawnSync(process.execPath, [cli, 'validate', join(repo, 'samples', 'ror', 'healthcareservice.json')], { encoding: 'utf8' });
  console.log(`  CLI process (node start, bundle load, validation, exit): ${ms(performance.now() - t)}, exit ${r.status}`);
} else {
  console.log('  dist/cli.js absent (npm run build): CLI start not measured');
}

engine.validate(searchset(200)); // warm-up
for (const pretty of [false, true]) {
  const big = searchset(10_000, pretty);
  const runs = [0, 1, 2].map(() => {
    const t = performance.now();
    const r = engine.validate(big);
    if (r.diagnostics.some((d) => d.severity === 'error')) throw new Error('generated bundle should be valid');
    return performance.now() - t;
  });
  const best = Math.min(...runs);
  const label = pretty ? 'pretty-printed' : 'minified, as the API serves it';
  console.log(`10,000-resource searchset, ${label} (${(big.length / 1e6).toFixed(1)} MB): best of 3 ${ms(best)} → ${((10_000 / best) * 1000).toFixed(0)} resources/s (target ≥ 5,000)`);
}
console.log(`  RSS after: ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);

// Editing: a ~1 MB Bundle where each keystroke changes one value; every version is validated in full.
let size = 100;
let doc = searchset(size, true);
while (doc.length < 1_000_000) doc = searchset((size += 10), true);
const marker = '"Chirurgie gynécologique – hospitalisation complète"';
const at = doc.indexOf(marker);
const times: number[] = [];
for (let i = 0; i < 60; i++) {
  const edited = doc.slice(0, at + 1) + 'x'.repeat(i % 7) + doc.slice(at + 1);
  const t = performance.now();
  engine.validate(edited);
  times.push(performance.now() - t);
}
const steady = times.slice(5);
console.log(`Editing a ${(doc.length / 1e6).toFixed(2)} MB Bundle (${size} resources), 55 validations: median ${ms(percentile(steady, 50))}, p95 ${ms(percentile(steady, 95))} (target p95 ≤ 100 ms)`);
