import { assignmentAt, contextWords, LineStarts, type Assignment } from './scan';
import type { Locale } from '../engine/types';
import type { PscEnvironment, PscTable } from './tables';

/**
 * Pro Santé Connect endpoints: every PSC URL of a configuration belongs to one environment. A sandbox (« bac à
 * sable ») host where production is expected — the key says `prod`, the engine runs in production mode, or the
 * file declares itself a production configuration — is the dangerous case; other mixes are inconsistencies.
 */
export type PscRule = 'PGSSI-PSC-SANDBOX-IN-PRODUCTION' | 'PGSSI-PSC-ENV-INCONSISTENT' | 'PGSSI-PSC-HOST-UNLISTED';

export interface PscHit {
  rule: PscRule;
  start: number;
  end: number;
  host: string;
  /** The environment of the host (listed hosts only). */
  found?: PscEnvironment;
  /** The environment expected there, and what says so. */
  expected?: PscEnvironment;
  because?: 'key' | 'setting' | 'file' | 'majority';
}

const URL_RE = /\bhttps?:\/\/([A-Za-z0-9.-]+)[^\s"'<>,;]*/g;

interface PscUrl {
  start: number;
  end: number;
  host: string;
  env?: PscEnvironment;
  keyEnv?: PscEnvironment;
}

/** The environment a key and its sections name (`psc.prod.token.url` → production); the innermost word wins. */
export function environmentOfKey(a: Assignment | undefined, table: PscTable): PscEnvironment | undefined {
  if (!a) return undefined;
  let env: PscEnvironment | undefined;
  for (const w of contextWords(a)) env = table.environmentWords.get(w) ?? env;
  return env;
}

/** Whether a setting declares the file a production configuration (`NODE_ENV=production`, `spring.profiles.active: prod`). */
export function declaresProduction(assignments: Assignment[], table: PscTable): boolean {
  const { keys, values } = table.productionMarkers;
  return assignments.some((a) => !a.commented && keys.has(a.norm) && a.value.split(/[\s,]+/).some((v) => values.has(v.toLowerCase())));
}

/** A Pro Santé Connect host (lower case): a listed one, or one of the PSC domain that looks like it (`auth.…`, `….psc.…`). */
export function isPscHost(host: string, table: PscTable): boolean {
  return table.hosts.has(host) || ((host === table.domain || host.endsWith('.' + table.domain)) && table.pscLikeHost.test(host));
}

export function findPscIssues(text: string, assignments: Assignment[], table: PscTable, production: boolean): PscHit[] {
  const urls: PscUrl[] = [];
  const hits: PscHit[] = [];
  let lines: LineStarts | undefined;
  for (const m of text.matchAll(URL_RE)) {
    const host = m[1].toLowerCase();
    if (!isPscHost(host, table)) continue;
    const env = table.hosts.get(host);
    lines ??= new LineStarts(text);
    if (lines.isComment(m.index!)) continue;
    const span = { start: m.index!, end: m.index! + m[0].length, host };
    if (!env) hits.push({ rule: 'PGSSI-PSC-HOST-UNLISTED', ...span });
    else urls.push({ ...span, env, keyEnv: environmentOfKey(assignmentAt(assignments, m.index!), table) });
  }
  for (const u of urls) {
    if (!u.keyEnv || u.keyEnv === u.env) continue;
    const rule = u.env === 'sandbox' ? 'PGSSI-PSC-SANDBOX-IN-PRODUCTION' : 'PGSSI-PSC-ENV-INCONSISTENT';
    hits.push({ rule, start: u.start, end: u.end, host: u.host, found: u.env, expected: u.keyEnv, because: 'key' });
  }
  const unnamed = urls.filter((u) => !u.keyEnv);
  const fileProduction = declaresProduction(assignments, table);
  if (production || fileProduction) {
    for (const u of unnamed) {
      if (u.env !== 'sandbox') continue;
      hits.push({ rule: 'PGSSI-PSC-SANDBOX-IN-PRODUCTION', start: u.start, end: u.end, host: u.host, found: 'sandbox', expected: 'production', because: production ? 'setting' : 'file' });
    }
  } else {
    const sandbox = unnamed.filter((u) => u.env === 'sandbox').length;
    const prod = unnamed.length - sandbox;
    if (sandbox > 0 && prod > 0) {
      const minority: PscEnvironment = prod < sandbox ? 'production' : 'sandbox';
      const expected: PscEnvironment = minority === 'production' ? 'sandbox' : 'production';
      for (const u of unnamed) {
        if (u.env === minority) hits.push({ rule: 'PGSSI-PSC-ENV-INCONSISTENT', start: u.start, end: u.end, host: u.host, found: minority, expected, because: 'majority' });
      }
    }
  }
  return hits.sort((a, b) => a.start - b.start);
}

const ENV: Record<PscEnvironment, Record<Locale, string>> = {
  production: { fr: 'production', en: 'production' },
  sandbox: { fr: 'bac à sable', en: 'sandbox' },
};

const BECAUSE: Record<NonNullable<PscHit['because']>, Record<Locale, string>> = {
  key: { fr: 'la clé qui porte cette URL nomme cet environnement', en: 'the key holding this URL names that environment' },
  setting: { fr: 'le moteur est en mode production', en: 'the engine runs in production mode' },
  file: { fr: 'le fichier se déclare en production', en: 'the file declares a production environment' },
  majority: { fr: 'les autres URL Pro Santé Connect du fichier y pointent', en: "the file's other Pro Santé Connect URLs point there" },
};

/** The message data of a PSC hit, in the reporter's language (text files and service sheets report the same rules). */
export function pscHitData(h: PscHit, locale: Locale): Record<string, string> {
  const data: Record<string, string> = { host: h.host };
  if (h.found) data.found = ENV[h.found][locale];
  if (h.expected) data.expected = ENV[h.expected][locale];
  if (h.because) data.because = BECAUSE[h.because][locale];
  return data;
}
