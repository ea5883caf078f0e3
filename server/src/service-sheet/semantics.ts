import { isScalar, isSeq } from 'yaml';
import type { OffsetFix } from '../engine/reporter';
import { isPlainObject, prop, quoted, stringList, type SheetContext } from './context';
import { lookup } from './labels';
import { shown } from './schema';
import { hitRange, nodeAt, rangeOf, type PathSegment } from './yaml';

const SHEET_ID = /^([1-9][0-9]*)\.([1-9][0-9]*)$/;

/** The id's first number is the axis: "2.3" belongs to axis 2. */
export function checkIdMatchesAxis(ctx: SheetContext): void {
  const value = ctx.sheet.value;
  const id = prop(value, 'fiche');
  const axe = prop(value, 'axe');
  if (typeof id !== 'string' || typeof axe !== 'number') return;
  const m = SHEET_ID.exec(id);
  if (!m || !Number.isInteger(axe) || axe < 1 || axe > 5 || Number(m[1]) === axe) return;
  const idHit = nodeAt(ctx.sheet, ['fiche']);
  const idRange = hitRange(idHit);
  const axeRange = hitRange(nodeAt(ctx.sheet, ['axe']));
  const renumbered = `${axe}.${m[2]}`;
  const fixes: OffsetFix[] = [];
  if (Number(m[1]) <= 5) {
    fixes.push({ title: { fr: `Mettre l'axe à ${m[1]}`, en: `Set the axis to ${m[1]}` }, edits: [{ ...axeRange, newText: m[1] }] });
  }
  fixes.push({
    title: { fr: `Renuméroter la fiche en « ${renumbered} »`, en: `Renumber the sheet "${renumbered}"` },
    edits: [{ ...idRange, newText: quoted(ctx.text.slice(idRange.start, idRange.end), renumbered) }],
  });
  ctx.reporter.report('FICHE-ID-AXE', idRange, { fiche: id, axe }, fixes);
}

const DATE_FORMS: Record<string, RegExp> = {
  date_mise_a_jour: /^(\d{4})-(\d{2})-(\d{2})$/,
  echeance: /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/,
};

/** Dates are ISO 8601 calendar dates that exist (no 31 April, 29 February only in leap years). */
export function checkDates(ctx: SheetContext): void {
  for (const key of Object.keys(DATE_FORMS)) {
    const v = prop(ctx.sheet.value, key);
    if (typeof v !== 'string' || v.length === 0 || isValidDate(v, DATE_FORMS[key])) continue;
    const expected = lookup(ctx.labels.keys, key)?.format?.[ctx.locale] ?? DATE_FORMS[key].source;
    ctx.reporter.report('FICHE-DATE', hitRange(nodeAt(ctx.sheet, [key])), { key, value: shown(v), expected });
  }
}

export function isValidDate(v: string, form: RegExp): boolean {
  const m = form.exec(v);
  if (!m) return false;
  const year = Number(m[1]);
  if (m[2] === undefined) return true;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return false;
  if (m[3] === undefined) return true;
  const day = Number(m[3]);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day >= 1 && day <= days;
}

/** Every address of the sheet, with its path: the service's own and each flow's. */
export function sheetUrls(value: unknown): { path: PathSegment[]; url: string; flux?: string }[] {
  const out: { path: PathSegment[]; url: string; flux?: string }[] = [];
  const own = prop(value, 'url');
  if (typeof own === 'string' && own) out.push({ path: ['url'], url: own });
  const flux = prop(prop(value, 'securite'), 'flux');
  if (Array.isArray(flux)) {
    flux.forEach((f, i) => {
      const url = prop(f, 'url');
      const nom = prop(f, 'nom');
      if (typeof url === 'string' && url) out.push({ path: ['securite', 'flux', i, 'url'], url, flux: typeof nom === 'string' ? nom : undefined });
    });
  }
  return out;
}

