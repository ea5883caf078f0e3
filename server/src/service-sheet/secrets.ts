/**
 * Check SECRET-01 of the PGSSI-S catalogue on a sheet: credentials written anywhere in it (values, comments). The
 * detection and the masking are the shared PGSSI-S ones (`pgssi/secrets.ts`, `pgssi/mask.ts`), as for CDA documents
 * and text files; this adapter only names what was found in the sheet's own words. A hit carries the masked secret,
 * never the secret.
 */
import type { Locale, OffsetRange } from '../engine/types';
import { scanAssignments, type Assignment } from '../pgssi/scan';
import { findSecrets, type SecretHit } from '../pgssi/secrets';
import type { SecretTable } from '../pgssi/tables';
import { lookup, type SheetLabels } from './labels';

/** `kind` keys the sheet labels (`labels.json` → `secrets`). */
export interface SheetSecret extends OffsetRange {
  kind: 'key' | 'jwt' | 'pem' | 'userinfo' | 'authorization';
  key?: string;
  /** What the message shows: the masked secret, or the PEM header (not itself secret). */
  shown: string;
}

const KIND: Record<SecretHit['kind'], SheetSecret['kind']> = { setting: 'key', 'private-key': 'pem', jwt: 'jwt', userinfo: 'userinfo', authorization: 'authorization' };

/** `assignments`: the sheet's settings when the caller scanned them already (validation shares them with the PSC check). */
export function findSheetSecrets(text: string, table: SecretTable, assignments: Assignment[] = scanAssignments(text)): SheetSecret[] {
  return findSecrets(text, table, assignments).map((h) => ({
    start: h.start,
    end: h.end,
    kind: KIND[h.kind],
    key: h.key,
    shown: h.kind === 'private-key' ? pemHeader(text, h) : h.masked,
  }));
}

/** `-----BEGIN RSA PRIVATE KEY-----` → `BEGIN RSA PRIVATE KEY`: the header line only, the key body never. */
function pemHeader(text: string, h: SecretHit): string {
  const nl = text.indexOf('\n', h.start);
  const line = text.slice(h.start, nl < 0 || nl > h.end ? h.end : nl);
  return line.replace(/-/g, '').trim();
}

/** What was found, for the message: "valeur de la clé « client_secret »", "jeton JWT"… */
export function describeSecret(hit: SheetSecret, labels: SheetLabels, locale: Locale): string {
  const template = lookup(labels.secrets, hit.kind)?.[locale] ?? hit.kind;
  return template.replace('{key}', hit.key ?? '');
}
