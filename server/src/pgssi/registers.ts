import type { Locale } from '../engine/types';
import { checkRegister, type Register } from './identifiers';
import { readIdNat, type IdNatTable, type IdNatTables } from './idnat';
import { checkNirKey, isMatriculeFormat, normalizeMatricule } from './nir';
import { keyWords, type Assignment } from './scan';
import type { IdSystem, IdSystemTable, SettingKind } from './systems';

/**
 * Assessments of one identifier value of a national register (catalogue ID-02 to ID-06), shared by the families
 * that only place them: CDA (`id/@extension` under the idNat roots), FHIR JSON (`Identifier.value` under a register
 * system) and text (a setting named after a register). A finding names its rule and the message data; rule ids are
 * the same in every family.
 */
export interface RegisterFinding {
  rule: string;
  data: Record<string, string | number>;
}

/** What a well-formed number of each register looks like, for the messages. */
export const REGISTER_FORMAT: Record<Register, Record<Locale, string>> = {
  rpps: { fr: '11 chiffres', en: '11 digits' },
  adeli: { fr: '9 caractères (chiffres ou lettres)', en: '9 characters (digits or letters)' },
  finess: { fr: '9 caractères : département (2 chiffres, 2A ou 2B) puis 7 chiffres', en: '9 characters: département (2 digits, 2A or 2B) then 7 digits' },
  siren: { fr: '9 chiffres', en: '9 digits' },
  siret: { fr: '14 chiffres', en: '14 digits' },
};

const REGISTER_NAME: Record<Register, string> = { rpps: 'RPPS', adeli: 'ADELI', finess: 'FINESS', siren: 'SIREN', siret: 'SIRET' };

const KEY_RULE: Record<Register, string | undefined> = { rpps: 'ID-RPPS-KEY', finess: 'ID-FINESS-KEY', siren: 'ID-SIREN-KEY', siret: 'ID-SIRET-KEY', adeli: undefined };

/**
 * An idNat_PS (`kind` PS) or idNat_Struct (STRUCT): an unknown prefix, a malformed register number after a known
 * prefix, or a number whose key fails. Undefined when nothing is wrong or nothing can be checked (technical numbers,
 * structure-bound forms without a register key).
 */
export function assessIdNat(value: string, table: IdNatTable, kind: 'PS' | 'STRUCT', locale: Locale): RegisterFinding | undefined {
  const reading = readIdNat(value, table);
  if (!reading.prefix) return { rule: `ID-${kind}-PREFIX`, data: { value, prefixes: table.prefixes.map((p) => p.prefix).join(', ') } };
  const { prefix, number, verdict } = reading;
  if (!prefix.register || number === undefined || verdict === undefined || verdict === 'valid') return undefined;
  if (verdict === 'format') return { rule: `ID-${kind}-FORMAT`, data: { value, prefix: prefix.prefix, label: prefix.label[locale], expected: REGISTER_FORMAT[prefix.register][locale] } };
  const rule = KEY_RULE[prefix.register];
  return rule ? { rule, data: { value, number } } : undefined;
}

/** A bare register number (RPPS, FINESS, SIREN, SIRET): its format (`ID-REGISTER-FORMAT`), then its key. */
export function assessRegisterNumber(register: Register, value: string, locale: Locale): RegisterFinding | undefined {
  const verdict = checkRegister(register, value);
  if (verdict === 'valid') return undefined;
  if (verdict === 'format') return { rule: 'ID-REGISTER-FORMAT', data: { value, name: REGISTER_NAME[register], expected: REGISTER_FORMAT[register][locale] } };
  const rule = KEY_RULE[register];
  return rule ? { rule, data: { value, number: value } } : undefined;
}

/**
 * The value of an identifier whose system names a register (`registerSystem`): an idNat through its prefix table, a
 * register number through its format and key. With several registers under one system (SIREN and SIRET under
 * `https://sirene.fr`), the identifier type (`system|code` of its codings) decides, else the value's length; a value
 * of neither length is reported against all of them.
 */
