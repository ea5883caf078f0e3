#!/usr/bin/env node
/**
 * Maintainers only: rebuilds the bundled NOS code lists under `schemas/nos/` from a local corpus of ANS exports.
 *
 *   node scripts/nos-build.mjs [corpusDir]      (default: ../shared/corpus next to the repository)
 *
 * Reads IHE SVS and ART-DECOR XML and FHIR R4 JSON with the product's own importer (server/src/nos/import.ts,
 * bundled on the fly with esbuild), keeps the newest copy of each list, expands FHIR includes, and writes
 * `index.json`, one compact file per list under `lists/`, and `PROVENANCE.md`.
 */
import { build } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = dirname(dirname(fileURLToPath(import.meta.url)));
const corpus = process.argv[2] ?? join(repoRoot, '..', 'shared', 'corpus');
const outDir = join(repoRoot, 'schemas', 'nos');

/** Source folders, in order of preference when two copies of a list carry the same date. */
const SOURCES = [
  { dir: 'cda-valuesets/jeuxDeValeurs', origin: 'ansforge/TestContenuCDA-3-0 @ 7cd489b3 (2025-02-19), jeuxDeValeurs/', format: 'IHE SVS XML' },
  { dir: 'cda-valuesets/artdecor-voc', origin: 'ansforge/TestContenuCDA-3-0 @ 7cd489b3, schematrons/profils/structurationMinimale/include/', format: 'ART-DECOR XML' },
  { dir: 'nos/fhir-terminologies-ig-main', origin: 'ansforge/IG-terminologie-de-sante @ 0004f3b0 (IG v1.12.0, NOS up to 2026-07-30)', format: 'FHIR R4 JSON' },
  { dir: 'nos/svs-cisis-3.0', origin: 'ansforge/TestContenuCDA-3-0 @ 7cd489b3, jeuxDeValeurs/ (same files as cda-valuesets)', format: 'IHE SVS XML' },
  { dir: 'nos/svs-cisis-2.41-tre', origin: 'ansforge/TestContenuCDA-2-41 @ d890ebd8 (2023-10-23), jeuxDeValeurs/TRE_*', format: 'IHE SVS XML' },
  { dir: 'nos/fhir-ig-nos-2023', origin: 'ansforge/IG-NOS @ b8b0cc32 (NOS state of 2023-03-31), ig/allNos2/', format: 'FHIR R4 JSON' },
  { dir: 'ror/terminology', origin: 'ansforge/IG-fhir-repertoire-offre-ressources-sante @ 3cbc55bc (IG 0.7.0), main/ig/', format: 'FHIR R4 JSON' },
  { dir: 'ror/terminology/nos-samples', origin: 'ansforge/IG-terminologie-de-sante (samples copied with the ROR IG)', format: 'FHIR R4 JSON' },
];

/** Lists the validators bind to; the provenance says which of them are not bundled. */
const EXPECTED = [
  ...['471', '461', '466', '467', '124', '528', '588', '589', '590', '591', '718', '719'].map((n) => `1.2.250.1.213.1.1.5.${n}`),
  '1.2.250.1.213.3.3.16',
  '2.16.840.1.113883.1.11.10228',
  // ROR IG bindings (JDV short names).
  ...'J16 J17 J18 J19 J20 J26 J28 J29 J30 J32 J33 J35 J41 J51 J55 J124 J185 J186 J187 J188 J189 J190 J191 J192 J193 J194 J195 J198 J199 J200 J202 J203 J207 J209 J217 J218 J219 J220 J221 J222 J223 J224 J225 J226 J227 J228 J229 J230 J237 J238 J241 J242 J244'
    .split(' ')
    .map((j) => `JDV_${j}`),
];

const nos = await loadNosModules();

if (!existsSync(corpus)) {
  console.error(`corpus folder not found: ${corpus}`);
  process.exit(1);
}