/** An absolute http(s) URL with a host, and no spaces. */
function isWellFormedUrl(url: string): boolean {
  if (!/^https?:\/\/[^\s/?#]/i.test(url) || /\s/.test(url)) return false;
  try {
    return new URL(url).hostname.length > 0;
  } catch {
    return false;
  }
}

/** The URL for a message: userinfo removed (it may hold a password), one line, short. */
export function safeUrl(url: string): string {
  return shown(url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, '$1…@'));
}

export function checkUrls(ctx: SheetContext): void {
  for (const { path, url } of sheetUrls(ctx.sheet.value)) {
    if (isWellFormedUrl(url)) continue;
    ctx.reporter.report('FICHE-URL', hitRange(nodeAt(ctx.sheet, path)), { value: safeUrl(url) });
  }
}

const compiledMentions = new WeakMap<object, RegExp[]>();

function mentionPatterns(entry: { mentions?: string[] }): RegExp[] {
  let res = compiledMentions.get(entry);
  if (!res) {
    // Whole words only, with letters in the Unicode sense (\b would split "MSSanté" after the "é").
    res = (entry.mentions ?? []).map((p) => new RegExp(`(?<![\\p{L}\\p{N}_])(?:${p})(?![\\p{L}\\p{N}_])`, 'u'));
    compiledMentions.set(entry, res);
  }
  return res;
}

/**
 * The title or description names a socle service ("ROR", "Dossier Médical Partagé") that `services_socles` does
 * not list: an information with a fix that adds it. Matched on the source text, so the range is exact.
 */
export function checkSocleMentions(ctx: SheetContext): void {
  const value = ctx.sheet.value;
  if (!isPlainObject(value)) return;
  const socles = prop(value, 'services_socles');
  if (socles !== undefined && !Array.isArray(socles)) return;
  const listed = new Set(stringList(socles));
  const table = ctx.labels.values['services_socles[]'] ?? {};
  const sources = (['titre', 'description'] as const)
    .map((k) => nodeAt(ctx.sheet, [k]).node)
    .filter((n) => isScalar(n) && typeof n.value === 'string')
    .map((n) => rangeOf(n));
  for (const code of Object.keys(table)) {
    if (listed.has(code)) continue;
    const found = firstMention(ctx.text, sources, mentionPatterns(table[code]));
    if (!found) continue;
    ctx.reporter.report(
      'FICHE-SOCLE-MENTION',
      found,
      { mention: shown(ctx.text.slice(found.start, found.end)), socle: code, label: table[code][ctx.locale] },
      addSocleFix(ctx, code),
    );
  }
}

function firstMention(text: string, sources: { start: number; end: number }[], patterns: RegExp[]) {
  for (const src of sources) {
    const slice = text.slice(src.start, src.end);
    let best: { start: number; end: number } | undefined;
    for (const re of patterns) {
      const m = re.exec(slice);
      if (m && (!best || src.start + m.index < best.start)) best = { start: src.start + m.index, end: src.start + m.index + m[0].length };
    }
    if (best) return best;
  }
  return undefined;
}

function addSocleFix(ctx: SheetContext, code: string): OffsetFix[] {
  const title = { fr: `Ajouter « ${code} » aux services socles`, en: `Add "${code}" to the socle services` };
  const hit = nodeAt(ctx.sheet, ['services_socles']);
  const seq = hit.node;
  if (hit.key && isSeq(seq) && seq.range) {
    if (seq.flow) {
      const close = ctx.text.lastIndexOf(']', seq.range[1]);
      if (close < seq.range[0]) return [];
      return [{ title, edits: [{ start: close, end: close, newText: seq.items.length ? `, ${code}` : code }] }];
    }
    const last = seq.items[seq.items.length - 1] as { range?: [number, number, number] } | undefined;
    if (!last?.range) return [];
    const lineStart = ctx.text.lastIndexOf('\n', last.range[0] - 1) + 1;
    const indent = /^[ \t]*/.exec(ctx.text.slice(lineStart))![0];
    return [{ title, edits: [{ start: last.range[1], end: last.range[1], newText: `\n${indent}- ${code}` }] }];
  }
  if (hit.key) return [];
  // No services_socles key: add one on the line after the indicators (the key that precedes it in the format).
  const indicateurs = nodeAt(ctx.sheet, ['indicateurs']);
  if (!indicateurs.key) return [];
  const after = hitRange(indicateurs);
  const nl = ctx.text.indexOf('\n', Math.max(after.end - 1, rangeOf(indicateurs.key).end));
  if (nl < 0) return [{ title, edits: [{ start: ctx.text.length, end: ctx.text.length, newText: `\nservices_socles: [${code}]\n` }] }];
  return [{ title, edits: [{ start: nl + 1, end: nl + 1, newText: `services_socles: [${code}]\n` }] }];
}
