import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, type Engine, type Finding } from '../server/src/engine';

export const repoRoot = join(__dirname, '..');

let shared: Engine | undefined;
/** One engine for the whole test file, with default settings (French messages). */
export function engine(): Engine {
  shared ??= createEngine();
  return shared;
}

export function readRepoFile(rel: string): string {
  return readFileSync(join(repoRoot, rel), 'utf8');
}

/** Applies [find, replace] edits; throws when a `find` is absent so examples cannot rot silently. */
export function applyEdits(text: string, edits: [string, string][]): string {
  let out = text;
  for (const [find, replace] of edits) {
    const at = out.indexOf(find);
    if (at < 0) throw new Error(`edit target not found: ${find.slice(0, 80)}`);
    out = out.slice(0, at) + replace + out.slice(at + find.length);
  }
  return out;
}

/** The text a finding's range covers. */
export function coveredText(text: string, f: Finding): string {
  const offsetOf = (p: { line: number; character: number }) => {
    let off = 0;
    const re = /\r\n|\r|\n/g;
    for (let l = 0; l < p.line; l++) {
      re.lastIndex = off;
      const m = re.exec(text);
      off = m ? m.index + m[0].length : text.length;
    }
    return off + p.character;
  };
  return text.slice(offsetOf(f.range.start), offsetOf(f.range.end));
}

export function rulesOf(findings: Finding[]): string[] {
  return findings.map((f) => f.rule);
}
