import { readFileSync } from 'node:fs';
import { loadNosFolder, type NosFolder } from '../nos/folder';
import { decodeNosBytes } from '../nos/import';
import { walkFiles } from './walk';

/**
 * The faces' side of the NOS override folder: reads `*.xml`/`*.json` files (one level, then subfolders) and hands
 * their text to the pure importer. Kept out of the engine, which does no I/O of its own.
 */
export function readNosFolder(dir: string): NosFolder {
  const problems: NosFolder['problems'] = [];
  const paths = walkFiles(dir, {
    keepFile: (p) => /\.(xml|json)$/i.test(p),
    onError: (d, e) => problems.push({ file: d, message: e.message }),
  });
  const folder = loadNosFolder(paths.map((p) => ({ name: p, text: decodeNosBytes(readFileSync(p)) })));
  return { records: folder.records, problems: [...problems, ...folder.problems] };
}
