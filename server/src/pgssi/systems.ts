import { isOid, withoutUrnOid } from '../nos/names';
import type { Register } from './identifiers';

/**
 * FHIR `Identifier.system` of the national registers of professionals and organisations (catalogue ID-07): RPPS,
 * RPPS rang, ADELI rang, FINESS, SIREN/SIRET, idNat_PS, idNat_Struct. FHIR compares systems character by character,
 * so a system that merely looks like one of them (http for https, a trailing slash, `www.`, another case, an OID
 * without `urn:oid:`, a known wrong host) identifies nothing. The table lives in `schemas/pgssi/systems.json`. Pure.
 */

export interface IdSystem {
  /** Short name of the register: RPPS, FINESS, idNat_PS… */
  name: string;
  /** The one spelling receivers recognise. */
  canonical: string;
  /** Hosts seen in place of the canonical one (`rpps.fr`): misspellings too. */
  wrongHosts?: string[];
  /** The value is an idNat_PS or idNat_Struct (prefix tables of `idnat.json`). */
  idNat?: 'ps' | 'struct';
  /** The registers whose number the value is; with several, the identifier type (`system|code`) or the length picks one. */
  numbers?: { register: Register; types?: string[] }[];
}

/** Settings of configuration text whose value is a register number or a NIR: key word sequences by kind. */
export type SettingKind = Register | 'idNatPs' | 'idNatStruct' | 'nir';

export interface IdSystemTable {
  systems: IdSystem[];
  /** Spelling-insensitive key (see `systemKey`) → register. */
  byKey: Map<string, IdSystem>;
  /** Key word sequences (snake_case, `_`-joined) of settings holding a register number or a NIR (text family). */
  settingKeys: { kind: SettingKind; words: string }[];
}

const HOST_URL = /^(?:https?:\/*)?(?:www\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)\.?\/*$/;

/**
 * What a system reads as once case, scheme, `www.`, trailing slashes and the `urn:oid:` prefix are set aside:
 * `oid:<oid>` or `host:<host>`; undefined for anything else (a path, a query, a URN of another kind).
 */
export function systemKey(system: string): string | undefined {
  let s = system.trim().toLowerCase();
  s = withoutUrnOid(s).trim();
  if (isOid(s)) return `oid:${s}`;
  const m = HOST_URL.exec(s);
  return m ? `host:${m[1]}` : undefined;
}

export function compileSystems(raw: { systems: IdSystem[]; settingKeys?: Record<string, string[] | string> }): IdSystemTable {
  const byKey = new Map<string, IdSystem>();
  for (const s of raw.systems) {
    const key = systemKey(s.canonical);
    if (key) byKey.set(key, s);
    for (const h of s.wrongHosts ?? []) byKey.set(`host:${h.toLowerCase()}`, s);
  }
  const settingKeys: IdSystemTable['settingKeys'] = [];
  for (const [kind, list] of Object.entries(raw.settingKeys ?? {})) {
    if (Array.isArray(list)) for (const words of list) settingKeys.push({ kind: kind as SettingKind, words });
  }
  return { systems: raw.systems, byKey, settingKeys };
}

/** The register a system names, spelled right or not (see `systemKey`); undefined for any other system. */
export function registerSystem(system: string, table: IdSystemTable): IdSystem | undefined {
  const key = systemKey(system);
  return key === undefined ? undefined : table.byKey.get(key);
}

/** The register a system misspells, or undefined when it is spelled right or names something else. */
export function misspelledSystem(system: string, table: IdSystemTable): IdSystem | undefined {
  const found = registerSystem(system, table);
  return found && found.canonical !== system ? found : undefined;
}
