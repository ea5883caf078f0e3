/**
 * The patient-identifier OID arc 1.2.250.1.213.1.4.x: which roots are INS (production, test, demonstration),
 * which are obsolete INS-C authorities, and which are legal identifiers that are not the INS. The table lives in
 * `schemas/pgssi/ins.json`.
 */
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
}

export interface InsTable {
  /** The arc's prefix, `1.2.250.1.213.1.4.` */
  arc: string;
  oids: InsOid[];
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
