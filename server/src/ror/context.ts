import type { Reporter } from '../engine/reporter';
import { locate, type AnchorKind } from './json/locate';
import { segments, type PathNode } from './json/path';

/** A quick fix that replaces the text of the finding's own range. */
export interface ReplaceFix {
  title: { fr: string; en: string };
  newText: string;
}

interface Pending {
  rule: string;
  path: PathNode | undefined;
  kind: AnchorKind;
  data?: Record<string, string | number>;
  fix?: ReplaceFix;
}

/**
 * Findings of one JSON text (a document, or one NDJSON line), collected by path while the rules run on
 * plain values, then placed in a single scan of the text.
 */
export class PathFindings {
  private readonly pending: Pending[] = [];

  report(rule: string, path: PathNode | undefined, kind: AnchorKind, data?: Record<string, string | number>, fix?: ReplaceFix): void {
    this.pending.push({ rule, path, kind, data, fix });
  }

  get size(): number {
    return this.pending.length;
  }

  /** Resolves positions in `text` (which starts at `base` in the document) and hands the findings to the reporter. */
  flush(text: string, base: number, reporter: Reporter): void {
    if (this.pending.length === 0) return;
    const ranges = locate(
      text,
      this.pending.map((p) => ({ path: segments(p.path), kind: p.kind })),
    );
    this.pending.forEach((p, i) => {
      const r = ranges[i];
      const at = { start: base + r.start, end: base + r.end };
      const fixes = p.fix ? [{ title: p.fix.title, edits: [{ ...at, newText: p.fix.newText }] }] : undefined;
      reporter.report(p.rule, at, p.data, fixes);
    });
    this.pending.length = 0;
  }
}
