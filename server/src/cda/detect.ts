/** A ClinicalDocument in the HL7 v3 namespace, bare or wrapped in an auto-présentable xsl:stylesheet. */
export function isCda(text: string): boolean {
  const head = text.length > 1_000_000 ? text.slice(0, 1_000_000) : text;
  return /<(?:[A-Za-z_][\w.-]*:)?ClinicalDocument[\s>/]/.test(head) && head.includes('urn:hl7-org:v3');
}
