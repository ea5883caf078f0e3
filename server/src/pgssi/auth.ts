import { keyWords, type Assignment } from './scan';
import type { TransportTable } from './tables';

/**
 * Password-only authentication, where a configuration shows it: the OAuth 2.0 password grant, or an
 * authentication method set to password/basic/form/LDAP, in a file that mentions no strong means (Pro Santé
 * Connect, CPS/e-CPS, mutual TLS, one-time codes, WebAuthn…). Professionals accessing health data must use a
 * national electronic identification means (référentiel d'identification électronique, PGSSI-S).
 */
export interface AuthHit {
  start: number;
  end: number;
  kind: 'grant' | 'method';
  key: string;
  found: string;
}

const METHOD_WORDS = new Set(['method', 'mode', 'type', 'mechanism', 'scheme']);
const AUTH_SECTIONS = new Set(['auth', 'authentication', 'authentification', 'login']);

export function findPasswordOnlyAuth(text: string, assignments: Assignment[], table: TransportTable): AuthHit[] {
  const t = table.auth;
  if (t.strongMarkers.test(text)) return [];
  const hits: AuthHit[] = [];
  for (const a of assignments) {
    if (a.commented) continue;
    const value = a.value.trim().toLowerCase();
    const grant = [...t.grantKeys].some((k) => a.norm === k || a.norm.endsWith('_' + k)) && value === 'password';
    const section = a.parents.length > 0 ? keyWords(a.parents[a.parents.length - 1]).pop() : undefined;
    const methodKey = t.methodKeys.test(a.norm) || (METHOD_WORDS.has(a.norm) && section !== undefined && AUTH_SECTIONS.has(section));
    if (grant || (methodKey && t.passwordMethods.has(value))) {
      hits.push({ start: a.valueStart, end: a.valueEnd, kind: grant ? 'grant' : 'method', key: a.key, found: a.value.trim() });
    }
  }
  return hits;
}
