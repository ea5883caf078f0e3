import type { EngineSettings } from '../engine/types';
import { globToRegExp } from '../glob';

/**
 * The text family takes the files the user opted in: paths matching `settings.textGlobs` (a glob without `/`
 * matches the file name, one with folders matches the path below any folder), or a file that opts itself in
 * with an `interop-sante: text` marker near its top (in any comment syntax) — handy for a single file checked
 * without a project configuration. It is tried last, so CDA, ROR and service sheets keep their own families.
 */
const MARKER = /interop-sante:\s*text\b/;
const MARKER_WINDOW = 512;

const compiled = new Map<string, RegExp>();
function globRe(glob: string): RegExp {
  let re = compiled.get(glob);
  if (!re) {
    re = globToRegExp(glob.replace(/^\.\//, ''));
    compiled.set(glob, re);
  }
  return re;
}

export function matchesTextGlobs(path: string, globs: string[]): boolean {
  const p = path.split('\\').join('/');
  const name = p.slice(p.lastIndexOf('/') + 1);
  for (const g of globs) {
    const re = globRe(g.split('\\').join('/'));
    if (!g.includes('/') && !g.includes('\\')) {
      if (re.test(name)) return true;
      continue;
    }
    if (re.test(p)) return true;
    for (let i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) if (re.test(p.slice(i + 1))) return true;
  }
  return false;
}

export function isOptedInText(text: string, path?: string, settings?: EngineSettings): boolean {
  if (path && settings && settings.textGlobs.length > 0 && matchesTextGlobs(path, settings.textGlobs)) return true;
  return MARKER.test(text.length > MARKER_WINDOW ? text.slice(0, MARKER_WINDOW) : text);
}
