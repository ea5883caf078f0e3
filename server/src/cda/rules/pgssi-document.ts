import type { Locale } from '../../engine/types';
import type { ValueSet } from '../../nos/types';
import { JDV_J08, TRE_A07 } from '../../pgssi/metadata';
import { reportSecrets } from '../../pgssi/report';
import { findDocumentSecrets } from '../../pgssi/secrets';
import { algorithmName, DSIG_NS, WEAK_SIGNATURE_ALGORITHMS } from '../../pgssi/signature';
import type { PgssiTables } from '../../pgssi/tables';
import { clearHttpHost } from '../../pgssi/transport';
import { attr, descendants, NS, type XmlAttr, type XmlElement } from '../../xml/tree';
import { report, type CdaContext } from '../context';

const XADES = ['http://uri.etsi.org/01903/v1.3.2#', 'http://uri.etsi.org/01903/v1.4.1#'];

/** Masking codes, signatures, clear-text links and secrets: checks over the whole document. */
export function checkPgssiDocument(ctx: CdaContext, tables: PgssiTables): void {
  const maskCodes = ctx.nos.valueSet(TRE_A07)?.concepts.map((c) => c.code) ?? [];
  const metadata = ctx.nos.valueSet(JDV_J08);
  for (const el of descendants(ctx.doc)) {
    if (el.ns === NS.hl7 && el.local === 'confidentialityCode') checkMasking(ctx, el, maskCodes, metadata);
    else if (el.ns === DSIG_NS && el.local === 'Signature') checkSignature(ctx, el);
    else if (el.ns === NS.hl7) checkClearLink(ctx, el);
  }
  reportSecrets(ctx.reporter, findDocumentSecrets(ctx.text, tables.secrets));
}

const WHERE: Record<'j08' | 'none', Record<Locale, string>> = {
  j08: {
    fr: 'il se déclare dans les métadonnées de soumission XDS/XDM (JDV_J08, DocumentReference.securityLabel)',
    en: 'it belongs in the XDS/XDM submission metadata (JDV_J08, DocumentReference.securityLabel)',
  },
  none: { fr: 'il ne figure pas non plus dans JDV_J08 : il n’est pas utilisable en CI-SIS', en: 'it is not in JDV_J08 either: CI-SIS does not use it' },
};

function checkMasking(ctx: CdaContext, el: XmlElement, maskCodes: string[], metadata: ValueSet | undefined): void {
  const code = attr(el, 'code');
  if (!code) return;
  const system = attr(el, 'codeSystem')?.value;
  if (system !== TRE_A07 && !maskCodes.includes(code.value)) return;
  const inJ08 = metadata ? metadata.find(code.value, TRE_A07) !== undefined : true;
  report(ctx, 'PGSSI-CONF-MASKING-CODE', code, { code: code.value, where: WHERE[inJ08 ? 'j08' : 'none'][ctx.settings.locale] });
}

function checkSignature(ctx: CdaContext, sig: XmlElement): void {
  report(ctx, 'PGSSI-SIGNATURE-ENVELOPED', sig, {});
  let xades = false;
  for (const el of descendants(sig)) {
    if (XADES.includes(el.ns) && el.local === 'QualifyingProperties') xades = true;
    if (el.ns !== DSIG_NS || (el.local !== 'SignatureMethod' && el.local !== 'DigestMethod')) continue;
    const alg = attr(el, 'Algorithm');
    if (alg && WEAK_SIGNATURE_ALGORITHMS.has(alg.value)) report(ctx, 'PGSSI-SIGNATURE-WEAK-ALGORITHM', alg, { algorithm: algorithmName(alg.value) });
  }
  if (!xades) report(ctx, 'PGSSI-SIGNATURE-XMLDSIG-ONLY', sig, {});
}

/** Where a CDA document holds addresses: contact telecoms, narrative links, multimedia references. */
const LINKS: Record<string, string> = { telecom: 'value', linkHtml: 'href', reference: 'value' };

function checkClearLink(ctx: CdaContext, el: XmlElement): void {
  const name = LINKS[el.local];
  const a: XmlAttr | undefined = name ? attr(el, name) : undefined;
  const host = a ? clearHttpHost(a.value) : undefined;
  if (!a || !host) return;
  report(ctx, 'PGSSI-CDA-HTTP-LINK', a, { element: el.local, host });
}

