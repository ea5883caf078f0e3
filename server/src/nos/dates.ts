/**
 * NOS dates come as `20240927120000` (SVS, ART-DECOR version labels), `2024-09-27T12:00:00+01:00` (FHIR, SVS
 * revisionDate) or `2024-09-27`. They are reduced to local ISO text (`2024-09-27T12:00:00`) so that plain string
 * comparison orders them; the offset is dropped because all NOS dates are French local time.
 */
export function nosDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const s = value.trim();
  let m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2}))?$/.exec(s);
  if (m) return m[4] ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}` : `${m[1]}-${m[2]}-${m[3]}`;
  m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2})?))?/.exec(s);
  if (!m) return undefined;
  if (!m[2]) return m[1];
  return `${m[1]}T${m[2].length === 5 ? `${m[2]}:00` : m[2]}`;
}

/** The later of two normalised dates (either may be missing). */
export function laterDate(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return a >= b ? a : b;
}
