/** Near-miss matching of enumerated values and keys: `en-cours` → `en_cours`, `Production de soins` → `production_de_soins`. */

export interface Candidate {
  value: string;
  /** Other spellings that name the same value (its labels). */
  aliases: string[];
}

const MAX_INPUT = 100;

/** Lower case, no accents, no separators: "Etablissements médico-sociaux" → "etablissementsmedicosociaux". */
export function compact(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

/** The single candidate the input most plausibly meant, or undefined when none is close or two are equally close. */
export function nearest(input: string, candidates: Candidate[]): string | undefined {
  if (input.length === 0 || input.length > MAX_INPUT) return undefined;
  const typed = compact(input);
  if (!typed) return undefined;
  for (const c of candidates) {
    if (c.value === input) return undefined;
    if (compact(c.value) === typed || c.aliases.some((a) => compact(a) === typed)) return c.value;
  }
  const budget = Math.min(2, Math.floor(typed.length / 4));
  if (budget === 0) return undefined;
  let best: string | undefined;
  let bestDistance = budget + 1;
  let tie = false;
  for (const c of candidates) {
    for (const form of [c.value, ...c.aliases]) {
      const d = boundedDistance(typed, compact(form), budget);
      if (d < bestDistance) {
        best = c.value;
        bestDistance = d;
        tie = false;
      } else if (d === bestDistance && best !== c.value) tie = true;
    }
  }
  return best && !tie ? best : undefined;
}

/** Levenshtein distance, or `limit + 1` as soon as it must exceed `limit` (inputs are short: ≤ 100 characters). */
function boundedDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    prev = cur;
  }
  return Math.min(prev[b.length], limit + 1);
}
