/**
 * Luhn (mod 10) arithmetic, as used by the RPPS, FINESS, SIREN and SIRET keys: from the right, every second
 * digit is doubled (9 subtracted when the double exceeds 9), and a number is valid when the sum is a multiple of 10.
 */

/** The Luhn sum of a string of ASCII digits; undefined when it holds anything else. */
export function luhnSum(digits: string): number | undefined {
  if (!/^[0-9]+$/.test(digits)) return undefined;
  let sum = 0;
  for (let i = digits.length - 1, doubled = false; i >= 0; i--, doubled = !doubled) {
    const d = digits.charCodeAt(i) - 48;
    sum += doubled ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d;
  }
  return sum;
}

export function isLuhnValid(digits: string): boolean {
  const sum = luhnSum(digits);
  return sum !== undefined && sum % 10 === 0;
}

/** The digit to append to `body` so that the whole passes Luhn; undefined when `body` is not all digits. */
export function luhnKey(body: string): number | undefined {
  const sum = luhnSum(body + '0');
  return sum === undefined ? undefined : (10 - (sum % 10)) % 10;
}