// 1. Import every file.
const imported = [];
const fileProblems = [];
const perSource = [];
for (const [rank, src] of SOURCES.entries()) {
  const dir = join(corpus, src.dir);
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => /\.(xml|json)$/i.test(f)).sort() : [];
  let lists = 0;
  let concepts = 0;
  for (const file of files) {
    const text = nos.decodeNosBytes(readFileSync(join(dir, file)));
    const { records, problems } = nos.importNosText(text);
    for (const message of problems) fileProblems.push({ file: `${src.dir}/${file}`, message });
    for (const record of records) {
      imported.push({ record, source: `${src.dir}/${file}`, rank });
      lists++;
      concepts += record.concepts.length;
    }
  }
  perSource.push({ ...src, files: files.length, lists, concepts });
}

// 2. Code system OID ↔ URL: well-known first (they win), then what the sources declare, newest first.
const systems = [];
const oidUrl = new Map();
const urlOid = new Map();
const conflicts = [];
const addSystem = (oid, url, from) => {
  const key = nos.urlKey(url);
  const had = urlOid.get(key);
  if (had && had !== oid) conflicts.push(`${url}: ${had} kept, ${oid} (${from}) ignored`);
  if (had) return;
  urlOid.set(key, oid);
  if (!oidUrl.has(oid)) oidUrl.set(oid, url);
  systems.push([oid, url]);
};
for (const [oid, url] of nos.WELL_KNOWN_SYSTEMS) addSystem(oid, url, 'well-known');
const byNewest = [...imported].sort((a, b) => (b.record.date ?? '').localeCompare(a.record.date ?? '') || a.rank - b.rank);
const declared = (kind) => byNewest.filter((i) => i.record.kind === kind);
for (const { record, source } of [...declared('CodeSystem'), ...declared('ValueSet')]) {
  for (const [oid, url] of record.systems ?? []) addSystem(oid, url, source);
}
alignSystems();
const systemOid = (ref) => nos.asOid(ref) ?? urlOid.get(nos.urlKey(ref));

// 3. Keep the newest copy of each list (same OID, or same URL/name when there is no OID).
const identity = (r) => r.oid || (r.url ? nos.urlKey(r.url) : `name:${nos.nameKey(r.name)}`);
const kept = new Map();
const superseded = [];
for (const item of imported) {
  const id = identity(item.record);
  const had = kept.get(id);
  if (!had) {
    kept.set(id, item);
    continue;
  }
  const newer = (item.record.date ?? '') > (had.record.date ?? '') ||
    ((item.record.date ?? '') === (had.record.date ?? '') && item.rank < had.rank);
  const [win, lose] = newer ? [item, had] : [had, item];
  kept.set(id, win);
  superseded.push({ id, win, lose });
  // The dropped copy's name and URL keep answering, for the newer list.
  win.aliases = [...new Set([...(win.aliases ?? []), ...(lose.aliases ?? []), lose.record.name, lose.record.url].filter(Boolean))]
    .filter((a) => a !== win.record.name && a !== win.record.url && nos.nameKey(a) !== nos.nameKey(win.record.name));
}

// 4. Expand FHIR includes against the kept lists.
const byUrl = new Map();
for (const item of kept.values()) {
  const url = item.record.url;
  if (!url) continue;
  const key = nos.urlKey(url);
  for (const k of [key, key.split('/FHIR/')[0]]) {
    const had = byUrl.get(k);
    if (!had || (item.record.date ?? '') > (had.record.date ?? '')) byUrl.set(k, item);
  }
}
const expanded = new Map();
const missingRefs = [];
const expand = (item, stack = new Set()) => {
  if (expanded.has(item)) return expanded.get(item);
  const r = item.record;
  if (!r.includes?.length && !r.excludes?.length) {
    expanded.set(item, r.concepts);
    return r.concepts;
  }
  if (stack.has(item)) return undefined;
  stack.add(item);
  const { concepts, missing } = nos.expandRecord(r, {
    resolve: (url) => {
      const target = byUrl.get(nos.urlKey(url));
      return target ? expand(target, stack) : undefined;
    },
    systemOid,
  });
  stack.delete(item);
  if (missing.length) {
    item.incomplete = true;
    missingRefs.push({ item, missing });
  }
  expanded.set(item, concepts);
  return concepts;
};

