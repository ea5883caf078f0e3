/**
 * FHIR `Identifier.system` of the national registers of professionals and organisations (catalogue ID-07): RPPS,
 * RPPS rang, FINESS, SIREN/SIRET, idNat_PS, idNat_Struct. FHIR compares systems character by character, so a system
 * that merely looks like one of them (http for https, a trailing slash, `www.`, another case, an OID without
 * `urn:oid:`, a known wrong host) identifies nothing. The table lives in `schemas/pgssi/systems.json`. Pure.
 */

export interface IdSystem {
  /** Short name of the register: RPPS, FINESS, idNat_PS… */
  name: string;
  /** The one spelling receivers recognise. */
  canonical: string;
  /** Hosts seen in place of the canonical one (`rpps.fr`): misspellings too. */
  wrongHosts?: string[];
}

export interface IdSystemTable {
  systems: IdSystem[];
  /** Spelling-insensitive key (see `systemKey`) → register. */
  byKey: Map<string, IdSystem>;
}

const OID = /^[0-2](?:\.(?:0|[1-9][0-9]*))+$/;
const HOST_URL = /^(?:https?:\/*)?(?:www\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)\.?\/*$/;

/**
 * What a system reads as once case, scheme, `www.`, trailing slashes and the `urn:oid:` prefix are set aside:
 * `oid:<oid>` or `host:<host>`; undefined for anything else (a path, a query, a URN of another kind).
 */
export function systemKey(system: string): string | undefined {
  let s = system.trim().toLowerCase();
  if (s.startsWith('urn:oid:')) s = s.slice(8).trim();
  if (OID.test(s)) return `oid:${s}`;
  const m = HOST_URL.exec(s);
  return m ? `host:${m[1]}` : undefined;
}

export function compileSystems(raw: { systems: IdSystem[] }): IdSystemTable {
  const byKey = new Map<string, IdSystem>();
  for (const s of raw.systems) {
    const key = systemKey(s.canonical);
    if (key) byKey.set(key, s);
    for (const h of s.wrongHosts ?? []) byKey.set(`host:${h.toLowerCase()}`, s);
  }
  return { systems: raw.systems, byKey };
}

/** The register a system misspells, or undefined when it is spelled right or names something else. */
export function misspelledSystem(system: string, table: IdSystemTable): IdSystem | undefined {
  const key = systemKey(system);
  const found = key === undefined ? undefined : table.byKey.get(key);
  return found && found.canonical !== system ? found : undefined;
}
