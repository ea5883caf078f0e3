import type { FamilyDeps } from '../engine/family';
import { LineIndex } from '../engine/positions';
import type { Reporter } from '../engine/reporter';
import type { Locale } from '../engine/types';
import { findPscIssues, pscHitData } from '../pgssi/psc';
import { scanAssignments } from '../pgssi/scan';
import { loadPgssiTables } from '../pgssi/tables';
import { prop, type SheetContext } from './context';
import { lookup, sheetLabels, sheetSchemaJson, type SheetLabels } from './labels';
import { checkClearTextFlows, checkHdsHosting, checkProfessionalAuthentication } from './pgssi';
import { checkSchema } from './schema';
import { describeSecret, findSheetSecrets } from './secrets';
import { checkDates, checkIdMatchesAxis, checkSocleMentions, checkUrls } from './semantics';
import { hitRange, MAX_ALIAS_COUNT, MAX_DEPTH, MAX_SHEET_CHARS, nodeAt, parseSheetStream, type SheetDoc, type YamlProblem } from './yaml';

const checks: ((ctx: SheetContext) => void)[] = [
  checkSchema,
  checkIdMatchesAxis,
  checkDates,
  checkUrls,
  checkSocleMentions,
  checkHdsHosting,
  checkClearTextFlows,
  checkProfessionalAuthentication,
];

/** Validates a stream of one or more sheets (documents separated by `---`). */
export function validateServiceSheet(text: string, deps: FamilyDeps): { kind?: string } {
  const { reporter } = deps;
  const labels = sheetLabels(deps.data);
  const { docs, problems } = parseSheetStream(text);
  for (const p of problems) reportYamlProblem(reporter, p, text, labels);
  if (text.length > MAX_SHEET_CHARS) return {};
  const schema = sheetSchemaJson(deps.data);
  const readable = docs.filter((d) => !d.broken && d.doc.contents !== null);
  for (const sheet of readable) {
    const ctx: SheetContext = { text, sheet, labels, schema, reporter, locale: reporter.locale };
    for (const check of checks) check(ctx);
  }
  checkDuplicateIdsInStream(text, readable, reporter);
  const pgssi = loadPgssiTables(deps.data);
  const assignments = pgssi ? scanAssignments(text) : [];
  for (const hit of pgssi ? findSheetSecrets(text, pgssi.secrets, assignments) : []) {
    reporter.report('FICHE-PGSSI-SECRET', hit, { what: describeSecret(hit, labels, reporter.locale), masked: hit.shown });
  }
  // AUTH-01: the sheet's Pro Santé Connect URLs (service address, flows) all in one environment — the text family's rules.
  for (const h of pgssi ? findPscIssues(text, assignments, pgssi.psc, deps.settings.production) : []) reporter.report(h.rule, h, pscHitData(h, reporter.locale));
  const ids = readable.map((d) => prop(d.value, 'fiche')).filter((id): id is string => typeof id === 'string');
  return { kind: ids.length === 1 ? `fiche ${ids[0]}` : ids.length > 1 ? `${ids.length} fiches` : undefined };
}

function reportYamlProblem(reporter: Reporter, p: YamlProblem, text: string, labels: SheetLabels): void {
  switch (p.rule) {
    case 'FICHE-YAML-SYNTAX': {
      const code = p.detail ?? 'IMPOSSIBLE';
      reporter.report(p.rule, p, { code, detail: lookup(labels.yamlErrors, code)?.[reporter.locale] ?? code });
      return;
    }
    case 'FICHE-YAML-TAG':
      reporter.report(p.rule, p, { tag: p.detail ?? '' });
      return;
    case 'FICHE-YAML-SIZE':
      reporter.report(p.rule, p, { size: text.length, max: MAX_SHEET_CHARS });
      return;
    case 'FICHE-YAML-ALIAS':
      reporter.report(p.rule, p, { max: MAX_ALIAS_COUNT });
      return;
    case 'FICHE-YAML-DEPTH':
      reporter.report(p.rule, p, { max: MAX_DEPTH });
      return;
    case 'FICHE-YAML-DUPLICATE-KEY':
      reporter.report(p.rule, p, { key: text.slice(p.start, Math.min(p.end, p.start + 60)) });
      return;
  }
}

/** Two sheets of one file with the same id; across files, `checkPortfolio` does the same. */
function checkDuplicateIdsInStream(text: string, sheets: SheetDoc[], reporter: Reporter): void {
  const first = new Map<string, number>();
  let lines: LineIndex | undefined;
  for (const sheet of sheets) {
    const id = prop(sheet.value, 'fiche');
    if (typeof id !== 'string') continue;
    const at = hitRange(nodeAt(sheet, ['fiche']));
    const earlier = first.get(id);
    if (earlier === undefined) {
      first.set(id, at.start);
      continue;
    }
    lines ??= new LineIndex(text);
    reporter.report('FICHE-ID-DUPLICATE', at, { fiche: id, other: sameFileOther(lines.positionAt(earlier).line + 1, reporter.locale) });
  }
}

function sameFileOther(line: number, locale: Locale): string {
  return locale === 'fr' ? `la fiche de la ligne ${line}` : `the sheet on line ${line}`;
}
