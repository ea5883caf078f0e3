/**
 * Lexical spaces of the HL7 v3 data types as the CDA schema (datatypes-base) defines them. Pure functions
 * on attribute values; whitespace handling follows XML Schema: token-like types collapse it, string-like
 * types (ts, uid, st) keep it.
 */

export function collapse(v: string): string {
  return /[\t\n\r ]/.test(v) ? v.replace(/[\t\n\r ]+/g, ' ').trim() : v;
}

const OID = /^[0-2](\.(0|[1-9][0-9]*))*$/;
const UUID = /^[0-9a-zA-Z]{8}-[0-9a-zA-Z]{4}-[0-9a-zA-Z]{4}-[0-9a-zA-Z]{4}-[0-9a-zA-Z]{12}$/;
const RUID = /^[A-Za-z][A-Za-z0-9-]*$/;

export const isOid = (v: string): boolean => OID.test(v);
/** uid = OID, UUID or HL7 reserved identifier (ruid). */
export const isUid = (v: string): boolean => OID.test(v) || UUID.test(v) || RUID.test(v);
/** cs: a token without whitespace inside (surrounding whitespace is collapsed away). */
export const isCs = (v: string): boolean => /^[^\s]+$/.test(collapse(v));
export const isBl = (v: string): boolean => /^(true|false)$/.test(collapse(v));
/** xs:boolean also admits 1 and 0. */
export const isXsBoolean = (v: string): boolean => /^(true|false|1|0)$/.test(collapse(v));
export const isInt = (v: string): boolean => /^[+-]?[0-9]+$/.test(collapse(v));
/** real = xs:decimal | xs:double. */
export const isReal = (v: string): boolean => /^([+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|-?INF|NaN)$/.test(collapse(v));

// XML names (letters of any script, digits, combining marks, '.', '-', '_', '·', '‿', '⁀'), by Unicode category.
const NCNAME = /^[\p{L}_][\p{L}\p{N}\p{M}._\-\u00B7\u203F\u2040]*$/u;
const NMTOKEN = /^[\p{L}\p{N}\p{M}._:\-\u00B7\u203F\u2040]+$/u;

/** xs:ID / xs:IDREF: an NCName (no colon, no space, not starting with a digit, '-' or '.'). */
export const isNcName = (v: string): boolean => NCNAME.test(collapse(v));
export const isNmtoken = (v: string): boolean => NMTOKEN.test(collapse(v));
export const isNmtokens = (v: string): boolean => {
  const c = collapse(v);
  return c !== '' && c.split(' ').every((t) => NMTOKEN.test(t));
};

/** A point in time: the instants it may denote (its precision), in milliseconds, and whether it has a zone. */
export interface TimeSpan {
  lo: number;
  hi: number;
  zoned: boolean;
}

/**
 * `schema`: the value matches the CDA schema's ts pattern (what the kit's XSD step checks).
 * `real`: it is also a real HL7 TS, YYYY[MM[DD[HH[MM[SS[.S+]]]]]][+/-HHMM] with an existing calendar date and time.
 */
export interface TsCheck {
  schema: boolean;
  real: boolean;
  hasTime: boolean;
  zoned: boolean;
}

const TS_SCHEMA = /^([0-9]{1,8}|([0-9]{9,14}|[0-9]{14}\.[0-9]+)([+-][0-9]{1,4})?)$/;
const TS_HL7 = /^([0-9]{4})(([0-9]{2})(([0-9]{2})(([0-9]{2})(([0-9]{2})(([0-9]{2})(\.[0-9]+)?)?)?)?)?)?([+-]([0-9]{2})([0-9]{2}))?$/;

export function checkTs(v: string): TsCheck {
  const schema = TS_SCHEMA.test(v);
  const hasTime = /^[0-9]{9}/.test(v);
  const zoned = /[+-]/.test(v);
  const m = schema ? TS_HL7.exec(v) : null;
  if (!m) return { schema, real: false, hasTime, zoned };
  const [month, day, hour, minute, second] = [m[3], m[5], m[7], m[9], m[11]].map((x) => (x === undefined ? undefined : Number(x)));
  const real =
    (month === undefined || (month >= 1 && month <= 12)) &&
    (day === undefined || (day >= 1 && day <= daysIn(Number(m[1]), month!))) &&
    (hour === undefined || hour <= 23) &&
    (minute === undefined || minute <= 59) &&
    (second === undefined || second <= 59) &&
    (m[13] === undefined || (Number(m[14]) <= 14 && Number(m[15]) <= 59));
  return { schema, real, hasTime, zoned };
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The span of instants a valid TS denotes (e.g. `2024` is the whole year), zone applied when present. */
export function tsSpan(v: string): TimeSpan | undefined {
  const m = TS_HL7.exec(v);
  if (!m || !TS_SCHEMA.test(v)) return undefined;
  const digits = v.replace(/[+-].*$/, '');
  const n = (from: number, len: number, dflt: number) => (digits.length >= from + len ? Number(digits.slice(from, from + len)) : dflt);
  const year = n(0, 4, 0);
  const month = n(4, 2, 1) - 1;
  const day = n(6, 2, 1);
  const hour = n(8, 2, 0);
  const minute = n(10, 2, 0);
  const second = n(12, 2, 0);
  const fraction = digits.length > 15 ? Number('0' + digits.slice(14)) * 1000 : 0;
  const lo = Date.UTC(year, month, day, hour, minute, second) + fraction;
  const len = digits.length;
  const end =
    len <= 4 ? Date.UTC(year + 1, 0, 1)
    : len <= 6 ? Date.UTC(year, month + 1, 1)
    : len <= 8 ? Date.UTC(year, month, day + 1)
    : len <= 10 ? Date.UTC(year, month, day, hour + 1)
    : len <= 12 ? Date.UTC(year, month, day, hour, minute + 1)
    : len <= 14 ? Date.UTC(year, month, day, hour, minute, second + 1)
    : lo + 1;
  const zoned = m[13] !== undefined;
  const offset = zoned ? (m[13][0] === '-' ? -1 : 1) * (Number(m[14]) * 60 + Number(m[15])) * 60_000 : 0;
  return { lo: lo - offset, hi: end - 1 - offset, zoned };
}

/** True when `high` certainly ends before `low` begins (an unzoned value may be any zone, ±14 h). */
export function endsBefore(high: TimeSpan, low: TimeSpan): boolean {
  const slack = high.zoned === low.zoned ? 0 : 14 * 3_600_000;
  return high.hi + slack < low.lo;
}
