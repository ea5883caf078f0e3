/**
 * The patient-identifier OID arc 1.2.250.1.213.1.4.x: which roots are INS (production, test, demonstration),
 * which are obsolete INS-C authorities, and which are legal identifiers that are not the INS. The table lives in
 * `schemas/pgssi/ins.json`. The assessments below are shared by the CDA (`id/@root`, `@extension`) and FHIR
 * (`Patient.identifier.system`, `value`) families, which only place the findings.
 */
import { checkNirKey, isMatriculeFormat } from './nir';

export type InsStatus = 'production' | 'test' | 'demo' | 'obsolete' | 'not-ins';

export interface InsOid {
  oid: string;
  status: InsStatus;
  /** Short name: INS-NIR, INS-NIA, INS-C, NIR… */
  name: string;
  /** Whether the value is a 15-character matricule (NIR body + key). */
  matricule: boolean;
  /** A bad key is an error in production mode (INS-NIR; the NIA key rule is not restated by the sources). */
  strictKey?: boolean;
  /**
   * FHIR `Patient.identifier.use` values FR Core allows under this INS authority, the first being the use of a current
   * INS (`old` marks a deactivated INS-NIR). Absent for roots that are not an INS.
   */
  fhirUse?: string[];
}

/** Where a FHIR Patient carries the INS traits (catalogue INS-05, FR Core Patient INS). */
export interface InsFhirTraits {
  birthListGivenName: string;
  birthPlace: string;
  inseeCode: string;
  /** The codes of fr-core-vs-patient-gender-INS. */
  genders: string[];
}

export interface InsTable {
  /** The arc's prefix, `1.2.250.1.213.1.4.` */
  arc: string;
  oids: InsOid[];
  fhirTraits?: InsFhirTraits;
  /** The root to use instead of an obsolete or unknown one. */
  replacement: string;
}

export type InsReading = InsOid | { oid: string; status: 'unknown-in-arc' };

/** Classifies an identifier root; undefined when it lies outside the arc. */
export function classifyInsRoot(root: string, table: InsTable): InsReading | undefined {
  const known = table.oids.find((o) => o.oid === root);
  if (known) return known;
  return root.startsWith(table.arc) && /^[0-9]+$/.test(root.slice(table.arc.length)) ? { oid: root, status: 'unknown-in-arc' } : undefined;
}

/** An INS proper: production, test or demonstration. */
export function isInsRoot(root: string, table: InsTable): boolean {
  const r = classifyInsRoot(root, table);
  return r !== undefined && (r.status === 'production' || r.status === 'test' || r.status === 'demo');
}

/** A finding on one patient identifier, before any family places it: on the authority (root, system) or the matricule. */
export interface InsIdFinding {
  rule: 'INS-OID-OBSOLETE' | 'INS-OID-UNKNOWN' | 'INS-OID-NOT-INS' | 'INS-TEST-IDENTITY' | 'INS-MATRICULE-FORMAT' | 'INS-NIR-KEY';
  on: 'root' | 'value';
  data: Record<string, string | number>;
  /** Set for the rules production mode raises to errors: whether it does for this identifier. */
  strict?: boolean;
}

/**
 * The authority checks of a patient's identifier root: an obsolete INS-C authority, an unknown root of the arc, or a
 * legal number that is not the INS (only when the patient has no INS at all). Nothing for roots outside the arc.
 */
export function assessPatientRoot(root: string, table: InsTable, patientHasIns: boolean): InsIdFinding[] {
  const reading = classifyInsRoot(root, table);
  if (!reading) return [];
  if (reading.status === 'obsolete') return [{ rule: 'INS-OID-OBSOLETE', on: 'root', data: { root, name: reading.name, replacement: table.replacement } }];
  if (reading.status === 'unknown-in-arc') return [{ rule: 'INS-OID-UNKNOWN', on: 'root', data: { root, replacement: table.replacement } }];
  if (reading.status === 'not-ins' && !patientHasIns) return [{ rule: 'INS-OID-NOT-INS', on: 'root', data: { root, name: reading.name } }];
  return [];
}

/**
 * The matricule checks of an identifier under an INS or NIR/NIA root, wherever it appears: a test or demonstration
 * identity, the 15-character format, the modulo-97 key. An absent or empty value is left to the structural rules.
 * Findings carry the matricule's length or key, never the number (personal data).
 */
export function assessInsValue(root: string, value: string | undefined, table: InsTable): InsIdFinding[] {
  const reading = classifyInsRoot(root, table);
  if (!reading || reading.status === 'unknown-in-arc' || !reading.matricule) return [];
  const out: InsIdFinding[] = [];
  if (reading.status === 'test' || reading.status === 'demo') out.push({ rule: 'INS-TEST-IDENTITY', on: 'root', data: { root, name: reading.name }, strict: true });
  if (value === undefined || value === '') return out;
  if (!isMatriculeFormat(value)) {
    out.push({ rule: 'INS-MATRICULE-FORMAT', on: 'value', data: { name: reading.name, length: value.length } });
    return out;
  }
  const key = checkNirKey(value);
  if (key && !key.valid) out.push({ rule: 'INS-NIR-KEY', on: 'value', data: { name: reading.name, found: key.found, expected: key.expected }, strict: reading.strictKey === true });
  return out;
}
