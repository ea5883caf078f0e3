import { readIdNat } from '../pgssi/idnat';
import { assessSystemIdentifier, idNatPsOfRpps } from '../pgssi/registers';
import { registerSystem } from '../pgssi/systems';
import { down, isObject, objects, own, str, type JsonObject, type PathNode } from './json/path';
import type { ResourceScope } from './scope';

/**
 * Identifiers of the professional and organisation registers in every resource of the FHIR JSON family: the system's
 * spelling (catalogue ID-07) and the value (ID-02 to ID-06: idNat prefixes, register number formats and keys), by the
 * shared table and assessments (`pgssi/systems.ts`, `pgssi/registers.ts`). The base walk notes each `Identifier`;
 * once the ROR profiles have run, the notes they did not already report (ROR-IDENTIFIER-SYSTEM with the same expected
 * system, ROR-IDENTIFIER-KEY on the same value) become findings. A Practitioner's idNat_PS and RPPS must name the same
 * professional (ID-02 cross-check).
 */

/** Called by the base walk on every Identifier (resource identifiers, Reference.identifier, valueIdentifier…). */
export function noteIdentifierSystem(scope: ResourceScope, identifier: JsonObject, at: PathNode | undefined): void {
  const tables = scope.doc.pgssi;
  const system = str(own(identifier, 'system'));
  if (!tables || system === undefined || !at) return;
  const register = registerSystem(system, tables.systems);
  if (!register) return;
  if (register.canonical !== system) {
    (scope.systemSpellings ??= []).push({ path: down(at, 'system'), found: system, name: register.name, canonical: register.canonical });
  }
  const value = str(own(identifier, 'value'));
  if (!value) return;
  const finding = assessSystemIdentifier(register, value, typeCodes(identifier), tables.idNat, scope.doc.locale);
  if (finding) (scope.registerValues ??= []).push({ path: down(at, 'value'), ...finding });
}

/** Reports the notes of the base walk, after the profiles (see above). */
export function reportSystemSpellings(scope: ResourceScope): void {
  for (const s of scope.systemSpellings ?? []) {
    if (scope.findings.reportedAt('ROR-IDENTIFIER-SYSTEM', s.path).some((d) => d?.expected === s.canonical)) continue;
    const fix = { title: { fr: `Écrire ${s.canonical}`, en: `Write ${s.canonical}` }, newText: JSON.stringify(s.canonical) };
    scope.findings.report('ID-SYSTEM-SPELLING', s.path, 'value', { found: s.found, name: s.name, expected: s.canonical }, fix);
  }
  for (const v of scope.registerValues ?? []) {
    if (scope.findings.reportedAt('ROR-IDENTIFIER-KEY', v.path).length === 0) scope.findings.report(v.rule, v.path, 'value', v.data);
  }
  scope.systemSpellings = undefined;
  scope.registerValues = undefined;
}

/**
 * A Practitioner with both an idNat_PS of the RPPS form (`8` + 11 digits) and an RPPS identifier: the idNat_PS is `8` +
 * RPPS (MOS idNat_PS; Annuaire Santé). Reported on the idNat_PS value when it matches none of the RPPS numbers. An
 * idNat_PS of another form (ADELI, structure-bound) is not compared: it may predate the RPPS.
 */
export function checkPractitionerIdNat(scope: ResourceScope): void {
  const tables = scope.doc.pgssi;
  if (!tables) return;
  const idNats: { value: string; path: PathNode }[] = [];
  const rpps: string[] = [];
  objects(own(scope.resource, 'identifier')).forEach((id, i) => {
    const system = str(own(id, 'system'));
    const value = str(own(id, 'value'));
    if (system === undefined || !value) return;
    const register = registerSystem(system, tables.systems);
    if (register?.idNat === 'ps' && readIdNat(value, tables.idNat.ps).prefix?.register === 'rpps') idNats.push({ value, path: down(down(down(scope.root, 'identifier'), i), 'value') });
    else if (register?.numbers?.some((n) => n.register === 'rpps')) rpps.push(value);
  });
  if (idNats.length === 0 || rpps.length === 0) return;
  const expected = rpps.map((r) => idNatPsOfRpps(r, tables.idNat.ps)).filter((e): e is string => e !== undefined);
  if (expected.length === 0) return;
  for (const id of idNats) {
    if (!expected.includes(id.value)) scope.findings.report('ID-PS-RPPS-MISMATCH', id.path, 'value', { idnat: id.value, rpps: rpps[0], expected: expected[0] });
  }
}

/** `system|code` of the identifier's type codings. */
function typeCodes(identifier: JsonObject): string[] {
  const type = own(identifier, 'type');
  if (!isObject(type)) return [];
  return objects(own(type, 'coding')).map((c) => `${str(own(c, 'system')) ?? ''}|${str(own(c, 'code')) ?? ''}`);
}

