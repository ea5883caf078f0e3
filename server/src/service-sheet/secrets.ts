/**
 * Check SECRET-01 of the PGSSI-S research note: credentials written in the sheet, anywhere (values, comments). The
 * scan is textual and linear; findings carry the secret masked, never in clear.
 */
import type { Locale, OffsetRange } from '../engine/types';
import { lookup, type SheetLabels } from './labels';

export interface SecretHit extends OffsetRange {
  kind: 'key' | 'jwt' | 'pem' | 'userinfo' | 'authorization';
  key?: string;
  secret: string;
}

/** A key that ends with a credential word (`client_secret`, `PSC_CLIENT_SECRET`, `ESANTE-API-KEY`…), then its value. */
const KEYED =
  /(?<![\w-])([\w-]*?(?:secret|password|passwd|pwd|mot[_ ]de[_ ]passe|api[_-]?key|token))["']?[ \t]*[:=][ \t]*["']?([^\s"'#,}\]]+)/gi;
const JWT = /(?<![\w-])eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]*/g;
const PEM = /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----/g;
const USERINFO = /(?<![\w+.-])[a-z][a-z0-9+.-]*:\/\/[^\s/:@'"]+:([^\s/@'"]+)@/gi;
const AUTHORIZATION = /(?<![\w-])(?:Basic|Bearer)[ \t]+([A-Za-z0-9+/=._~-]{12,})/g;

/** A value that is a credential rather than prose or a placeholder (`${VAR}`, `<secret>`, `********`). */
export function looksSecret(v: string): boolean {
  if (v.length < 8 || /^[$<{%]/.test(v) || /^([*xX.])\1+$/.test(v) || /^(?:changeme|motdepasse|password)$/i.test(v)) return false;
  if (/[0-9]/.test(v)) return true;
  const classes = [/[a-z]/, /[A-Z]/, /[^A-Za-z0-9]/].filter((re) => re.test(v)).length;
  return v.length >= 16 && classes >= 2;
}

export function findSecrets(text: string): SecretHit[] {
  const hits: SecretHit[] = [];
  for (const m of text.matchAll(KEYED)) {
    const secret = m[2];
    if (!looksSecret(secret)) continue;
    const start = m.index! + m[0].length - secret.length;
    hits.push({ kind: 'key', key: m[1], secret, start, end: start + secret.length });
  }
  for (const m of text.matchAll(JWT)) hits.push({ kind: 'jwt', secret: m[0], start: m.index!, end: m.index! + m[0].length });
  for (const m of text.matchAll(PEM)) hits.push({ kind: 'pem', secret: m[0], start: m.index!, end: m.index! + m[0].length });
  for (const m of text.matchAll(USERINFO)) {
    const start = m.index! + m[0].length - 1 - m[1].length;
    hits.push({ kind: 'userinfo', secret: m[1], start, end: start + m[1].length });
  }
  for (const m of text.matchAll(AUTHORIZATION)) {
    const start = m.index! + m[0].length - m[1].length;
    hits.push({ kind: 'authorization', secret: m[1], start, end: start + m[1].length });
  }
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: SecretHit[] = [];
  for (const h of hits) if (!kept.length || h.start >= kept[kept.length - 1].end) kept.push(h);
  return kept;
}

/** Eight asterisks, then the last four characters when the secret is long enough (12+) for that to reveal little. */
export function mask(secret: string): string {
  return '********' + (secret.length >= 12 ? secret.slice(-4) : '');
}

/** What was found, for the message: "valeur de la clé « client_secret »", "jeton JWT"… */
export function describeSecret(hit: SecretHit, labels: SheetLabels, locale: Locale): string {
  const template = lookup(labels.secrets, hit.kind)?.[locale] ?? hit.kind;
  return template.replace('{key}', hit.key ?? '');
}

/** The masked form for the message; a PEM header is not itself secret, the key body that follows is. */
export function maskedForm(hit: SecretHit): string {
  return hit.kind === 'pem' ? hit.secret.replace(/-/g, '').trim() : mask(hit.secret);
}
