// Writes docs/rules/<RULE-ID>.md and docs/rules/README.md from the rule tables in schemas/rules/.
// The same tables drive the engine and the example tests, so the pages cannot drift from the rules.
// `--check` exits 1 when a committed page differs from what the tables give (used by the tests).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
const outDir = join(root, 'docs', 'rules');

const FAMILY = { xml: 'XML', common: 'Commun / common', cda: 'CDA (CI-SIS)', ror: 'ROR (FHIR)', 'service-sheet': 'Fiches de services', pgssi: 'PGSSI-S', nos: 'NOS (CDA, ROR)' };
const SEV = { error: 'erreur / error', warning: 'avertissement / warning', information: 'information', hint: 'indice / hint' };

function excerpt(base, edits) {
  if (edits.length === 0) return `_(${base} tel quel / as is)_`;
  return edits
    .map(([from, to]) => '```diff\n' + from.split('\n').map((l) => '- ' + l).join('\n') + '\n' + (to === '' ? '' : to.split('\n').map((l) => '+ ' + l).join('\n') + '\n') + '```')
    .join('\n');
}

export function renderRule(rule) {
  const ex = (kind) =>
    rule.examples
      .filter((e) => e.expect === kind)
      .map((e) => `Base : \`${e.base}\`${e.note ? ` — ${e.note}` : ''}${e.encode ? ` (octets ${e.encode})` : ''}${e.pad ? ` (+${e.pad} espaces)` : ''}\n\n${excerpt(e.base, e.edits)}`)
      .join('\n\n');
  return `# ${rule.id}

**${rule.title.fr}** — _${rule.title.en}_

| | |
|---|---|
| Famille / family | ${FAMILY[rule.family] ?? rule.family} |
| Sévérité par défaut / default severity | ${SEV[rule.severity]} |
| Source | ${rule.source} |
${rule.beyondKit ? '| Au-delà du kit officiel / beyond the official kit | oui / yes |\n' : ''}${rule.pgssi ? '| Section PGSSI-S du rapport / PGSSI-S section of the report | oui / yes |\n' : ''}
## Message

- fr : ${rule.message.fr}
- en : ${rule.message.en}

## Exemple invalide / invalid example

${ex('invalid')}

## Exemple valide / valid example

${ex('valid')}

## Régler la sévérité / changing the severity

\`interop-sante.config.json\` : \`{ "rules": { "${rule.id}": "off" } }\` — VS Code : \`"interopSante.rules": { "${rule.id}": "warning" }\`.
`;
}

const tables = readdirSync(join(root, 'schemas', 'rules'))
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(root, 'schemas', 'rules', f), 'utf8')));
const rules = tables.flatMap((t) => t.rules.map((r) => ({ ...r, family: t.family })));
const pages = new Map(rules.map((r) => [`${r.id}.md`, renderRule(r)]));
const index =
  '# Règles / rules\n\nGénéré depuis `schemas/rules/*.json` par `npm run docs:rules`. Generated from the rule tables.\n\n| id | famille | sévérité | titre |\n|---|---|---|---|\n' +
  rules.map((r) => `| [${r.id}](${r.id}.md) | ${r.family} | ${r.severity} | ${r.title.fr} |`).join('\n') +
  '\n';
pages.set('README.md', index);

let stale = 0;
if (!check) mkdirSync(outDir, { recursive: true });
for (const [name, text] of pages) {
  const file = join(outDir, name);
  const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (current === text) continue;
  if (check) {
    console.error(`stale: docs/rules/${name}`);
    stale++;
  } else writeFileSync(file, text);
}
if (existsSync(outDir)) {
  for (const f of readdirSync(outDir)) {
    if (!pages.has(f)) {
      console.error(`orphan page (no such rule): docs/rules/${f}`);
      stale++;
    }
  }
}
if (check && stale > 0) {
  console.error('run `npm run docs:rules` to regenerate');
  process.exit(1);
}
console.log(`${rules.length} rules, ${check ? 'pages up to date' : 'pages written'}`);
