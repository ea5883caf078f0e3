import { isPscHost } from './psc';
import { contextWords, keyEndsWith, keyWords, type Assignment } from './scan';
import type { OidcTable, PscTable } from './tables';

/**
 * OpenID Connect / OAuth 2.0 settings of a configuration (catalogue AUTH-02, AUTH-04): an `acr_values` other than the
 * eIDAS level Pro Santé Connect serves, in a file that talks to PSC; the PKCE `plain` method; access-token lifetimes
 * beyond the 4 hours the CI-SIS API security volet recommends. Pure functions over the scanned settings; commented-out
 * lines are inactive and skipped. Keys and words live in `schemas/pgssi/transport.json` (`oidc`) and `psc.json`.
 */
export interface OidcHit {
  rule: 'PGSSI-PSC-ACR' | 'PGSSI-PKCE-PLAIN' | 'PGSSI-TOKEN-LIFETIME';
  start: number;
  end: number;
  data: Record<string, string>;
}

const URL_HOST = /\bhttps?:\/\/([A-Za-z0-9.-]+)/g;
const PSC_WORDS = new Set(['psc', 'prosanteconnect', 'esante_wallet']);

/** The file talks to Pro Santé Connect: a PSC host in it, or a setting whose key or sections name PSC. */
export function mentionsPsc(text: string, assignments: Assignment[], psc: PscTable): boolean {
  for (const m of text.matchAll(URL_HOST)) {
    if (isPscHost(m[1].toLowerCase(), psc)) return true;
  }
  return assignments.some((a) => contextWords(a).some((w) => PSC_WORDS.has(w)) || /pro_?sante_?connect/.test(a.norm));
}

export function findOidcIssues(text: string, assignments: Assignment[], table: OidcTable, psc: PscTable): OidcHit[] {
  const hits: OidcHit[] = [];
  let talksToPsc: boolean | undefined;
  for (const a of assignments) {
    if (a.commented) continue;
    const value = a.value.trim();
    if (value === '' || /^\$\{|^\{\{/.test(value)) continue;
    if (keyEndsWith(a.norm, table.acrKeys)) {
      talksToPsc ??= mentionsPsc(text, assignments, psc);
      const levels = value.split(/[\s,]+/).filter(Boolean);
      if (talksToPsc && levels.some((l) => !psc.acrValues.has(l.toLowerCase()))) {
        hits.push({ rule: 'PGSSI-PSC-ACR', start: a.valueStart, end: a.valueEnd, data: { key: a.key, found: value, expected: [...psc.acrValues].join(', ') } });
      }
    } else if (keyEndsWith(a.norm, table.pkceKeys) && table.weakPkce.has(value.toLowerCase())) {
      hits.push({ rule: 'PGSSI-PKCE-PLAIN', start: a.valueStart, end: a.valueEnd, data: { key: a.key, found: value } });
    } else {
      const seconds = accessTokenLifetime(a, value, table);
      if (seconds !== undefined && seconds > table.maxTokenSeconds) {
        hits.push({ rule: 'PGSSI-TOKEN-LIFETIME', start: a.valueStart, end: a.valueEnd, data: { key: a.key, found: value, duration: hours(seconds), max: hours(table.maxTokenSeconds) } });
      }
    }
  }
  return hits;
}

/**
 * The lifetime, in seconds, an access-token setting gives (`accessTokenLifespan: 36000`, `access-token-time-to-live: 8h`,
 * `token_ttl_minutes=600`, `PT8H`); undefined for any other setting or a value that is not a duration. A bare number
 * counts in the unit its key names, seconds by default.
 */
export function accessTokenLifetime(a: Assignment, value: string, table: OidcTable): number | undefined {
  const words = keyWords(a.norm);
  if (!words.includes('token') || words.some((w) => table.notAccessToken.has(w)) || !words.some((w) => table.lifetimeWords.has(w))) return undefined;
  const unit = words.map((w) => table.units.get(w)).find((u) => u !== undefined) ?? 1;
  if (/^[0-9]+$/.test(value)) return Number(value) * unit;
  const m = /^([0-9]+)\s*(ms|s|sec|m|min|h|d)$/i.exec(value);
  if (m) return Number(m[1]) * (table.units.get(m[2].toLowerCase()) ?? 1);
  const iso = /^P(?:([0-9]+)D)?(?:T(?:([0-9]+)H)?(?:([0-9]+)M)?(?:([0-9]+)S)?)?$/i.exec(value);
  if (iso && value.length > 2) return (Number(iso[1] ?? 0) * 24 + Number(iso[2] ?? 0)) * 3600 + Number(iso[3] ?? 0) * 60 + Number(iso[4] ?? 0);
  return undefined;
}

/** A number too large for a double (a lifetime of 400 digits) reads as ∞, not `Infinity`. */
const hours = (seconds: number) => (Number.isFinite(seconds) ? `${Math.round((seconds / 3600) * 10) / 10} h` : '∞ h');