// 5. Write the bundle.
const listsDir = join(outDir, 'lists');
rmSync(listsDir, { recursive: true, force: true });
mkdirSync(listsDir, { recursive: true });
const entries = [];
const usedFiles = new Set();
const ordered = [...kept.values()].sort((a, b) => a.record.name.localeCompare(b.record.name) || a.record.oid.localeCompare(b.record.oid));
for (const item of ordered) {
  const r = item.record;
  const concepts = expand(item).map((c) => {
    const oid = c.system && !nos.asOid(c.system) ? systemOid(c.system) : undefined;
    return oid ? { ...c, system: oid } : c;
  });
  const record = { ...r, concepts, includes: undefined, excludes: undefined, systems: undefined };
  if (item.incomplete) record.incomplete = true;
  const file = uniqueFile(r, usedFiles);
  const compact = nos.toCompact(record);
  writeFileSync(join(listsDir, file), serializeList(compact));
  const entry = { ...nos.listHeader(record), count: concepts.length, file, source: item.source };
  if (item.aliases?.length) entry.aliases = item.aliases;
  entries.push(entry);
}
const index = { format: nos.NOS_FORMAT, lists: entries, systems };
writeFileSync(join(outDir, 'index.json'), serializeIndex(index));
const total = dirSize(listsDir) + readFileSync(join(outDir, 'index.json')).length;
writeFileSync(join(outDir, 'PROVENANCE.md'), provenance());

console.log(`schemas/nos: ${entries.length} lists, ${entries.reduce((n, e) => n + e.count, 0)} concepts, ${systems.length} code systems, ${(total / 1024).toFixed(0)} KiB`);
if (fileProblems.length) console.log(`${fileProblems.length} file problems (see PROVENANCE.md)`);

// ---------------------------------------------------------------------------------------------------------

/**
 * The same list published with OIDs (SVS) and with URLs (FHIR, no OID designation): codes found in both copies
 * tie each code-system URL to its OID. A URL is paired only when every shared code points to the same OID.
 */
function alignSystems() {
  const copies = new Map();
  for (const { record } of imported) {
    if (!record.oid) continue;
    copies.set(record.oid, [...(copies.get(record.oid) ?? []), record]);
  }
  const votes = new Map();
  for (const group of copies.values()) {
    if (group.length < 2) continue;
    const oidsOf = new Map();
    for (const r of group) {
      for (const c of r.concepts) if (nos.asOid(c.system)) oidsOf.set(c.code, new Set([...(oidsOf.get(c.code) ?? []), c.system]));
    }
    for (const r of group) {
      for (const c of r.concepts) {
        const oids = oidsOf.get(c.code);
        if (nos.asOid(c.system) || !c.system || oids?.size !== 1) continue;
        const url = nos.urlKey(c.system);
        const seen = votes.get(url) ?? new Set();
        seen.add([...oids][0]);
        votes.set(url, seen);
      }
    }
  }
  for (const [url, oids] of votes) {
    if (oids.size === 1) addSystem([...oids][0], url, 'aligned by code across copies of a list');
    else conflicts.push(`${url}: copies disagree on the OID (${[...oids].join(', ')}); not paired`);
  }
}

