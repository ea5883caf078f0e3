import type { DataSource } from '../engine/data';
import type { Terminology } from '../nos/types';
import type { Reporter } from '../engine/reporter';
import type { EngineSettings, OffsetRange } from '../engine/types';
import type { XmlAttr, XmlElement } from '../xml/tree';

/** What a CDA rule sees: the ClinicalDocument element, the terminology, and a way to report. */
export interface CdaContext {
  text: string;
  doc: XmlElement;
  nos: Terminology;
  /** Bundled declarative data (volet tables, structure model); cache what you parse from it. */
  data: DataSource;
  settings: EngineSettings;
  reporter: Reporter;
  /** Volet detected from the document templateIds, if any (set before volet rules run). */
  volet?: { name: string; version?: string };
}

export type CdaCheck = (ctx: CdaContext) => void;

/** The range a finding on an element covers: its name in the start tag. */
export function elementRange(el: XmlElement): OffsetRange {
  return { start: el.start + 1, end: el.nameEnd };
}

/** The range a finding on an attribute covers: its value, or its name when the value is empty. */
export function attrRange(a: XmlAttr): OffsetRange {
  return a.valueEnd > a.valueStart ? { start: a.valueStart, end: a.valueEnd } : { start: a.nameStart, end: a.nameStart + a.name.length };
}

export function at(target: XmlElement | XmlAttr): OffsetRange {
  return 'kind' in target ? elementRange(target) : attrRange(target);
}

export function report(ctx: CdaContext, rule: string, target: XmlElement | XmlAttr, data?: Record<string, string | number>): void {
  ctx.reporter.report(rule, at(target), data);
}
