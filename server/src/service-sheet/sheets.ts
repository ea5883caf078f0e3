import type { OffsetRange } from '../engine/types';
import { prop, stringList } from './context';
import { isServiceSheet } from './detect';
import { hitRange, nodeAt, parseSheetStream } from './yaml';

/** A file of a portfolio: its path (as the caller names it) and its text. */
export interface SheetInput {
  path: string;
  text: string;
}

/** What the portfolio views and checks need from one sheet; fields of the wrong type are left out. */
export interface SheetFacts {
  path: string;
  id?: string;
  idRange?: OffsetRange;
  titre?: string;
  axe?: number;
  statut?: string;
  domaines: string[];
  beneficiaires: string[];
  socles: string[];
}

/** The readable sheets of a file (several when it holds a `---`-separated stream); none for other files. */
export function readSheetFacts(input: SheetInput): SheetFacts[] {
  if (!isServiceSheet(input.text)) return [];
  const out: SheetFacts[] = [];
  for (const sheet of parseSheetStream(input.text).docs) {
    const v = sheet.value;
    if (sheet.broken || prop(v, 'fiche') === undefined) continue;
    const id = prop(v, 'fiche');
    const titre = prop(v, 'titre');
    const axe = prop(v, 'axe');
    const statut = prop(v, 'statut');
    out.push({
      path: input.path,
      id: typeof id === 'string' ? id : undefined,
      idRange: typeof id === 'string' ? hitRange(nodeAt(sheet, ['fiche'])) : undefined,
      titre: typeof titre === 'string' ? titre : undefined,
      axe: typeof axe === 'number' && Number.isInteger(axe) ? axe : undefined,
      statut: typeof statut === 'string' ? statut : undefined,
      domaines: stringList(prop(v, 'domaines')),
      beneficiaires: stringList(prop(v, 'beneficiaires')),
      socles: stringList(prop(v, 'services_socles')),
    });
  }
  return out;
}

/** "2.10" after "2.9": ids compare number by number. */
export function compareIds(a: string | undefined, b: string | undefined): number {
  const pa = (a ?? '').split('.').map(Number);
  const pb = (b ?? '').split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0 && !Number.isNaN(d)) return d;
  }
  return (a ?? '').localeCompare(b ?? '');
}
