/**
 * PGSSI-S facts of a sheet (`securite`). HDS-01, TRANS-01 and AUTH-03 are the ids of the checks in the PGSSI-S
 * research note these rules come from; each rule's `source` names the texts behind it.
 */
import { clearHttpHost } from '../pgssi/transport';
import { isPlainObject, prop, stringList, type SheetContext } from './context';
import { lookup } from './labels';
import { shown } from './schema';
import { safeUrl, sheetUrls } from './semantics';
import { hitRange, nodeAt, rangeOf } from './yaml';

/** HDS-01: personal health data hosted by a third party require an HDS-certified host (CSP art. L.1111-8). */
export function checkHdsHosting(ctx: SheetContext): void {
  const securite = prop(ctx.sheet.value, 'securite');
  if (prop(securite, 'donnees_de_sante') !== true) return;
  const host = prop(securite, 'hebergeur');
  if (!isPlainObject(host) || prop(host, 'interne') === true || prop(host, 'certifie_hds') === true) return;
  const certified = nodeAt(ctx.sheet, ['securite', 'hebergeur', 'certifie_hds']);
  const at = certified.key ? hitRange(certified) : rangeOf(nodeAt(ctx.sheet, ['securite', 'hebergeur']).key);
  const nom = prop(host, 'nom');
  ctx.reporter.report('FICHE-PGSSI-HDS', at, { hebergeur: typeof nom === 'string' ? shown(nom) : '?' });
}

/** TRANS-01: flows go over TLS; `http://` is clear text (loopback addresses excepted: shared `clearHttpHost`). */
export function checkClearTextFlows(ctx: SheetContext): void {
  for (const { path, url } of sheetUrls(ctx.sheet.value)) {
    // A malformed `http://` URL is FICHE-URL's finding, and still clear text (empty host).
    if (clearHttpHost(url) === undefined) continue;
    const at = hitRange(nodeAt(ctx.sheet, path));
    const offset = ctx.text.slice(at.start, at.end).toLowerCase().indexOf('http://');
    const fixes =
      offset < 0
        ? []
        : [{ title: { fr: 'Passer en https://', en: 'Use https://' }, edits: [{ start: at.start + offset, end: at.start + offset + 7, newText: 'https://' }] }];
    ctx.reporter.report('FICHE-PGSSI-HTTP', at, { url: safeUrl(url) }, fixes);
  }
}

/**
 * AUTH-03: professionals reach a service that handles health data with a national means of strong authentication
 * (Pro Santé Connect, e-CPS, CPS), not a password alone. A sheet that says it handles no health data is exempt.
 */
export function checkProfessionalAuthentication(ctx: SheetContext): void {
  const securite = prop(ctx.sheet.value, 'securite');
  if (prop(securite, 'donnees_de_sante') === false) return;
  const means = stringList(prop(securite, 'authentification'));
  const table = ctx.labels.values['securite.authentification[]'] ?? {};
  if (!means.includes('identifiant_mot_de_passe') || means.some((m) => lookup(table, m)?.forte === true)) return;
  const actors = ctx.labels.values['beneficiaires[]'] ?? {};
  const professionals = stringList(prop(ctx.sheet.value, 'beneficiaires')).filter((b) => lookup(actors, b)?.professionnels === true);
  if (professionals.length === 0) return;
  ctx.reporter.report('FICHE-PGSSI-AUTH', hitRange(nodeAt(ctx.sheet, ['securite', 'authentification'])), {
    beneficiaires: professionals.map((b) => lookup(actors, b)?.[ctx.locale] ?? b).join(', '),
  });
}
