import type { LineIndex } from './positions';
import { formatMessage, type RuleRegistry } from './rules';
import type { EngineSettings, Finding, OffsetRange, TextEdit } from './types';

/** Turns (rule id, offsets, data) into localised findings with the user's severity, and drops silenced rules. */
export class Reporter {
  readonly findings: Finding[] = [];

  constructor(
    private readonly registry: RuleRegistry,
    private readonly settings: EngineSettings,
    private readonly lines: LineIndex,
  ) {}

  report(rule: string, at: OffsetRange, data?: Record<string, string | number>, fixes?: OffsetFix[]): void {
    const meta = this.registry.get(rule);
    const override = this.settings.rules[rule];
    if (override === 'off') return;
    const finding: Finding = {
      rule,
      severity: override ?? meta.severity,
      message: formatMessage(meta.message[this.settings.locale], data),
      range: this.lines.range(at.start, at.end),
      data,
    };
    if (fixes?.length) {
      finding.fixes = fixes.map((f) => ({
        title: formatMessage(f.title[this.settings.locale], data),
        edits: f.edits.map((e): TextEdit => ({ range: this.lines.range(e.start, e.end), newText: e.newText })),
      }));
    }
    this.findings.push(finding);
  }

  get locale() {
    return this.settings.locale;
  }
}

/** A quick fix as rules write it: offsets, and a title in both languages (placeholders from the finding's data). */
export interface OffsetFix {
  title: { fr: string; en: string };
  edits: (OffsetRange & { newText: string })[];
}
