import { checkRegister, type IdVerdict, type Register } from './identifiers';

/**
 * idNat_PS (OID 1.2.250.1.71.4.2.1) and idNat_Struct (1.2.250.1.71.4.2.2): a one-character prefix naming the
 * register, then the register's number — for structure-bound prefixes, `structure id/internal id`. The prefix
 * tables live in `schemas/pgssi/idnat.json`.
 */
export interface IdNatPrefix {
  prefix: string;
  label: { fr: string; en: string };
  /** The register whose number follows the prefix (the whole rest, or the part before `/` when `bound`). */
  register?: Register;
  /** `prefix + structure id + "/" + internal id`. */
  bound?: boolean;
}

export interface IdNatTable {
  oid: string;
  prefixes: IdNatPrefix[];
}

export interface IdNatTables {
  ps: IdNatTable;
  struct: IdNatTable;
}

export interface IdNatReading {
  /** The prefix entry, when the first character is a known prefix. */
  prefix?: IdNatPrefix;
  /** The register number read after the prefix (before `/` for bound forms). */
  number?: string;
  /** Verdict on that number; undefined when the register has no check or the number could not be isolated. */
  verdict?: IdVerdict;
}

/** Reads a national identifier against its prefix table. Pure; never throws. */
export function readIdNat(value: string, table: IdNatTable): IdNatReading {
  const prefix = table.prefixes.find((p) => value.startsWith(p.prefix));
  if (!prefix) return {};
  const rest = value.slice(prefix.prefix.length);
  if (prefix.bound) {
    const slash = rest.indexOf('/');
    if (slash < 0) return { prefix };
    const number = rest.slice(0, slash);
    return { prefix, number, verdict: prefix.register ? checkRegister(prefix.register, number) : undefined };
  }
  return { prefix, number: rest, verdict: prefix.register ? checkRegister(prefix.register, rest) : undefined };
}
