/** How far detection looks: a sheet's `fiche` key comes first or nearly so. */
const HEAD = 1_000_000;
/** A `fiche` key at column 0 (a top-level key of a block mapping), bare or quoted. */
const TOP_LEVEL_FICHE = /^(?:fiche|"fiche"|'fiche')[ \t]*:(?:[ \t\r]|$)/m;

/** A YAML service sheet: a top-level `fiche` key. JSON and XML texts are never claimed. */
export function isServiceSheet(text: string): boolean {
  const head = (text.length > HEAD ? text.slice(0, HEAD) : text).replace(/^\uFEFF/, '');
  if (/^\s*[<{[]/.test(head)) return false;
  return TOP_LEVEL_FICHE.test(head);
}
