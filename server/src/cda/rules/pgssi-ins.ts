import { assessInsValue, assessPatientRoot, isInsRoot, type InsIdFinding } from '../../pgssi/ins';
import { reportStrict } from '../../pgssi/report';
import type { PgssiTables } from '../../pgssi/tables';
import { attr, children, descendants, NS, pathAll, type XmlAttr, type XmlElement } from '../../xml/tree';
import { attrRange, type CdaContext } from '../context';

/**
 * INS: the patient's identifier roots (obsolete INS-C authorities, unknown roots of the arc, legal numbers that
 * are not the INS), then every INS-rooted id of the document — test identities, matricule format, NIR key. The
 * assessments are the shared ones (`pgssi/ins.ts`); this adapter places them on `@root` or `@extension`.
 * Matricules are personal data: findings carry their length or key, never the number.
 */
export function checkPgssiIns(ctx: CdaContext, tables: PgssiTables): void {
  const table = tables.ins;
  for (const role of pathAll(ctx.doc, 'recordTarget', 'patientRole')) {
    const ids = children(role, 'id');
    const hasIns = ids.some((id) => isInsRoot(attr(id, 'root')?.value ?? '', table));
    for (const id of ids) {
      const root = attr(id, 'root');
      if (root) place(ctx, assessPatientRoot(root.value, table, hasIns), root, undefined);
    }
  }
  for (const id of insIds(ctx.doc)) {
    const root = attr(id, 'root');
    if (!root) continue;
    const ext = attr(id, 'extension');
    place(ctx, assessInsValue(root.value, ext?.value, table), root, ext);
  }
}

function place(ctx: CdaContext, findings: InsIdFinding[], root: XmlAttr, ext: XmlAttr | undefined): void {
  for (const f of findings) {
    const target = f.on === 'root' ? root : ext;
    if (target) reportStrict(ctx.reporter, ctx.settings, f.rule, attrRange(target), f.data, f.strict === true);
  }
}

function insIds(doc: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (const el of descendants(doc)) if (el.local === 'id' && (el.ns === NS.hl7 || el.ns === NS.sdtc)) out.push(el);
  return out;
}
