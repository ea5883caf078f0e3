import { checkFiness, checkRpps, checkSiren, checkSiret, LA_POSTE_SIREN, readIdNat, type IdNatTables, type IdVerdict } from '../../pgssi';
import type { IdentifierKey } from './types';

type Text = { fr: string; en: string };

const WRONG_KEY: Text = { fr: 'clé de contrôle (Luhn) incorrecte', en: 'wrong check digit (Luhn)' };
const FORMAT: Record<'finess' | 'siren' | 'siret' | 'rpps', Text> = {
  finess: { fr: 'un numéro FINESS a 9 caractères : département (2 chiffres, 2A ou 2B) puis 7 chiffres', en: 'a FINESS number has 9 characters: département (2 digits, 2A or 2B) then 7 digits' },
  siren: { fr: 'un SIREN a 9 chiffres', en: 'a SIREN has 9 digits' },
  siret: { fr: 'un SIRET a 14 chiffres', en: 'a SIRET has 14 digits' },
  rpps: { fr: 'un RPPS a 11 chiffres', en: 'an RPPS number has 11 digits' },
};

/**
 * What is wrong with an identifier value of a given kind, or undefined. The algorithms are the shared
 * PGSSI-S ones (server/src/pgssi): FINESS, SIREN, SIRET with the La Poste exception, RPPS. An idNatSt is
 * checked through the number after its prefix, read with the shared idNat_Struct prefix table (`idNat`, from
 * `schemas/pgssi/idnat.json`: 1 FINESS, 2 SIREN, 3 SIRET; other prefixes and technical numbers carry no key); an
 * idNatPS through its RPPS (`8` + 11 digits, or a bare RPPS).
 */
export function identifierProblem(kind: IdentifierKey, value: string, idNat?: IdNatTables): Text | undefined {
  switch (kind) {
    case 'finess':
      return explain(checkFiness(value), FORMAT.finess, WRONG_KEY);
    case 'siren':
      return explain(checkSiren(value), FORMAT.siren, WRONG_KEY);
    case 'siret':
      return explain(checkSiret(value), FORMAT.siret, siretKeyProblem(value));
    case 'idnatst': {
      const reading = idNat ? readIdNat(value, idNat.struct) : undefined;
      const register = reading?.prefix?.register;
      if (register !== 'finess' && register !== 'siren' && register !== 'siret') return undefined;
      const p = identifierProblem(register, reading!.number ?? '');
      const name = register.toUpperCase();
      return p && { fr: `${name} contenu dans l'idNatSt : ${p.fr}`, en: `${name} within the idNatSt: ${p.en}` };
    }
    case 'idnatps':
    case 'rpps': {
      const rpps = /^8[0-9]{11}$/.test(value) ? value.slice(1) : value;
      if (kind === 'idnatps' && !/^[0-9]{11}$/.test(rpps)) return undefined; // ADELI or structure-bound forms: no key
      return explain(checkRpps(rpps), FORMAT.rpps, { fr: 'clé de contrôle RPPS (Luhn) incorrecte', en: 'wrong RPPS check digit (Luhn)' });
    }
  }
}

function explain(verdict: IdVerdict, format: Text, key: Text): Text | undefined {
  return verdict === 'valid' ? undefined : verdict === 'format' ? format : key;
}

function siretKeyProblem(value: string): Text {
  if (value.startsWith(LA_POSTE_SIREN)) return { fr: 'clé incorrecte (SIRET de La Poste : somme des chiffres multiple de 5)', en: 'wrong key (La Poste SIRET: digit sum must be a multiple of 5)' };
  if (checkSiren(value.slice(0, 9)) !== 'valid') return { fr: 'les 9 premiers chiffres ne forment pas un SIREN valide (Luhn)', en: 'the first 9 digits are not a valid SIREN (Luhn)' };
  return WRONG_KEY;
}
