/**
 * Label comparison shared by every family (CDA `displayName`, FHIR `Coding.display`): a label written
 * beside a code matches the NOS label when they differ only by case and spacing ("Médecin - Qualifié…"
 * matches "médecin -  qualifié…"). Accents and punctuation count.
 */
export function sameLabel(written: string, nosLabel: string): boolean {
  if (written === nosLabel) return true; // the common case, without normalising
  return normalizeLabel(written) === normalizeLabel(nosLabel);
}

function normalizeLabel(s: string): string {
  return s.replace(/\s+/g, ' ').trim().toLocaleLowerCase('fr');
}
