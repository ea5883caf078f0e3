import type { CdaCheck } from '../context';
import { loadPgssiTables } from '../../pgssi/tables';
import { checkPgssiDocument } from './pgssi-document';
import { checkPgssiIds } from './pgssi-ids';
import { checkPgssiIns } from './pgssi-ins';

/**
 * PGSSI-S and identity checks on a CDA document (issue "PGSSI-S and identity checks across every family"): INS
 * roots and matricules, professional and organisation identifiers, masking codes, signatures, clear links and
 * secrets. What the CI-SIS header rules already check (INS traits, name qualifiers, actor roots, the
 * confidentiality value set) is left to them.
 */
export const checkPgssi: CdaCheck = (ctx) => {
  const tables = loadPgssiTables(ctx.data);
  if (!tables) return;
  checkPgssiIns(ctx, tables);
  checkPgssiIds(ctx, tables);
  checkPgssiDocument(ctx, tables);
};
