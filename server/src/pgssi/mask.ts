/**
 * Masks a secret for display: never more than 4 of its characters, and never more than a quarter of a short one,
 * behind a fixed-width run of asterisks so that the length does not leak either.
 */
export function maskSecret(secret: string): string {
  const chars = Array.from(secret);
  const kept = Math.min(4, Math.floor(chars.length / 4));
  return '****' + (kept > 0 ? chars.slice(chars.length - kept).join('') : '');
}
