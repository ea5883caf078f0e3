import { classifyInsRoot, type InsOid, type InsTable } from './ins';

/**
 * Identity status against the INS carried (catalogue INS-07, INS-08). The RNIV gives every local identity one of four
 * confidence statuses — PROV (provisoire), RECUP (récupérée), VALI (validée), QUAL (qualifiée) — and the INS may only
 * be sent for a qualified identity. FR Core (FRCorePatientINSProfile) fixes the `use` of each INS identifier and keys
 * its invariants fr-core-1 (an INS is present) and fr-core-2 (one official identifier, or an INS-NIA) on VALI. Pure:
 * the caller reads the status and identifiers out of its format (FHIR Patient) and places the findings.
 */

/** One identifier of the patient: its authority OID (without `urn:oid:`) and its `use`, as written. */
export interface PatientIdentifier {
  root?: string;
  use?: string;
}

export interface IdentityInput {
  /** The identity status code (`PROV`, `RECUP`, `VALI`, `QUAL`; other codes are not judged); undefined when absent. */
  status?: string;
  identifiers: PatientIdentifier[];
  /** The resource claims the FR Core Patient INS profile, whose invariants bind VALI identities too. */
  insProfile: boolean;
}

export type IdentityFinding =
  /** An INS is carried although the identity is provisional or only retrieved: on the status code. */
  | { rule: 'INS-STATUS-NOT-QUALIFIED'; on: 'status'; data: { status: string; name: string } }
  /** An INS is carried without any identity status: on the first INS identifier. */
  | { rule: 'INS-STATUS-MISSING'; on: 'identifier'; index: number; data: { name: string } }
  /** An INS identifier whose `use` FR Core does not allow (absent included): on that identifier's use. */
  | { rule: 'INS-IDENTIFIER-USE'; on: 'use'; index: number; data: { name: string; found: string; expected: string } }
  /** A qualified (or, under the INS profile, validated) identity without a current INS: on the status code. */
  | { rule: 'INS-STATUS-INS-MISSING'; on: 'status'; data: { status: string } }
  /** Several `official` identifiers for such an identity, and no INS-NIA: on the second one's use. */
  | { rule: 'INS-STATUS-OFFICIAL-COUNT'; on: 'use'; index: number; data: { status: string; count: number } };

const NOT_QUALIFIED = new Set(['PROV', 'RECUP']);
const TRUSTED = new Set(['VALI', 'QUAL']);

interface InsId {
  index: number;
  oid: InsOid;
  use?: string;
}

/** The identity findings of one patient. */
export function checkIdentityStatus(input: IdentityInput, table: InsTable): IdentityFinding[] {
  const out: IdentityFinding[] = [];
  const ins: InsId[] = [];
  input.identifiers.forEach((id, index) => {
    const reading = id.root === undefined ? undefined : classifyInsRoot(id.root, table);
    if (reading && 'fhirUse' in reading && reading.fhirUse) ins.push({ index, oid: reading, use: id.use });
  });
  for (const i of ins) {
    const allowed = i.oid.fhirUse!;
    if (i.use === undefined || !allowed.includes(i.use)) {
      out.push({ rule: 'INS-IDENTIFIER-USE', on: 'use', index: i.index, data: { name: i.oid.name, found: i.use ?? '—', expected: allowed.join(' | ') } });
    }
  }
  const status = input.status;
  if (status === undefined) {
    if (ins.length > 0) out.push({ rule: 'INS-STATUS-MISSING', on: 'identifier', index: ins[0].index, data: { name: ins[0].oid.name } });
    return out;
  }
  if (NOT_QUALIFIED.has(status)) {
    if (ins.length > 0) out.push({ rule: 'INS-STATUS-NOT-QUALIFIED', on: 'status', data: { status, name: ins[0].oid.name } });
    return out;
  }
  // A qualified identity has its INS by definition (retrieved through INSi); FR Core's invariants also bind VALI,
  // which the RNIV defines as *not* retrieved: applied to VALI only under the INS profile or when an INS is sent.
  if (!TRUSTED.has(status) || (status === 'VALI' && !input.insProfile && ins.length === 0)) return out;
  const current = ins.filter((i) => i.use === i.oid.fhirUse![0]);
  const misused = ins.some((i) => i.use === undefined || !i.oid.fhirUse!.includes(i.use));
  if (current.length === 0 && !misused) out.push({ rule: 'INS-STATUS-INS-MISSING', on: 'status', data: { status } });
  const nia = ins.some((i) => i.use === 'temp' && i.oid.fhirUse!.includes('temp')); // an INS-NIA in use
  const official = input.identifiers.map((id, index) => ({ id, index })).filter((x) => x.id.use === 'official');
  if (official.length > 1 && !nia) out.push({ rule: 'INS-STATUS-OFFICIAL-COUNT', on: 'use', index: official[1].index, data: { status, count: official.length } });
  return out;
}
