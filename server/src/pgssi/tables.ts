import type { DataSource } from '../engine/data';
import type { IdNatTables } from './idnat';
import type { InsTable } from './ins';
import { compileSystems, type IdSystemTable } from './systems';

/**
 * The declarative PGSSI-S tables of `schemas/pgssi/`, read once per data source and compiled (regular
 * expressions built, lists turned into sets). Undefined when a table is missing or unreadable: the checks that
 * need it then stay silent rather than guess.
 */

export interface SecretPattern {
  kind: 'private-key' | 'jwt' | 'authorization' | 'userinfo';
  rule: string;
  regex: RegExp;
  group: number;
  /** The private key runs to this marker (the whole block is covered). */
  until?: string;
  /** The capture must look like a token, not a word of prose ("Basic authentication"). */
  tokenLike?: boolean;
  /** Literals one of which a match must contain: the regex is not run on a text that has none (speed). */
  requires?: string[];
  /** A cheaper regex a text must match before the pattern runs (speed). */
  probe?: RegExp;
}

export interface SecretTable {
  credentialKeySuffixes: string[];
  minLength: number;
  placeholderValues: Set<string>;
  placeholderPatterns: RegExp[];
  patterns: SecretPattern[];
}

export type PscEnvironment = 'production' | 'sandbox';

export interface PscTable {
  domain: string;
  /** The `acr_values` Pro Santé Connect serves (eIDAS levels), lower case. */
  acrValues: Set<string>;
  hosts: Map<string, PscEnvironment>;
  pscLikeHost: RegExp;
  environmentWords: Map<string, PscEnvironment>;
  productionMarkers: { keys: Set<string>; values: Set<string> };
}

export interface VerifySetting {
  keys: string[];
  values: Set<string>;
  context: boolean;
}

export interface OidcTable {
  acrKeys: Set<string>;
  pkceKeys: Set<string>;
  weakPkce: Set<string>;
  maxTokenSeconds: number;
  lifetimeWords: Set<string>;
  notAccessToken: Set<string>;
  /** Unit words of keys and values → seconds. */
  units: Map<string, number>;
}

export interface TransportTable {
  http: { endpointKeyWords: Set<string>; identifierKeyWords: Set<string>; identifierHosts: Set<string> };
  tls: { contextWords: Set<string>; apacheKeys: Set<string>; cipherKeys: Set<string>; weakCipherWords: Set<string>; noForwardSecrecy: string[] };
  verify: { settings: VerifySetting[]; patterns: { regex: RegExp; after?: RegExp }[] };
  auth: { grantKeys: Set<string>; methodKeys: RegExp; passwordMethods: Set<string>; strongMarkers: RegExp };
  oidc: OidcTable;
}

export interface PgssiTables {
  ins: InsTable;
  idNat: IdNatTables;
  secrets: SecretTable;
  psc: PscTable;
  transport: TransportTable;
  /** FHIR identifier systems of the professional and organisation registers (ID-07). */
  systems: IdSystemTable;
}

const cache = new WeakMap<DataSource, PgssiTables | null>();

export function loadPgssiTables(data: DataSource): PgssiTables | undefined {
  let t = cache.get(data);
  if (t === undefined) {
    t = compile(data) ?? null;
    cache.set(data, t);
  }
  return t ?? undefined;
}

function readJson(data: DataSource, name: string): any {
  const text = data.read(`pgssi/${name}`);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function compile(data: DataSource): PgssiTables | undefined {
  const ins = readJson(data, 'ins.json');
  const idNat = readJson(data, 'idnat.json');
  const secrets = readJson(data, 'secrets.json');
  const psc = readJson(data, 'psc.json');
  const transport = readJson(data, 'transport.json');
  const systems = readJson(data, 'systems.json');
  if (!ins || !idNat || !secrets || !psc || !transport || !systems) return undefined;
  try {
    return { ins, idNat, secrets: compileSecrets(secrets), psc: compilePsc(psc), transport: compileTransport(transport), systems: compileSystems(systems) };
  } catch {
    return undefined;
  }
}

const lowerSet = (xs: string[]) => new Set(xs.map((x) => x.toLowerCase()));

function compileSecrets(raw: any): SecretTable {
  return {
    credentialKeySuffixes: raw.credentialKeySuffixes,
    minLength: raw.minLength,
    placeholderValues: lowerSet(raw.placeholderValues),
    placeholderPatterns: (raw.placeholderPatterns as string[]).map((p) => new RegExp(p, 'i')),
    patterns: (raw.patterns as any[]).map((p) => ({ ...p, regex: new RegExp(p.regex, 'gd'), probe: p.probe ? new RegExp(p.probe) : undefined })),
  };
}

function compilePsc(raw: any): PscTable {
  const hosts = new Map<string, PscEnvironment>();
  const words = new Map<string, PscEnvironment>();
  for (const env of ['production', 'sandbox'] as const) {
    for (const h of raw.hosts[env] as string[]) hosts.set(h.toLowerCase(), env);
    for (const w of raw.environmentWords[env] as string[]) words.set(w.toLowerCase(), env);
  }
  return {
    domain: raw.domain,
    acrValues: lowerSet(raw.acrValues),
    hosts,
    pscLikeHost: new RegExp(raw.pscLikeHost, 'i'),
    environmentWords: words,
    productionMarkers: { keys: lowerSet(raw.productionMarkers.keys), values: lowerSet(raw.productionMarkers.values) },
  };
}

function compileTransport(raw: any): TransportTable {
  return {
    http: {
      endpointKeyWords: lowerSet(raw.http.endpointKeyWords),
      identifierKeyWords: lowerSet(raw.http.identifierKeyWords),
      identifierHosts: lowerSet(raw.http.identifierHosts),
    },
    tls: {
      contextWords: lowerSet(raw.tls.contextWords),
      apacheKeys: lowerSet(raw.tls.apacheKeys),
      cipherKeys: lowerSet(raw.tls.cipherKeys),
      weakCipherWords: lowerSet(raw.tls.weakCipherWords),
      noForwardSecrecy: (raw.tls.noForwardSecrecy as string[]).map((x) => x.toUpperCase()),
    },
    verify: {
      settings: (raw.verify.settings as any[]).map((s) => ({ keys: s.keys, values: lowerSet(s.values), context: s.context === true })),
      patterns: (raw.verify.patterns as any[]).map((p) => ({ regex: new RegExp(p.regex, 'gd'), after: p.after ? new RegExp(p.after, 'g') : undefined })),
    },
    oidc: {
      acrKeys: lowerSet(raw.oidc.acrKeys),
      pkceKeys: lowerSet(raw.oidc.pkceKeys),
      weakPkce: lowerSet(raw.oidc.weakPkce),
      maxTokenSeconds: raw.oidc.maxTokenSeconds,
      lifetimeWords: lowerSet(raw.oidc.lifetimeWords),
      notAccessToken: lowerSet(raw.oidc.notAccessToken),
      units: new Map(Object.entries(raw.oidc.units as Record<string, number>)),
    },
    auth: {
      grantKeys: lowerSet(raw.auth.grantKeys),
      methodKeys: new RegExp(raw.auth.methodKeys),
      passwordMethods: lowerSet(raw.auth.passwordMethods),
      strongMarkers: new RegExp(raw.auth.strongMarkers, 'i'),
    },
  };
}