async function loadNosModules() {
  const entry = ['import', 'expand', 'compact', 'systems', 'names']
    .map((m) => `export * from './server/src/nos/${m}';`)
    .join('\n');
  const result = await build({
    stdin: { contents: entry, resolveDir: repoRoot, loader: 'ts', sourcefile: 'nos-build-entry.ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    logLevel: 'error',
  });
  const dir = mkdtempSync(join(tmpdir(), 'nos-build-'));
  const file = join(dir, 'nos.mjs');
  writeFileSync(file, result.outputFiles[0].text);
  try {
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function uniqueFile(r, used) {
  const base = (r.oid || nos.nameKey(r.name).toLowerCase()).replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100);
  let file = `${base}.json`;
  for (let n = 2; used.has(file.toLowerCase()); n++) file = `${base}~${n}.json`;
  used.add(file.toLowerCase());
  return file;
}

/** One concept per line: compact, and diffs stay readable when a list changes. */
function serializeList(list) {
  const { concepts, ...head } = list;
  const lines = concepts.map((c) => JSON.stringify(c));
  const headJson = JSON.stringify(head);
  return `${headJson.slice(0, -1)},"concepts":[\n${lines.join(',\n')}\n]}\n`;
}

function serializeIndex(idx) {
  const lists = idx.lists.map((e) => JSON.stringify(e)).join(',\n');
  const sys = idx.systems.map((s) => JSON.stringify(s)).join(',\n');
  return `{"format":${idx.format},\n"lists":[\n${lists}\n],\n"systems":[\n${sys}\n]}\n`;
}

function dirSize(dir) {
  let n = 0;
  for (const f of readdirSync(dir, { withFileTypes: true })) {
    n += f.isDirectory() ? dirSize(join(dir, f.name)) : readFileSync(join(dir, f.name)).length;
  }
  return n;
}

function provenance() {
  const today = new Date().toISOString().slice(0, 10);
  const resolves = (ref) => {
    if (nos.asOid(ref)) return entries.find((e) => e.oid === ref);
    const key = nos.shortNameKey(ref);
    return entries.find((e) => nos.shortNameKey(e.name) === key);
  };
  const missingExpected = EXPECTED.filter((ref) => !resolves(ref));
  const cell = (s) => String(s ?? '').replace(/\|/g, '\\|');
  const out = [];
  out.push('# NOS code lists bundled under `schemas/nos/` — provenance', '');
  out.push(`Generated ${today} by \`scripts/nos-build.mjs\` from a local corpus of ANS exports (not shipped). The files here`);
  out.push('hold facts only (codes, code systems, labels, OIDs, URLs, dates), re-encoded as compact JSON: `index.json`');
  out.push('lists every list and the code-system OID ↔ URL map; `lists/<OID>.json` holds one list each');
  out.push('(`server/src/nos/compact.ts` documents the format). The codes of third-party terminologies found inside the');
  out.push('lists (LOINC, SNOMED CT, CIM-10, EDQM, ATC…) remain under their owners\' terms of use.', '');
  out.push(`Totals: **${entries.length} lists**, ${entries.reduce((n, e) => n + e.count, 0)} concepts, ${systems.length} code-system OID ↔ URL pairs, ${(total / 1024 / 1024).toFixed(2)} MB.`, '');
  out.push('## Sources', '');
  out.push('Preference order when two copies of a list have the same date is the order of this table; otherwise the copy with the');
  out.push('most recent date (SVS `dateMaj`, FHIR `date`, ART-DECOR `versionLabel`) is kept.', '');
  out.push('| folder | upstream | format | files | lists read | concepts read |', '|---|---|---|---|---|---|');
  for (const s of perSource) out.push(`| \`${s.dir}/\` | ${s.origin} | ${s.format} | ${s.files} | ${s.lists} | ${s.concepts} |`);
  out.push('');
  out.push('## Notes', '');
  out.push('- The CI-SIS header binds the document `code` to `1.2.250.1.213.1.1.5.471` (JDV_J07_XdsTypeCode_CISIS). Its ART-DECOR');
  out.push('  `voc-…-DYNAMIC.xml` file is missing from the CDA kit; the list is served from the SVS file `JDV_J07_XdsTypeCode_CISIS.xml`.');
  out.push('- SVS files of type TRE whose OID belongs to an external terminology (e.g. `TRE_A04-Loinc` = LOINC `2.16.840.1.113883.6.1`)');
  out.push('  only hold the subset NOS publishes; they are flagged `incomplete` (a code absent from them is not an error by itself).');
  out.push('- Canonical URLs of SVS lists are derived from `urlFichier` with the NOS convention');
  out.push('  (`…/NOS/JDV_J07-XdsTypeCode-CISIS` → `…/NOS/JDV_J07-XdsTypeCode-CISIS/FHIR/JDV-J07-XdsTypeCode-CISIS`).');
  out.push('');
  out.push('## Lists referenced but not bundled', '');
  if (missingExpected.length) {
    out.push('Bound by the CI-SIS header or the ROR IG, absent from the corpus (validators must treat them as unknown):', '');
    out.push(missingExpected.map((r) => `\`${r}\``).join(', '), '');
  } else out.push('Every list bound by the CI-SIS header and the ROR IG is bundled.', '');
  if (missingRefs.length) {
    out.push('FHIR value sets whose `compose.include` names a code system or value set that is not bundled (kept, flagged `incomplete`):', '');
    out.push('| list | source | unresolved references |', '|---|---|---|');
    for (const { item, missing } of missingRefs) out.push(`| ${cell(item.record.name)} | \`${item.source}\` | ${missing.map((m) => `\`${m}\``).join(', ')} |`);
    out.push('');
  }
  out.push('## Lists found in several sources (newest kept)', '');
  const different = superseded.filter(({ win, lose }) => !(win.source.endsWith(lose.source.split('/').pop()) && win.record.date === lose.record.date && win.record.concepts.length === lose.record.concepts.length));
  const identical = superseded.length - different.length;
  out.push(`${identical} copies were identical by file name, date and count (the SVS files present both in \`cda-valuesets/jeuxDeValeurs\``);
  out.push('and `nos/svs-cisis-3.0`); the first listed source was kept. The others:', '');
  out.push('| OID / key | kept (date, count) | dropped (date, count) |', '|---|---|---|');
  for (const { id, win, lose } of different) {
    out.push(`| ${cell(id)} | \`${win.source}\` (${win.record.date ?? '—'}, ${win.record.concepts.length}) | \`${lose.source}\` (${lose.record.date ?? '—'}, ${lose.record.concepts.length}) |`);
  }
  out.push('');
  const urlOnly = new Map();
  for (const e of entries) {
    const list = JSON.parse(readFileSync(join(listsDir, e.file), 'utf8'));
    for (const s of list.systems) if (s.includes('://')) urlOnly.set(s, [...(urlOnly.get(s) ?? []), e.name]);
  }
  if (urlOnly.size) {
    out.push('## Code systems known only by URL', '');
    out.push('No source in the corpus gives their OID, so concepts from them keep the URL as `system`. That is their identity');
    out.push('for FHIR-only code systems (ROR IG, FHIR core); for the NOS TREs below, a lookup by OID cannot match until the');
    out.push('TRE export (SVS file, or FHIR CodeSystem with its `urn:oid` identifier) is added to the corpus.', '');
    for (const [url, names] of [...urlOnly].sort()) out.push(`- ${url} (${names.length} list${names.length > 1 ? 's' : ''}: ${names.slice(0, 4).join(', ')}${names.length > 4 ? ', …' : ''})`);
    out.push('');
  }
  if (conflicts.length) {
    out.push('## Code-system URL conflicts', '', ...conflicts.map((c) => `- ${c}`), '');
  }
  if (fileProblems.length) {
    out.push('## Files that could not be read', '', ...fileProblems.map((p) => `- \`${p.file}\`: ${p.message}`), '');
  }
  out.push('## Lists', '');
  out.push('| name | OID | kind | version / date | concepts | file | source |', '|---|---|---|---|---|---|---|');
  for (const e of entries) {
    const flags = [e.status === 'retired' ? 'retired' : '', e.incomplete ? 'incomplete' : ''].filter(Boolean).join(', ');
    out.push(`| ${cell(e.name)}${flags ? ` (${flags})` : ''} | ${e.oid || '—'} | ${e.kind} | ${cell(e.version ?? '')} / ${e.date ?? '—'} | ${e.count} | \`lists/${e.file}\` | \`${e.source}\` |`);
  }
  out.push('');
  return out.join('\n');
}
