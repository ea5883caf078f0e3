import { classifyInsRoot } from '../../pgssi/ins';
import { assessIdNat } from '../../pgssi/registers';
import type { PgssiTables } from '../../pgssi/tables';
import { attr, descendants, NS, pathAll } from '../../xml/tree';
import { report, type CdaContext } from '../context';

/**
 * idNat_PS and idNat_Struct identifiers anywhere in the document: the prefix, the register number's format and
 * its key (shared assessment `assessIdNat`, `pgssi/registers.ts`; this adapter places it on `@extension`). All
 * warnings: the official samples carry many made-up RPPS and FINESS numbers. A legal authenticator identified by an
 * INS is reported too (the VAC sample has one: a patient attesting their own record).
 */
export function checkPgssiIds(ctx: CdaContext, tables: PgssiTables): void {
  const { ps, struct } = tables.idNat;
  for (const el of descendants(ctx.doc)) {
    if (el.local !== 'id' || el.ns !== NS.hl7) continue;
    const root = attr(el, 'root')?.value;
    const ext = attr(el, 'extension');
    if (!ext || ext.value === '') continue;
    const table = root === ps.oid ? ps : root === struct.oid ? struct : undefined;
    if (!table) continue;
    const f = assessIdNat(ext.value, table, table === ps ? 'PS' : 'STRUCT', ctx.settings.locale);
    if (f) report(ctx, f.rule, ext, f.data);
  }
  for (const id of pathAll(ctx.doc, 'legalAuthenticator', 'assignedEntity', 'id')) {
    const root = attr(id, 'root');
    if (root && classifyInsRoot(root.value, tables.ins)) report(ctx, 'ID-LEGAL-AUTHENTICATOR-INS', root, { root: root.value, expected: ps.oid });
  }
}
