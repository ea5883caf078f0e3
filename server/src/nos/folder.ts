import { importNosText } from './import';
import type { ValueSetRecord } from './record';

export interface NosFolder {
  records: ValueSetRecord[];
  problems: { file: string; message: string }[];
}

/**
 * Reads a user folder of NOS exports (the caller does the file reading; see `decodeNosBytes` for the bytes).
 * Files other than `.xml`/`.json` are ignored, so a folder may hold READMEs and archives.
 */
export function loadNosFolder(files: { name: string; text: string }[]): NosFolder {
  const out: NosFolder = { records: [], problems: [] };
  for (const file of files) {
    if (!/\.(xml|json)$/i.test(file.name)) continue;
    const { records, problems } = importNosText(file.text);
    out.records.push(...records);
    for (const message of problems) out.problems.push({ file: file.name, message });
  }
  return out;
}
