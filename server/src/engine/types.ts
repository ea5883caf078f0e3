/** Plain data types shared by the engine and its faces. LSP-compatible shapes, no LSP dependency. */

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type SeveritySetting = Severity | 'off';
export type Family = 'cda' | 'ror' | 'service-sheet' | 'text' | 'unknown';
export type Locale = 'fr' | 'en';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Offsets are UTF-16 code unit indexes into the document text, as JavaScript strings count them. */
export interface OffsetRange {
  start: number;
  end: number;
}

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  range: Range;
  /** Values substituted in the message; kept so that quick fixes and reports can reuse them. */
  data?: Record<string, string | number>;
  /** Quick fixes for this finding, already localised; the faces offer them as code actions. */
  fixes?: Fix[];
}

export interface Fix {
  title: string;
  edits: TextEdit[];
}

export interface ValidationResult {
  family: Family;
  /** Detected sub-type, e.g. the CDA volet ("LDL-SES 2022.01"). */
  kind?: string;
  diagnostics: Finding[];
}

export interface EngineSettings {
  locale: Locale;
  /** Severity overrides keyed by rule id; "off" silences the rule. */
  rules: Record<string, SeveritySetting>;
  /** Identities under production INS OIDs are checked strictly (test identities become errors). */
  production: boolean;
  /** Globs of other text files opted in for the PGSSI-S transport/secret checks (`.env`, `*.properties`…). */
  textGlobs: string[];
}

export const defaultSettings: EngineSettings = { locale: 'fr', rules: {}, production: false, textGlobs: [] };

export interface TextEdit {
  range: Range;
  newText: string;
}

/** A completion proposal in editor-neutral terms (the LSP face converts it). */
export interface Completion {
  label: string;
  kind: 'property' | 'value' | 'code' | 'snippet';
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** Replaces the word at the cursor (or `replaceRange`); defaults to the label. */
  insertText?: string;
  /** The range the insert text replaces (e.g. a whole attribute value); the client's word range otherwise. */
  replaceRange?: Range;
  /** Edits elsewhere in the document made with the completion (e.g. codeSystem and displayName beside a code). */
  additionalEdits?: TextEdit[];
  /** For sorting/filtering: text the client matches the typed prefix against. */
  filterText?: string;
}

export interface HoverInfo {
  /** Markdown. */
  contents: string;
  range: Range;
}
