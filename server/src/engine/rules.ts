import type { Family, Locale, Severity } from './types';

/** One entry of a rule table in `schemas/rules/*.json`: the spine every finding hangs on. */
export interface RuleMeta {
  id: string;
  /** The document family the rules run on; `nos` and `pgssi` rules run on several families. */
  family: Family | 'xml' | 'common' | 'nos' | 'pgssi';
  severity: Severity;
  title: Record<Locale, string>;
  /** Message templates; `{name}` is replaced by the finding's data. */
  message: Record<Locale, string>;
  /** Where the rule comes from: CI-SIS volet, kit file, ROR IG, NOS, PGSSI-S référentiel. */
  source: string;
  /** True when the rule checks something the official tooling does not. */
  beyondKit?: boolean;
  /** A security or identity rule kept in another family's table (INS traits in the CDA header…); see `isPgssiRule`. */
  pgssi?: boolean;
  examples: RuleExample[];
}

/** A rule example is a base fixture plus text edits; tests check invalid ones fire and valid ones do not. */
export interface RuleExample {
  expect: 'invalid' | 'valid';
  base: string;
  /** [find, replace] pairs applied in order; each `find` must occur in the text. */
  edits: [string, string][];
  /** For invalid examples: the exact document text the finding's range covers. */
  range?: string;
  /** Appends this many spaces to the text (size-limit examples). */
  pad?: number;
  /** Validates bytes in this encoding instead of text (encoding examples). */
  encode?: 'utf8' | 'latin1';
  /** Bundled data files hidden from the engine (examples of a missing code list). */
  hideData?: string[];
  /** NOS export files (repo-relative) loaded as the user's override folder (examples of newer code lists). */
  nos?: string[];
  note?: string;
}

export interface RuleTable {
  family: RuleMeta['family'];
  rules: Omit<RuleMeta, 'family'>[];
}

export class RuleRegistry {
  private readonly byId = new Map<string, RuleMeta>();

  constructor(tables: RuleTable[]) {
    for (const t of tables) {
      for (const r of t.rules) {
        if (this.byId.has(r.id)) throw new Error(`duplicate rule id ${r.id}`);
        this.byId.set(r.id, { ...r, family: t.family });
      }
    }
  }

  get(id: string): RuleMeta {
    const r = this.byId.get(id);
    if (!r) throw new Error(`unknown rule ${id}`);
    return r;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  all(): RuleMeta[] {
    return [...this.byId.values()];
  }
}

/** Rules of the PGSSI-S / INS / identifier section of the report: the `pgssi` table, and rules marked `pgssi` elsewhere. */
export function isPgssiRule(meta: RuleMeta | undefined): boolean {
  return meta !== undefined && (meta.family === 'pgssi' || meta.pgssi === true);
}

export function formatMessage(template: string, data: Record<string, string | number> | undefined): string {
  if (!data) return template;
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in data ? String(data[k]) : m));
}
