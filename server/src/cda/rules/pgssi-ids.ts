import type { Locale } from '../../engine/types';
import type { Register } from '../../pgssi/identifiers';
import { readIdNat, type IdNatTable } from '../../pgssi/idnat';
import { classifyInsRoot } from '../../pgssi/ins';
import type { PgssiTables } from '../../pgssi/tables';
import { attr, descendants, NS, pathAll, type XmlAttr } from '../../xml/tree';
import { report, type CdaContext } from '../context';

/**
 * idNat_PS and idNat_Struct identifiers anywhere in the document: the prefix, the register number's format and
 * its key. All warnings: the official samples carry many made-up RPPS and FINESS numbers. A legal authenticator
 * identified by an INS is reported too (the VAC sample has one: a patient attesting their own record).
 */
export function checkPgssiIds(ctx: CdaContext, tables: PgssiTables): void {
  const { ps, struct } = tables.idNat;
  for (const el of descendants(ctx.doc)) {
    if (el.local !== 'id' || el.ns !== NS.hl7) continue;
    const root = attr(el, 'root')?.value;
    const ext = attr(el, 'extension');
    if (!ext || ext.value === '') continue;
    if (root === ps.oid) checkIdNat(ctx, ext, ps, 'PS');
    else if (root === struct.oid) checkIdNat(ctx, ext, struct, 'STRUCT');
  }
  for (const id of pathAll(ctx.doc, 'legalAuthenticator', 'assignedEntity', 'id')) {
    const root = attr(id, 'root');
    if (root && classifyInsRoot(root.value, tables.ins)) report(ctx, 'ID-LEGAL-AUTHENTICATOR-INS', root, { root: root.value, expected: ps.oid });
  }
}

const KEY_RULE: Record<Register, string | undefined> = { rpps: 'ID-RPPS-KEY', finess: 'ID-FINESS-KEY', siren: 'ID-SIREN-KEY', siret: 'ID-SIRET-KEY', adeli: undefined };

const FORMAT: Record<Register, Record<Locale, string>> = {
  rpps: { fr: '11 chiffres', en: '11 digits' },
  adeli: { fr: '9 caractères (chiffres ou lettres)', en: '9 characters (digits or letters)' },
  finess: { fr: '9 caractères : département (2 chiffres, 2A ou 2B) puis 7 chiffres', en: '9 characters: département (2 digits, 2A or 2B) then 7 digits' },
  siren: { fr: '9 chiffres', en: '9 digits' },
  siret: { fr: '14 chiffres', en: '14 digits' },
};

function checkIdNat(ctx: CdaContext, ext: XmlAttr, table: IdNatTable, kind: 'PS' | 'STRUCT'): void {
  const value = ext.value;
  const reading = readIdNat(value, table);
  const locale = ctx.settings.locale;
  if (!reading.prefix) {
    report(ctx, `ID-${kind}-PREFIX`, ext, { value, prefixes: table.prefixes.map((p) => p.prefix).join(', ') });
    return;
  }
  const { prefix, number, verdict } = reading;
  if (!prefix.register || number === undefined || verdict === undefined || verdict === 'valid') return;
  const label = prefix.label[locale];
  if (verdict === 'format') report(ctx, `ID-${kind}-FORMAT`, ext, { value, prefix: prefix.prefix, label, expected: FORMAT[prefix.register][locale] });
  else {
    const rule = KEY_RULE[prefix.register];
    if (rule) report(ctx, rule, ext, { value, number });
  }
}
