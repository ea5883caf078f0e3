import type { Reporter } from '../engine/reporter';
import type { EngineSettings } from '../engine/types';
import { reportStrict } from '../pgssi/report';
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
  /** Raised to an error in production mode (test identities, INS-NIR keys): see `reportStrict`. */
  strict?: boolean;
}

/**
 * Findings of one JSON text (a document, or one NDJSON line), collected by path while the rules run on
 * plain values, then placed in a single scan of the text.
 */
export class PathFindings {
  private readonly pending: Pending[] = [];
  /** Findings by rule and path, for the checks that must not repeat what another rule said at the same place. */
  private readonly at = new Map<string, Pending[]>();

  report(rule: string, path: PathNode | undefined, kind: AnchorKind, data?: Record<string, string | number>, fix?: ReplaceFix): void {
    this.add({ rule, path, kind, data, fix });
  }

  /** A finding that production mode raises to an error when `strict` holds (and the user set no severity for it). */
  reportStrict(rule: string, path: PathNode | undefined, kind: AnchorKind, data: Record<string, string | number>, strict: boolean): void {
    this.add({ rule, path, kind, data, strict });
  }

  /**
   * The data of the findings of `rule` already reported at `path`: a coding reached by two bindings, an identifier
   * system a ROR slice already corrected, are reported once.
   */
  reportedAt(rule: string, path: PathNode | undefined): (Record<string, string | number> | undefined)[] {
    return (this.at.get(atKey(rule, path)) ?? []).map((p) => p.data);
  }

  private add(p: Pending): void {
    this.pending.push(p);
    const key = atKey(p.rule, p.path);
    const same = this.at.get(key);
    if (same) same.push(p);
    else this.at.set(key, [p]);
  }

  get size(): number {
    return this.pending.length;
  }

  /**
   * Resolves positions in `text` (which starts at `base` in the document) and hands the findings to the reporter;
   * `settings` decide the production escalation of strict findings.
   */
  flush(text: string, base: number, reporter: Reporter, settings?: EngineSettings): void {
    if (this.pending.length === 0) return;
    const ranges = locate(
      text,
      this.pending.map((p) => ({ path: segments(p.path), kind: p.kind })),
    );
    this.pending.forEach((p, i) => {
      const r = ranges[i];
      const at = { start: base + r.start, end: base + r.end };
      if (p.strict !== undefined && settings) {
        reportStrict(reporter, settings, p.rule, at, p.data ?? {}, p.strict);
        return;
      }
      const fixes = p.fix ? [{ title: p.fix.title, edits: [{ ...at, newText: p.fix.newText }] }] : undefined;
      reporter.report(p.rule, at, p.data, fixes);
    });
    this.pending.length = 0;
    this.at.clear();
  }
}

const atKey = (rule: string, path: PathNode | undefined) => `${rule}\u0000${segments(path).join('\u0000')}`;
