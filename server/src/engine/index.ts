import { createTerminology } from '../nos/terminology';
import type { Terminology } from '../nos/types';
import type { ValueSetRecord } from '../nos/record';
import { nodeDataSource, type DataSource } from './data';
import { decodeBytes } from './encoding';
import { families } from './families';
import { LineIndex } from './positions';
import { Reporter } from './reporter';
import { RuleRegistry, type RuleTable } from './rules';
import { defaultSettings, type Completion, type EngineSettings, type Family, type Finding, type HoverInfo, type Position, type ValidationResult } from './types';

export * from './types';
export type { RuleMeta } from './rules';

export interface Engine {
  readonly registry: RuleRegistry;
  readonly nos: Terminology;
  detect(text: string, path?: string): Family;
  validate(text: string, path?: string): ValidationResult;
  /** Completion proposals at a position; empty when the family offers none there. Never throws. */
  complete(text: string, position: Position): Completion[];
  /** Hover information at a position, if any. Never throws. */
  hover(text: string, position: Position): HoverInfo | undefined;
  /** Decodes file bytes (BOM, XML declaration, UTF-8) and validates; undecodable bytes are a finding. */
  validateBytes(bytes: Uint8Array, path?: string): ValidationResult & { text: string };
  configure(settings: Partial<EngineSettings>): void;
  /** Replaces the NOS override lists (e.g. after the user changed the folder setting). */
  setNosOverrides(records: ValueSetRecord[]): void;
  readonly settings: EngineSettings;
}

export interface EngineOptions {
  data?: DataSource;
  settings?: Partial<EngineSettings>;
  /** Value sets from a user folder of newer NOS exports; they take precedence over the bundled lists. */
  nosOverrides?: ValueSetRecord[];
}

/** The pure validation engine: text in, findings out. Bundled data is read once, lazily. */
export function createEngine(options: EngineOptions = {}): Engine {
  const data = options.data ?? nodeDataSource();
  const registry = new RuleRegistry(loadRuleTables(data));
  let nos = createTerminology(data, { overrides: options.nosOverrides });
  let settings: EngineSettings = { ...defaultSettings, ...options.settings };

  const familyOf = (text: string, path?: string) => families.find((f) => f.detect(text, path, settings));
  const detect = (text: string, path?: string): Family => familyOf(text, path)?.family ?? 'unknown';

  const validate = (text: string, path?: string): ValidationResult => {
    const handler = familyOf(text, path);
    if (!handler) return { family: 'unknown', diagnostics: [] };
    const reporter = new Reporter(registry, settings, new LineIndex(text));
    const { kind } = handler.validate(text, { data, nos, settings, reporter });
    return { family: handler.family, kind, diagnostics: sortFindings(reporter.findings) };
  };

  return {
    registry,
    get nos() {
      return nos;
    },
    setNosOverrides(records) {
      nos = createTerminology(data, { overrides: records });
    },
    get settings() {
      return settings;
    },
    detect,
    configure(next) {
      settings = { ...settings, ...next, rules: { ...(next.rules ?? settings.rules) } };
    },
    validate,
    complete(text, position) {
      const handler = families.find((f) => f.detect(text));
      if (!handler?.complete) return [];
      try {
        return handler.complete(text, position, { data, nos, settings });
      } catch {
        return [];
      }
    },
    hover(text, position) {
      const handler = families.find((f) => f.detect(text));
      if (!handler?.hover) return undefined;
      try {
        return handler.hover(text, position, { data, nos, settings });
      } catch {
        return undefined;
      }
    },
    validateBytes(bytes, path) {
      const decoded = decodeBytes(bytes);
      const result = validate(decoded.text, path);
      if (decoded.invalidAt !== undefined && result.family !== 'unknown') {
        const reporter = new Reporter(registry, settings, new LineIndex(decoded.text));
        reporter.report('FILE-ENCODING', { start: decoded.invalidAt, end: decoded.invalidAt + 1 }, { encoding: decoded.encoding });
        result.diagnostics = sortFindings([...reporter.findings, ...result.diagnostics]);
      }
      return { ...result, text: decoded.text };
    },
  };
}

function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

function loadRuleTables(data: DataSource): RuleTable[] {
  return data
    .list('rules')
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(data.read(`rules/${f}`)!) as RuleTable);
}