export function assessSystemIdentifier(system: IdSystem, value: string, types: string[], idNat: IdNatTables, locale: Locale): RegisterFinding | undefined {
  if (system.idNat) return assessIdNat(value, idNat[system.idNat], system.idNat === 'ps' ? 'PS' : 'STRUCT', locale);
  const numbers = system.numbers ?? [];
  if (numbers.length === 0) return undefined;
  const typed = numbers.find((n) => n.types?.some((t) => types.includes(t)));
  if (typed || numbers.length === 1) return assessRegisterNumber((typed ?? numbers[0]).register, value, locale);
  const shaped = numbers.find((n) => checkRegister(n.register, value) !== 'format');
  if (shaped) return assessRegisterNumber(shaped.register, value, locale);
  const [colon, or] = locale === 'fr' ? [' : ', ', ou '] : [': ', ', or '];
  return {
    rule: 'ID-REGISTER-FORMAT',
    data: { value, name: system.name, expected: numbers.map((n) => `${REGISTER_NAME[n.register]}${colon}${REGISTER_FORMAT[n.register][locale]}`).join(or) },
  };
}

/**
 * The idNat_PS that goes with an RPPS number: the prefix of the RPPS in the idNat_PS table followed by the number
 * (`8` + RPPS). Undefined when the table has no RPPS prefix.
 */
export function idNatPsOfRpps(rpps: string, table: IdNatTable): string | undefined {
  const p = table.prefixes.find((x) => x.register === 'rpps' && !x.bound);
  return p ? p.prefix + rpps : undefined;
}

/** A register number or NIR found as the value of a setting, with its finding (the value's offsets). */
export interface RegisterHit extends RegisterFinding {
  start: number;
  end: number;
}

const NUMBER_LIKE = /^[0-9][0-9A-Za-z/]{6,}$/;

/**
 * Settings of configuration text named after a register or the NIR (`etablissement.finess = 750712184`,
 * `PATIENT_NIR=…`; word sequences in `systems.json` → `settingKeys`) whose value looks like a number (7 characters or
 * more, spaces aside): register numbers and idNats get the same assessments as in CDA and FHIR; a NIR-shaped value
 * its modulo-97 key (`INS-NIR-KEY`, which carries keys only, never the number). Commented-out lines are skipped.
 */
export function findRegisterSettings(assignments: Assignment[], systems: IdSystemTable, idNat: IdNatTables, locale: Locale): RegisterHit[] {
  const hits: RegisterHit[] = [];
  for (const a of assignments) {
    if (a.commented) continue;
    const compact = a.value.replace(/[ \u00a0]/g, '');
    if (!NUMBER_LIKE.test(compact)) continue;
    const kind = settingKind(a.norm, systems);
    if (!kind) continue;
    const f = assessSetting(kind, compact, idNat, locale);
    if (f) hits.push({ ...f, start: a.valueStart, end: a.valueEnd });
  }
  return hits;
}

function settingKind(norm: string, systems: IdSystemTable): SettingKind | undefined {
  if (keyWords(norm).length === 0) return undefined;
  const padded = `_${norm}_`;
  return systems.settingKeys.find((k) => padded.includes(`_${k.words}_`))?.kind;
}

function assessSetting(kind: SettingKind, value: string, idNat: IdNatTables, locale: Locale): RegisterFinding | undefined {
  switch (kind) {
    case 'idNatPs':
      return assessIdNat(value, idNat.ps, 'PS', locale);
    case 'idNatStruct':
      return assessIdNat(value, idNat.struct, 'STRUCT', locale);
    case 'nir': {
      const m = normalizeMatricule(value);
      if (!isMatriculeFormat(m)) return undefined;
      const key = checkNirKey(m);
      return key && !key.valid ? { rule: 'INS-NIR-KEY', data: { name: 'NIR', found: key.found, expected: key.expected } } : undefined;
    }
    default:
      return assessRegisterNumber(kind, value, locale);
  }
}
