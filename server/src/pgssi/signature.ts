/**
 * XML signature algorithms (catalogue SIG-03): SHA-1 and MD5 based signature and digest methods are no longer
 * acceptable for signatures (ANSSI). Shared by the CDA rules (an enveloped `ds:Signature`) and the text family (a
 * detached XMLDSig/XAdES signature file, such as an XDM package's). Pure.
 */
export const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';

export const WEAK_SIGNATURE_ALGORITHMS = new Set([
  'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
  'http://www.w3.org/2000/09/xmldsig#dsa-sha1',
  'http://www.w3.org/2000/09/xmldsig#hmac-sha1',
  'http://www.w3.org/2000/09/xmldsig#sha1',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-md5',
  'http://www.w3.org/2001/04/xmldsig-more#md5',
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1',
]);

/** The short name shown in messages: `rsa-sha1`. */
export const algorithmName = (uri: string): string => uri.slice(uri.indexOf('#') + 1);

// Tags and attribute values end at the next `<` at the latest (no `<` in XML attribute values): a text of unclosed
// tags stays linear instead of rescanning the rest of the text from each one.
const METHOD = /<(?:[A-Za-z_][\w.-]*:)?(?:SignatureMethod|DigestMethod)\b[^<>]*?\bAlgorithm\s*=\s*(["'])([^"'<]*)\1/g;

/** Weak `SignatureMethod` / `DigestMethod` algorithms in XML text, with the offsets of the attribute value. */
export function findWeakSignatureAlgorithms(text: string): { start: number; end: number; algorithm: string }[] {
  if (!text.includes('Algorithm')) return [];
  const out: { start: number; end: number; algorithm: string }[] = [];
  for (const m of text.matchAll(METHOD)) {
    const uri = m[2];
    if (!WEAK_SIGNATURE_ALGORITHMS.has(uri)) continue;
    const start = m.index! + m[0].length - uri.length - 1;
    out.push({ start, end: start + uri.length, algorithm: algorithmName(uri) });
  }
  return out;
}

const SIGNATURE_TAG = /<(?:[A-Za-z_][\w.-]*:)?Signature\b[^<>]*>/g;

/**
 * XML signatures (`ds:Signature`, in a text that declares the XMLDSig namespace) without XAdES qualifying properties:
 * XMLDSig only, no signing time or certificate binding. Offsets of each signature's start tag.
 */
export function findXmldsigOnlySignatures(text: string): { start: number; end: number }[] {
  if (!text.includes(DSIG_NS) || text.includes('QualifyingProperties')) return [];
  return [...text.matchAll(SIGNATURE_TAG)].map((m) => ({ start: m.index!, end: m.index! + m[0].length }));
}
