import { contextWords, firstAbove, keyEndsWith, keyWords, LineStarts, type Assignment } from './scan';
import type { TransportTable } from './tables';

/**
 * Transport checks on configuration settings: endpoints in clear HTTP, TLS versions below 1.2, certificate
 * verification turned off. Pure functions over the scanned settings; commented-out lines are inactive and skipped.
 */
export interface TransportHit {
  start: number;
  end: number;
  data: Record<string, string>;
}

const HTTP_URL = /http:\/\/(?:[^\s/@"'<>]*@)?(\[[0-9A-Fa-f:.]+\]|[^\s/:?#"'<>,;]+)[^\s"'<>,;]*/gi;

export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '[::1]' || h === '0.0.0.0';
}

const HTTP_HOST = /^http:\/\/(?:[^/@\s]*@)?(\[[0-9A-Fa-f:.]+\]|[^/:?#\s]*)/i;

/**
 * The host of an `http://` URL (lower case, no credentials), the one test the families share for clear-text addresses
 * (CDA links, FHIR `Endpoint.address`, service-sheet flows): undefined when the URL is not `http://` or its host is a
 * loopback address; an empty string when the host cannot be read.
 */
export function clearHttpHost(url: string): string | undefined {
  const m = HTTP_HOST.exec(url.trim());
  if (!m) return undefined;
  const host = m[1].toLowerCase();
  return isLoopbackHost(host) ? undefined : host;
}

/** `http://` URLs set as endpoints (the key names an URL, host, issuer, API…), loopback and identifier URIs aside. */
export function findClearHttpEndpoints(assignments: Assignment[], table: TransportTable): TransportHit[] {
  const hits: TransportHit[] = [];
  for (const a of assignments) {
    if (a.commented || !/http:\/\//i.test(a.value)) continue;
    const words = keyWords(a.norm);
    if (words.some((w) => table.http.identifierKeyWords.has(w)) || !words.some((w) => table.http.endpointKeyWords.has(w))) continue;
    for (const m of a.value.matchAll(HTTP_URL)) {
      const host = m[1].toLowerCase();
      if (isLoopbackHost(host) || table.http.identifierHosts.has(host)) continue;
      // The host only: the rest of the URL may carry credentials or tokens.
      hits.push({ start: a.valueStart + m.index!, end: a.valueStart + m.index! + m[0].length, data: { host, key: a.key } });
    }
  }
  return hits;
}

const OLD_TLS = /^(?:SSLv?[23]|TLSv?1(?:[._]0)?|TLSv?1[._]1|TLS1[01]|(?:TLSv1|TLSv1_1|SSLv3|SSLv2)_method|(?:tls\.)?Version(?:TLS1[01]|SSL30))$/i;
const OLD_NUMERIC = /^1(?:\.[01])?$/;
const TOKEN = /[^\s,;:'"[\]()|]+/g;

/** Settings that enable SSL, TLS 1.0 or TLS 1.1 (protocol lists, minimum versions, Apache `all`). */
export function findOldTlsVersions(assignments: Assignment[], table: TransportTable): TransportHit[] {
  const hits: TransportHit[] = [];
  for (const a of assignments) {
    if (a.commented) continue;
    const words = contextWords(a);
    if (!words.some((w) => table.tls.contextWords.has(w))) continue;
    const own = keyWords(a.norm);
    // A bare number is a TLS version only for a minimum-version setting that names TLS (not `android.min_version`).
    const tlsNamed = words.some((w) => w === 'tls' || w === 'ssl' || w === 'https');
    const minKey = tlsNamed && (own.some((w) => w === 'min' || w === 'minimum') || own.includes('version'));
    const old: { at: number; token: string }[] = [];
    const disabled = new Set<string>();
    let all: number | undefined;
    for (const m of a.value.matchAll(TOKEN)) {
      const raw = m[0];
      if (/^(?:-|!|no[-_])/i.test(raw)) {
        disabled.add(raw.replace(/^(?:-|!|no[-_])/i, '').toLowerCase());
        continue;
      }
      const token = raw.replace(/^\+/, '');
      if (OLD_TLS.test(token) || (minKey && OLD_NUMERIC.test(token))) old.push({ at: m.index!, token });
      else if (token.toLowerCase() === 'all' && table.tls.apacheKeys.has(a.norm)) all = m.index!;
    }
    if (all !== undefined && !(disabled.has('tlsv1') && disabled.has('tlsv1.1'))) old.push({ at: all, token: 'all' });
    if (old.length === 0) continue;
    const first = old[0];
    hits.push({ start: a.valueStart + first.at, end: a.valueStart + first.at + first.token.length, data: { found: old.map((o) => o.token).join(', '), key: a.key } });
  }
  return hits;
}

const TLS12 = /^\+?TLSv?1[._]2$/i;
const TLS13 = /^\+?TLSv?1[._]3$/i;

/**
 * Protocol lists that enable TLS 1.2 but not TLS 1.3 (catalogue TRANS-02: 1.3 recommended, 1.2 still supported):
 * nginx `ssl_protocols TLSv1.2;`, Apache `SSLProtocol +TLSv1.2`, Java/Spring protocol lists. Minimum-version settings
 * leave 1.3 open and are not concerned.
 */
export function findTls12Only(assignments: Assignment[], table: TransportTable): TransportHit[] {
  const hits: TransportHit[] = [];
  for (const a of assignments) {
    if (a.commented) continue;
    const own = keyWords(a.norm);
    if (!own.some((w) => w === 'protocols' || w === 'protocol') || own.some((w) => w === 'min' || w === 'minimum')) continue;
    if (!contextWords(a).some((w) => table.tls.contextWords.has(w))) continue;
    let v12: { at: number; token: string } | undefined;
    let v13 = false;
    for (const m of a.value.matchAll(TOKEN)) {
      if (TLS12.test(m[0])) v12 ??= { at: m.index!, token: m[0] };
      else if (TLS13.test(m[0]) || m[0].toLowerCase() === 'all') v13 = true;
    }
    if (v12 && !v13) hits.push({ start: a.valueStart + v12.at, end: a.valueStart + v12.at + v12.token.length, data: { key: a.key } });
  }
  return hits;
}

const CIPHER_TOKEN = /[^\s:,;'"[\]()]+/g;

/**
 * Cipher settings that enable weak suites (catalogue TRANS-03, heuristic after ANSSI): NULL, EXPORT, RC4, DES/3DES,
 * MD5, anonymous key exchange… or static-RSA suites without forward secrecy (`TLS_RSA_WITH_*`). Excluded tokens
 * (`!aNULL`, `-RC4`) are the remedy, not the problem. One hit per setting, on the first weak token.
 */
export function findWeakCiphers(assignments: Assignment[], table: TransportTable): TransportHit[] {
  const t = table.tls;
  const hits: TransportHit[] = [];
  for (const a of assignments) {
    if (a.commented || !keyEndsWith(a.norm, t.cipherKeys)) continue;
    const weak: { at: number; token: string }[] = [];
    for (const m of a.value.matchAll(CIPHER_TOKEN)) {
      const token = m[0].replace(/^\+/, '');
      if (/^[!-]/.test(token)) continue;
      const upper = token.toUpperCase();
      if (token.split(/[-_+]/).some((part) => t.weakCipherWords.has(part.toLowerCase())) || t.noForwardSecrecy.some((p) => upper.startsWith(p))) weak.push({ at: m.index!, token });
    }
    if (weak.length === 0) continue;
    hits.push({ start: a.valueStart + weak[0].at, end: a.valueStart + weak[0].at + weak[0].token.length, data: { key: a.key, found: weak.map((w) => w.token).join(', ') } });
  }
  return hits;
}

const CERT_CONTEXT = new Set(['ssl', 'tls', 'https', 'cert', 'certs', 'certificate', 'certificates']);

/** Certificate verification turned off: settings (`rejectUnauthorized: false`…) and code or command patterns (`curl -k`). */
export function findDisabledCertVerification(text: string, assignments: Assignment[], table: TransportTable): TransportHit[] {
  const hits: TransportHit[] = [];
  for (const a of assignments) {
    if (a.commented) continue;
    const value = a.value.trim().toLowerCase();
    const setting = table.verify.settings.find(
      (s) => s.values.has(value) && s.keys.some((k) => a.norm === k || a.norm.endsWith('_' + k)) && (!s.context || contextWords(a).some((w) => CERT_CONTEXT.has(w))),
    );
    if (setting) hits.push({ start: a.valueStart, end: a.valueEnd, data: { found: `${a.key} = ${a.value.trim()}` } });
  }
  const lines = new LineStarts(text);
  for (const p of table.verify.patterns) {
    const anchors = p.after ? [...text.matchAll(p.after)].map((m) => m.index!) : undefined;
    for (const m of text.matchAll(p.regex)) {
      const at = m.index!;
      if (lines.isComment(at)) continue;
      if (anchors) {
        const i = firstAbove(anchors, lines.lineStart(at) - 1);
        if (i >= anchors.length || anchors[i] >= at) continue;
      }
      const [start, end] = m.indices![1] ?? m.indices![0];
      hits.push({ start, end, data: { found: text.slice(start, end) } });
    }
  }
  return firstOfOverlapping(hits);
}

/** Sorts hits by start and drops those overlapping an earlier one. */
export function firstOfOverlapping<T extends { start: number; end: number }>(hits: T[]): T[] {
  const sorted = [...hits].sort((a, b) => a.start - b.start);
  const out: T[] = [];
  for (const h of sorted) if (out.length === 0 || h.start >= out[out.length - 1].end) out.push(h);
  return out;
}
