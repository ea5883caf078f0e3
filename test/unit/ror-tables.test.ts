import { describe, expect, it } from 'vitest';
import { nodeDataSource } from '../../server/src/engine/data';
import { loadPgssiTables } from '../../server/src/pgssi/tables';
import { elementOf, isResourceType } from '../../server/src/ror/fhir/r4';
import { identifierProblem } from '../../server/src/ror/profile/keys';
import { fullUrl, rorTables } from '../../server/src/ror/profile/tables';
import { findValueSet } from '../../server/src/ror/profile/terminology';
import type { Binding } from '../../server/src/ror/profile/types';
import { engine } from '../helpers';

const tables = rorTables(nodeDataSource());

/** Follows a dotted path through the FHIR model; returns the failing segment, if any. */
function badSegment(type: string, dotted: string): string | undefined {
  let t = type;
  for (const seg of dotted.split('.').filter(Boolean)) {
    const el = elementOf(t, seg);
    if (!el) return `${t}.${seg}`;
    t = el.t;
  }
  return undefined;
}

describe('ROR tables (schemas/ror)', () => {
  const profiles = [...tables.profiles.values()];

  it('hold the 0.7.0 profiles and the two referenced but unpublished ones', () => {
    expect(profiles.map((p) => p.id).sort()).toEqual([
      'ror-core-organization-uf', 'ror-healthcareservice', 'ror-internal-organization', 'ror-location', 'ror-measure', 'ror-measurereport',
      'ror-organization', 'ror-practitioner', 'ror-practitionerrole', 'ror-questionnaire-healthcareservice', 'ror-task',
    ]);
  });

  it('every element, extension slot and slicing path exists in the FHIR R4 model', () => {
    const bad: string[] = [];
    for (const p of profiles) {
      for (const r of p.elements) if (badSegment(p.type, r.path)) bad.push(`${p.id}: ${r.path}`);
      for (const s of p.extensions) if (s.path && badSegment(p.type, s.path)) bad.push(`${p.id}: extension at ${s.path}`);
      for (const s of p.slicings) if (badSegment(p.type, s.path)) bad.push(`${p.id}: slicing ${s.path}`);
    }
    expect(bad).toEqual([]);
  });

  it('every extension a profile expects is in the catalogue, and every reference target is a resource type', () => {
    const missing = profiles.flatMap((p) => p.extensions.filter((s) => !tables.extensions.has(fullUrl(s.url))).map((s) => `${p.id}: ${s.url}`));
    expect(missing).toEqual([]);
    const targets = profiles.flatMap((p) => p.elements.flatMap((r) => r.targets?.types ?? []));
    expect(targets.filter((t) => !isResourceType(t))).toEqual([]);
  });

  it('every bound value set is bundled, except the commune list (reported as not checkable)', () => {
    const bindings: Binding[] = [];
    for (const p of profiles) {
      for (const r of p.elements) if (r.binding) bindings.push(r.binding);
      for (const s of p.slicings) for (const sl of s.slices) if (sl.valueSet) bindings.push({ valueSet: sl.valueSet, strength: 'required' });
    }
    for (const e of tables.extensions.values()) {
      if (e.binding) bindings.push(e.binding);
      for (const c of e.children ?? []) if (c.binding) bindings.push(c.binding);
    }
    const missing = [...new Set(bindings.map((b) => b.valueSet))].filter((u) => !findValueSet(engine().nos, u));
    expect(missing.filter((u) => !u.includes('JDV_J124-Commune'))).toEqual([]);
  });

  it('renamed extension ids point at catalogue entries', () => {
    for (const to of tables.renamed.values()) expect(tables.extensions.has(to)).toBe(true);
  });
});

describe('identifier keys (PGSSI-S / INSEE)', () => {
  it('the worked examples of the PGSSI-S note', () => {
    expect(identifierProblem('rpps', '10005173140')).toBeUndefined();
    expect(identifierProblem('finess', '750712184')).toBeUndefined(); // AP-HP
    expect(identifierProblem('siren', '732829320')).toBeUndefined();
    expect(identifierProblem('finess', '120459876')?.fr).toBe('clé de contrôle (Luhn) incorrecte');
  });

  it('SIRET: valid SIREN prefix required; La Poste by digit sum', () => {
    expect(identifierProblem('siret', '73282932000074')).toBeUndefined();
    expect(identifierProblem('siret', '35600000009075')).toBeUndefined(); // La Poste: Luhn fails, sum 35
    expect(identifierProblem('siret', '35600000009076')?.fr).toContain('La Poste');
    expect(identifierProblem('siret', '92131725800020')?.fr).toContain('SIREN');
    expect(identifierProblem('siret', '7328293200007')?.fr).toContain('14 chiffres');
  });

  it('FINESS format (Corsica letters: format only) and idNat_PS', () => {
    expect(identifierProblem('finess', '2A0000011')).toBeUndefined();
    expect(identifierProblem('finess', '7507121')?.fr).toContain('9 caractères');
    expect(identifierProblem('idnatps', '810005173140')).toBeUndefined();
    expect(identifierProblem('idnatps', '810005173141')?.en).toContain('RPPS');
    expect(identifierProblem('idnatps', '0123456789')).toBeUndefined(); // ADELI form: no key to check
    const idNat = loadPgssiTables(nodeDataSource())!.idNat;
    expect(identifierProblem('idnatst', '1750712184', idNat)).toBeUndefined();
    expect(identifierProblem('idnatst', '1750712185', idNat)?.fr).toContain("FINESS contenu dans l'idNatSt");
    expect(identifierProblem('idnatst', '373282932000074', idNat)).toBeUndefined();
    expect(identifierProblem('idnatst', '4123', idNat)).toBeUndefined(); // RPPS-rang: no key
    expect(identifierProblem('idnatst', '175071218', idNat)?.fr).toContain('9 caractères'); // read with the shared prefix table
  });
});
