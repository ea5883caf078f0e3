import { printParseErrorCode, visit } from 'jsonc-parser/lib/esm/main.js';
import type { Locale } from '../../engine/types';
import { lintJson, RESERVED_KEYS } from './lint';
import { isObject, type Json } from './path';

/** A finding of the JSON layer, with offsets relative to the scanned text. */
export interface JsonProblem {
  rule: string;
  start: number;
  end: number;
  data?: Record<string, string | number>;
}

export interface ParsedJson {
  /** Undefined when the text is not well-formed JSON (then `problems` says why). */
  value?: Json;
  problems: JsonProblem[];
}

/** FHIR resources nest a few dozen levels at most; deeper input is refused before any recursive walk. */
export const MAX_DEPTH = 512;
const MAX_SYNTAX_PROBLEMS = 10;

/**
 * Parses FHIR JSON: strict JSON (no comments, no trailing commas) plus the format's own constraints —
 * duplicate keys, reserved keys, numbers a double cannot hold, empty objects and arrays (see lintJson).
 * Values come from JSON.parse; malformed text is handed to jsonc-parser for exact syntax positions.
 * Never throws, never recurses on unchecked depth.
 */
export function parseFhirJson(text: string, locale: Locale): ParsedJson {
  const lint = lintJson(text, MAX_DEPTH, locale, precisionLost);
  if (lint.wellFormed) {
    try {
      const value = JSON.parse(text) as Json;
      if (lint.reserved) stripReservedKeys(value);
      return { value, problems: lint.problems };
    } catch {
      // An escape the lint does not decode (e.g. \x): jsonc-parser says where.
    }
  }
  const tooDeep = lint.problems.find((p) => p.rule === 'FHIR-JSON-TOO-DEEP');
  if (tooDeep) return { problems: [tooDeep] };
  const deep = depthOverflow(text);
  if (deep !== undefined) return { problems: [{ rule: 'FHIR-JSON-TOO-DEEP', start: deep, end: deep + 1, data: { max: MAX_DEPTH } }] };
  return { problems: syntaxProblems(text, locale) };
}

/** Syntax errors with positions, from jsonc-parser's tolerant scanner (depth already checked). */
function syntaxProblems(text: string, locale: Locale): JsonProblem[] {
  const problems: JsonProblem[] = [];
  let lastErrorAt = -1;
  visit(
    text,
    {
      onError(code, offset, length) {
        // The tokenizer may report one fault twice at the same place (e.g. a trailing comma).
        if (offset === lastErrorAt || problems.length >= MAX_SYNTAX_PROBLEMS) return;
        lastErrorAt = offset;
        problems.push({ rule: 'FHIR-JSON-SYNTAX', start: offset, end: offset + Math.max(length, 0), data: { detail: syntaxDetail(printParseErrorCode(code), text, offset, locale) } });
      },
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  );
  if (problems.length === 0) {
    try {
      JSON.parse(text);
    } catch (e) {
      const at = /position (\d+)/.exec(String(e))?.[1];
      const offset = at ? Math.min(Number(at), text.length) : 0;
      problems.push({ rule: 'FHIR-JSON-SYNTAX', start: offset, end: Math.min(offset + 1, text.length), data: { detail: (e as Error).message } });
    }
  }
  return problems;
}

/** Offset of the first bracket beyond MAX_DEPTH, skipping strings; one linear pass, no recursion. */
export function depthOverflow(text: string, max = MAX_DEPTH): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      i++;
      while (i < text.length) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i += 2;
        else if (d === 34) break;
        else i++;
      }
    } else if (c === 123 || c === 91) {
      if (++depth > max) return i;
    } else if (c === 125 || c === 93) {
      depth--;
    }
  }
  return undefined;
}

/**
 * True when the literal cannot be read back exactly as a double (most JSON readers, including FHIR servers
 * written in JavaScript, would silently change it). Up to 15 significant digits always survive.
 */
export function precisionLost(raw: string, value: number): boolean {
  if (!Number.isFinite(value)) return true;
  if (raw.length <= 15) return false;
  const a = significand(raw);
  const b = significand(value.toExponential());
  return a.digits !== b.digits || a.exp !== b.exp;
}

function significand(literal: string): { digits: string; exp: number } {
  const s = literal.replace(/^[-+]/, '');
  const e = s.search(/[eE]/);
  const mantissa = e >= 0 ? s.slice(0, e) : s;
  let exp = e >= 0 ? Number(s.slice(e + 1)) : 0;
  const dot = mantissa.indexOf('.');
  const int = dot >= 0 ? mantissa.slice(0, dot) : mantissa;
  const frac = dot >= 0 ? mantissa.slice(dot + 1) : '';
  let digits = (int + frac).replace(/^0+/, '');
  exp -= frac.length;
  const trimmed = digits.replace(/0+$/, '');
  exp += digits.length - trimmed.length;
  digits = trimmed;
  return digits ? { digits, exp } : { digits: '0', exp: 0 };
}

function stripReservedKeys(value: Json): void {
  if (Array.isArray(value)) {
    for (const v of value) stripReservedKeys(v);
  } else if (isObject(value)) {
    for (const k of Object.keys(value)) {
      if (RESERVED_KEYS.has(k)) delete value[k];
      else stripReservedKeys(value[k]);
    }
  }
}

const DETAILS: Record<string, [string, string]> = {
  InvalidSymbol: ['caractère inattendu', 'unexpected character'],
  InvalidNumberFormat: ['nombre mal formé', 'malformed number'],
  PropertyNameExpected: ['nom de propriété attendu', 'property name expected'],
  ValueExpected: ['valeur attendue', 'value expected'],
  ColonExpected: ['« : » attendu', '":" expected'],
  CommaExpected: ['virgule attendue', 'comma expected'],
  CloseBraceExpected: ['« } » attendu : le document est-il tronqué ?', '"}" expected: is the document truncated?'],
  CloseBracketExpected: ['« ] » attendu : le document est-il tronqué ?', '"]" expected: is the document truncated?'],
  EndOfFileExpected: ['fin du document attendue (contenu après la valeur JSON)', 'end of document expected (content after the JSON value)'],
  InvalidCommentToken: ['commentaire interdit : FHIR JSON n’admet aucun commentaire', 'comment not allowed: FHIR JSON allows no comments'],
  UnexpectedEndOfComment: ['commentaire non terminé', 'unterminated comment'],
  UnexpectedEndOfString: ['chaîne non terminée', 'unterminated string'],
  UnexpectedEndOfNumber: ['nombre incomplet', 'incomplete number'],
  InvalidUnicode: ['séquence \\u invalide', 'invalid \\u escape'],
  InvalidEscapeCharacter: ['échappement invalide', 'invalid escape character'],
  InvalidCharacter: ['caractère de contrôle non échappé dans une chaîne', 'unescaped control character in a string'],
};

function syntaxDetail(code: string, text: string, offset: number, locale: Locale): string {
  const fr = locale === 'fr';
  // A trailing comma shows up as "name/value expected" right before the closing bracket.
  if ((code === 'PropertyNameExpected' || code === 'ValueExpected') && /[}\]]/.test(text[offset] ?? '')) {
    let i = offset - 1;
    while (i >= 0 && /\s/.test(text[i])) i--;
    if (text[i] === ',') return fr ? 'virgule finale interdite en JSON' : 'trailing comma not allowed in JSON';
  }
  const d = DETAILS[code];
  return d ? d[fr ? 0 : 1] : code;
}
