import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface WalkOptions {
  /** Files to keep. */
  keepFile(path: string): boolean;
  /** Folders to enter (all by default). */
  enterDir?(path: string, name: string): boolean;
  /** A folder that cannot be read; skipped silently by default. */
  onError?(dir: string, error: Error): void;
}

/** Files below `root`, depth first in name order, iteratively (no recursion on deep trees). */
export function walkFiles(root: string, opts: WalkOptions): string[] {
  const out: string[] = [];
  const stack = [root];
  while (stack.length) {
    const d = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch (e) {
      opts.onError?.(d, e as Error);
      continue;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    const subdirs: string[] = [];
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (!opts.enterDir || opts.enterDir(p, e.name)) subdirs.push(p);
      } else if (e.isFile() && opts.keepFile(p)) out.push(p);
    }
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]);
  }
  return out;
}
