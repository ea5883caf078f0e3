import { misspelledSystem } from '../pgssi/systems';
import { down, own, segments, str, type JsonObject, type PathNode } from './json/path';
import type { ResourceScope } from './scope';

/**
 * Identifier system spelling of the professional and organisation registers (catalogue ID-07) in every resource of
 * the FHIR JSON family: the base walk notes each `Identifier` whose system misspells RPPS, RPPS rang, FINESS,
 * SIREN/SIRET, idNat_PS or idNat_Struct (shared table and matcher in `pgssi/systems.ts`); once the ROR profiles have
 * run, the notes they did not already report (ROR-IDENTIFIER-SYSTEM, same expected system) become ID-SYSTEM-SPELLING
 * findings with a quick fix to the canonical spelling.
 */

/** Called by the base walk on every Identifier (resource identifiers, Reference.identifier, valueIdentifier…). */
export function noteIdentifierSystem(scope: ResourceScope, identifier: JsonObject, at: PathNode | undefined): void {
  const table = scope.doc.pgssi?.systems;
  const system = str(own(identifier, 'system'));
  if (!table || system === undefined || !at) return;
  const register = misspelledSystem(system, table);
  if (!register) return;
  (scope.systemSpellings ??= []).push({ path: down(at, 'system'), found: system, name: register.name, canonical: register.canonical });
}

/** A ROR profile reported the system at `path` (an Identifier's `system`) and expects `expected` there. */
export function noteRorSystem(scope: ResourceScope, path: PathNode | undefined, expected: string): void {
  (scope.rorSystems ??= new Set()).add(`${key(path)}|${expected}`);
}

export function reportSystemSpellings(scope: ResourceScope): void {
  for (const s of scope.systemSpellings ?? []) {
    if (scope.rorSystems?.has(`${key(s.path)}|${s.canonical}`)) continue;
    const fix = { title: { fr: `Écrire ${s.canonical}`, en: `Write ${s.canonical}` }, newText: JSON.stringify(s.canonical) };
    scope.findings.report('ID-SYSTEM-SPELLING', s.path, 'value', { found: s.found, name: s.name, expected: s.canonical }, fix);
  }
  scope.systemSpellings = undefined;
}

const key = (path: PathNode | undefined) => JSON.stringify(segments(path));

