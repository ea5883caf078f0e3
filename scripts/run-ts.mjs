// Runs a TypeScript maintenance script (conformance, bench) by bundling it with esbuild into out/.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { basename, join } from 'node:path';

const [entry, ...args] = process.argv.slice(2);
const outfile = join('out', 'scripts', basename(entry).replace(/\.ts$/, '.cjs'));
await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning', sourcemap: true });
const r = spawnSync(process.execPath, ['--enable-source-maps', '--expose-gc', outfile, ...args], { stdio: 'inherit' });
process.exit(r.status ?? 1);
