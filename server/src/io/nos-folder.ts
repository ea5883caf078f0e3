import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadNosFolder, type NosFolder } from '../nos/folder';
import { decodeNosBytes } from '../nos/import';

/**
 * The faces' side of the NOS override folder: reads `*.xml`/`*.json` files (one level, then subfolders) and hands
 * their text to the pure importer. Kept out of the engine, which does no I/O of its own.
 */
export function readNosFolder(dir: string): NosFolder {
  const files: { name: string; text: string }[] = [];
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch (e) {
      return { records: [], problems: [{ file: d, message: (e as Error).message }] };
    }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (/\.(xml|json)$/i.test(e.name)) files.push({ name: p, text: decodeNosBytes(readFileSync(p)) });
    }
  }
  return loadNosFolder(files);
}
