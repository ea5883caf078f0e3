import { isLuhnValid } from './luhn';

/**
 * Keys and formats of the French professional and organisation registers. A verdict says whether the value is
 * well formed (`format`) and whether its key holds (`key`); registers without a public key algorithm stop at
 * the format.
 */
export type IdVerdict = 'valid' | 'format' | 'key';

export type Register = 'rpps' | 'adeli' | 'finess' | 'siren' | 'siret';

/** RPPS: 11 digits, the last a Luhn key. */
export function checkRpps(value: string): IdVerdict {
  if (!/^[0-9]{11}$/.test(value)) return 'format';
  return isLuhnValid(value) ? 'valid' : 'key';
}

/** ADELI: 9 characters (digits, and letters for Corsica); no public key algorithm. */
export function checkAdeli(value: string): IdVerdict {
  return /^[0-9A-Z]{9}$/.test(value) ? 'valid' : 'format';
}

/**
 * FINESS: 9 characters, the first two a département (`2A`/`2B` included), the last a Luhn key over the nine
 * digits. Corsican numbers have no documented remapping, so only their format is checked.
 */
export function checkFiness(value: string): IdVerdict {
  if (!/^(?:[0-9]{2}|2[AB])[0-9]{7}$/.test(value)) return 'format';
  if (!/^[0-9]+$/.test(value)) return 'valid';
  return isLuhnValid(value) ? 'valid' : 'key';
}

/** SIREN: 9 digits, Luhn. */
export function checkSiren(value: string): IdVerdict {
  if (!/^[0-9]{9}$/.test(value)) return 'format';
  return isLuhnValid(value) ? 'valid' : 'key';
}

/** La Poste's SIREN: its establishments' SIRET numbers follow a digit-sum rule instead of Luhn. */
export const LA_POSTE_SIREN = '356000000';

/**
 * SIRET: 14 digits, Luhn over the 14 with a valid SIREN in front; La Poste's SIRET numbers that fail Luhn are
 * valid when the plain sum of their digits is a multiple of 5 (INSEE's rule).
 */
export function checkSiret(value: string): IdVerdict {
  if (!/^[0-9]{14}$/.test(value)) return 'format';
  if (isLuhnValid(value) && checkSiren(value.slice(0, 9)) === 'valid') return 'valid';
  if (value.startsWith(LA_POSTE_SIREN)) {
    let sum = 0;
    for (const c of value) sum += c.charCodeAt(0) - 48;
    return sum % 5 === 0 ? 'valid' : 'key';
  }
  return 'key';
}

export function checkRegister(register: Register, value: string): IdVerdict {
  switch (register) {
    case 'rpps':
      return checkRpps(value);
    case 'adeli':
      return checkAdeli(value);
    case 'finess':
      return checkFiness(value);
    case 'siren':
      return checkSiren(value);
    case 'siret':
      return checkSiret(value);
  }
}
