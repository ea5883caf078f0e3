import { withoutUrnOid } from '../nos/names';
import type { ValueSet } from '../nos/types';

/**
 * Confidentiality codes of the submission metadata (catalogue CONF-02): the XDS/XDM `confidentialityCode` and FHIR
 * `DocumentReference.securityLabel` take their codes from JDV_J08 XdsConfidentialityCode — N, R, V and the three TRE_A07
 * masking flags CI-SIS uses. TRE_A07's other codes (`MASQUE_PSOCIAL`, `MASQUE_PT`, DescriptionMetier = N) and the
 * HL7 codes L, M, U are not in the list. Pure; the list comes from the bundled NOS.
 */
export const JDV_J08 = '1.2.250.1.213.1.1.5.463';
/** TRE_A07 StatutVisibiliteDocument, and its FHIR canonical. */
export const TRE_A07 = '1.2.250.1.213.1.1.4.13';
export const TRE_A07_URL = 'https://mos.esante.gouv.fr/NOS/TRE_A07-StatutVisibiliteDocument/FHIR/TRE-A07-StatutVisibiliteDocument';
/** HL7 v3 Confidentiality, as an OID and as FHIR writes it. */
const HL7_CONFIDENTIALITY = ['2.16.840.1.113883.5.25', 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality'];

/** The XDS `confidentialityCode` classification scheme (IHE ITI TF-3 4.2.3.2.6). */
const XDS_CONFIDENTIALITY_SCHEME = 'urn:uuid:f4f85eac-e6cb-4883-b524-f2705394840f';
// A tag ends at the next `<` at the latest (no `<` in XML attribute values): a text of unclosed tags stays linear.
const CLASSIFICATION = /<(?:[A-Za-z_][\w.-]*:)?Classification\b[^<>]*>/g;
const NODE_REPRESENTATION = /\bnodeRepresentation\s*=\s*(["'])([^"']*)\1/;

export interface MetadataCode {
  code: string;
  /** Offsets of the code (the attribute value). */
  start: number;
  end: number;
}

/** The `nodeRepresentation` of every ebRIM classification under the XDS confidentialityCode scheme (METADATA.XML). */
export function findXdsConfidentialityCodes(text: string): MetadataCode[] {
  if (!text.includes(XDS_CONFIDENTIALITY_SCHEME)) return [];
  const out: MetadataCode[] = [];
  for (const m of text.matchAll(CLASSIFICATION)) {
    if (!m[0].includes(XDS_CONFIDENTIALITY_SCHEME)) continue;
    const n = NODE_REPRESENTATION.exec(m[0]);
    if (!n) continue;
    const start = m.index! + n.index + n[0].indexOf(n[1]) + 1;
    out.push({ code: n[2], start, end: start + n[2].length });
  }
  return out;
}

/** Whether a FHIR coding speaks of confidentiality or masking (TRE_A07, HL7 Confidentiality): then JDV_J08 binds it. */
export function isConfidentialitySystem(system: string | undefined): boolean {
  if (system === undefined) return false;
  const s = withoutUrnOid(system);
  return s === TRE_A07 || s === TRE_A07_URL || HL7_CONFIDENTIALITY.includes(s);
}

/**
 * The finding data for a metadata confidentiality code outside JDV_J08, or undefined when the code is in the list or
 * the list is not bundled (nothing to compare with).
 */
export function metadataCodeProblem(code: string, j08: ValueSet | undefined): { code: string; codes: string } | undefined {
  if (!j08 || j08.concepts.some((c) => c.code === code)) return undefined;
  return { code, codes: j08.concepts.map((c) => c.code).join(', ') };
}
