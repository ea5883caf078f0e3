import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Read access to the bundled declarative data under `schemas/`. The only I/O the engine does. */
export interface DataSource {
  read(relativePath: string): string | undefined;
  /** Lists file names in a folder of `schemas/` (for lazily indexed code lists). */
  list(relativeDir: string): string[];
}

/** Finds `schemas/` beside the bundle (dist/..) or above the sources (server/src/..). */
export function findSchemasDir(from: string = __dirname): string {
  let dir = from;
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'schemas', 'rules'))) return join(dir, 'schemas');
    dir = dirname(dir);
  }
  throw new Error('schemas/ folder not found next to the engine');
}

export function nodeDataSource(schemasDir: string = findSchemasDir()): DataSource {
  return {
    read(rel) {
      try {
        return readFileSync(join(schemasDir, rel), 'utf8');
      } catch {
        return undefined;
      }
    },
    list(rel) {
      try {
        return readdirSync(join(schemasDir, rel));
      } catch {
        return [];
      }
    },
  };
}
