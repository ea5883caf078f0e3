import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The reference corpus beside the project (never committed). Undefined when absent. */
export function corpusDir(...parts: string[]): string | undefined {
  const dir = join(__dirname, '..', '..', '..', 'shared', 'corpus', ...parts);
  const alt = join(process.cwd(), '..', 'shared', 'corpus', ...parts);
  if (existsSync(dir)) return dir;
  if (existsSync(alt)) return alt;
  return undefined;
}

export function xmlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.xml'))
    .sort();
}

/** The official kit's verdicts on the 3-0 samples (../shared/research/cda-cisis.md, section (g)): these six fail. */
export const KIT_FAILURES: Record<string, string> = {
  'CANCER-FRCP_2022.01_Appareil.xml': 'author specialty G15_10/SCH16 not in J01 (body author)',
  'CANCER-FRCP_2022.01_Transversale.xml': 'author specialty not in J01 (body author)',
  'TLM-DA_2022.01_TCG.xml': 'author specialty not in J01 (body author)',
  'TLM-DA_2022.01_TCG_anamnese-non-structuree.xml': 'author specialty not in J01 (body author)',
  'TLM-DA_2022.01_TE1_anamnese-non-structuree.xml': 'author specialty not in J01 (body author)',
  'eDISP-MED_2024.01.xml': 'patient family qualifier SP (header)',
};
