import { LineIndex } from '../engine/positions';
import { Reporter } from '../engine/reporter';
import type { RuleRegistry } from '../engine/rules';
import type { EngineSettings, Finding } from '../engine/types';
import { readSheetFacts, type SheetInput } from './sheets';

export interface PortfolioFindings {
  path: string;
  findings: Finding[];
}

/** How many other files a duplicate-id message names before "…". */
const NAMED_OTHERS = 3;

/**
 * Cross-file checks of a folder of sheets: an id used by sheets of two files (FICHE-ID-DUPLICATE, naming the
 * other files). Pure: texts in, localised findings out, per path, only for paths that have some. Duplicates
 * inside one file are the single-file validation's business and are not repeated here.
 */
export function checkPortfolio(sheets: SheetInput[], engine: { registry: RuleRegistry; settings: EngineSettings }): PortfolioFindings[] {
  const byId = new Map<string, { path: string; start: number; end: number; line: number }[]>();
  const indexes = new Map<string, LineIndex>();
  const texts = new Map(sheets.map((s) => [s.path, s.text]));
  const lineIndex = (path: string) => {
    let index = indexes.get(path);
    if (!index) indexes.set(path, (index = new LineIndex(texts.get(path) ?? '')));
    return index;
  };
  for (const input of sheets) {
    for (const facts of readSheetFacts(input)) {
      if (facts.id === undefined || !facts.idRange) continue;
      const entry = { path: input.path, ...facts.idRange, line: lineIndex(input.path).positionAt(facts.idRange.start).line + 1 };
      const list = byId.get(facts.id);
      if (list) list.push(entry);
      else byId.set(facts.id, [entry]);
    }
  }
  const reporters = new Map<string, Reporter>();
  const word = engine.settings.locale === 'fr' ? 'ligne' : 'line';
  for (const [id, entries] of byId) {
    for (const entry of entries) {
      const others = entries.filter((o) => o.path !== entry.path);
      if (others.length === 0) continue;
      let reporter = reporters.get(entry.path);
      if (!reporter) reporters.set(entry.path, (reporter = new Reporter(engine.registry, engine.settings, lineIndex(entry.path))));
      const named = others.slice(0, NAMED_OTHERS).map((o) => `${o.path} (${word} ${o.line})`);
      const other = named.join(', ') + (others.length > NAMED_OTHERS ? ', …' : '');
      reporter.report('FICHE-ID-DUPLICATE', entry, { fiche: id, other });
    }
  }
  return sheets
    .map((s) => ({ path: s.path, findings: reporters.get(s.path)?.findings ?? [] }))
    .filter((r) => r.findings.length > 0)
    .map((r) => ({ ...r, findings: r.findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character) }));
}
