import { classifyInsRoot, isInsRoot } from '../../pgssi/ins';
import { checkNirKey, isMatriculeFormat } from '../../pgssi/nir';
import { reportStrict } from '../../pgssi/report';
import type { PgssiTables } from '../../pgssi/tables';
import { attr, children, descendants, NS, pathAll, type XmlElement } from '../../xml/tree';
import { attrRange, report, type CdaContext } from '../context';

/**
 * INS: the patient's identifier roots (obsolete INS-C authorities, unknown roots of the arc, legal numbers that
 * are not the INS), then every INS-rooted id of the document — test identities, matricule format, NIR key.
 * Matricules are personal data: findings carry their length or key, never the number.
 */
export function checkPgssiIns(ctx: CdaContext, tables: PgssiTables): void {
  const table = tables.ins;
  for (const role of pathAll(ctx.doc, 'recordTarget', 'patientRole')) {
    const ids = children(role, 'id');
    const hasIns = ids.some((id) => isInsRoot(attr(id, 'root')?.value ?? '', table));
    for (const id of ids) {
      const root = attr(id, 'root');
      const reading = root && classifyInsRoot(root.value, table);
      if (!root || !reading) continue;
      if (reading.status === 'obsolete') report(ctx, 'INS-OID-OBSOLETE', root, { root: root.value, name: reading.name, replacement: table.replacement });
      else if (reading.status === 'unknown-in-arc') report(ctx, 'INS-OID-UNKNOWN', root, { root: root.value, replacement: table.replacement });
      else if (reading.status === 'not-ins' && !hasIns) report(ctx, 'INS-OID-NOT-INS', root, { root: root.value, name: reading.name });
    }
  }
  for (const id of insIds(ctx.doc)) checkInsValue(ctx, tables, id);
}

function insIds(doc: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (const el of descendants(doc)) if (el.local === 'id' && (el.ns === NS.hl7 || el.ns === NS.sdtc)) out.push(el);
  return out;
}

function checkInsValue(ctx: CdaContext, tables: PgssiTables, id: XmlElement): void {
  const root = attr(id, 'root');
  const reading = root && classifyInsRoot(root.value, tables.ins);
  if (!root || !reading || reading.status === 'unknown-in-arc' || !reading.matricule) return;
  if (reading.status === 'test' || reading.status === 'demo') {
    reportStrict(ctx.reporter, ctx.settings, 'INS-TEST-IDENTITY', attrRange(root), { root: root.value, name: reading.name });
  }
  const ext = attr(id, 'extension');
  if (!ext || ext.value === '') return; // the header rules report a missing extension
  if (!isMatriculeFormat(ext.value)) {
    report(ctx, 'INS-MATRICULE-FORMAT', ext, { name: reading.name, length: ext.value.length });
    return;
  }
  const key = checkNirKey(ext.value);
  if (key && !key.valid) {
    const data = { name: reading.name, found: key.found, expected: key.expected };
    reportStrict(ctx.reporter, ctx.settings, 'INS-NIR-KEY', attrRange(ext), data, reading.strictKey === true);
  }
}
