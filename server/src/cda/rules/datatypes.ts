import { attr, NS, type XmlAttr, type XmlElement } from '../../xml/tree';
import { report, type CdaContext } from '../context';
import {
  checkTs, collapse, endsBefore, isBl, isCs, isInt, isOid, isNmtoken, isNmtokens, isReal, isUid, isXsBoolean, tsSpan,
} from './datatypes-lexical';
import { attrKey, type AttrSpec } from './structure-model';
import { typedDocument } from './structure-walk';

/**
 * HL7 v3 data type values in CDA attributes (II, CD, TS, INT, BL, PQ, nullFlavor…) and the CI-SIS interval
 * rules on IVL_TS. Which attribute has which lexical type comes from the structure model.
 */
export function checkDatatypes(ctx: CdaContext): void {
  const typed = typedDocument(ctx);
  if (!typed) return;
  const ivlTs = typed.model.type('IVL_TS');
  for (const { el, type } of typed.elements) {
    for (const a of el.attrs) {
      const spec = type.attrs.get(attrKey(a.ns, a.local));
      if (spec && spec.fixed === undefined) checkValue(ctx, el, a, spec);
    }
    if (ivlTs && typed.model.derives(type, ivlTs)) checkInterval(ctx, el);
  }
}

function checkValue(ctx: CdaContext, el: XmlElement, a: XmlAttr, spec: AttrSpec): void {
  const st = spec.simple;
  const data = { attribute: a.name, element: el.name, value: a.value };
  if (st.kind === 'enum') {
    if (st.name === 'NullFlavor' && !st.values.has(collapse(a.value))) {
      report(ctx, 'CDA-DT-NULLFLAVOR', a, { ...data, allowed: st.ordered.join(', ') });
    }
    return;
  }
  if (st.kind !== 'lexical') return;
  switch (st.lexical) {
    case 'uid':
      if (a.local === 'codeSystem') {
        if (!isOid(a.value)) report(ctx, 'CDA-DT-OID', a, data);
      } else if (!isUid(a.value)) report(ctx, 'CDA-DT-UID', a, data);
      break;
    case 'oid':
      if (!isOid(a.value)) report(ctx, 'CDA-DT-OID', a, data);
      break;
    case 'cs':
      if (!isCs(a.value)) report(ctx, 'CDA-DT-CODE', a, data);
      break;
    case 'st':
      if (a.value === '') report(ctx, 'CDA-DT-EMPTY', a, data);
      break;
    case 'ts': {
      const ts = checkTs(a.value);
      if (!ts.schema) report(ctx, 'CDA-DT-TS', a, data);
      else if (!ts.real) report(ctx, 'CDA-DT-TS-DATE', a, data);
      else if (ts.hasTime && !ts.zoned) report(ctx, 'CDA-DT-TS-TZ', a, data);
      break;
    }
    case 'int':
      if (!isInt(a.value)) report(ctx, 'CDA-DT-INT', a, data);
      break;
    case 'int_pos':
      if (!isInt(a.value) || Number(collapse(a.value)) < 1) report(ctx, 'CDA-DT-INT', a, data);
      break;
    case 'real':
      if (!isReal(a.value)) report(ctx, 'CDA-DT-REAL', a, data);
      break;
    case 'bl':
      if (!isBl(a.value)) report(ctx, 'CDA-DT-BL', a, data);
      break;
    case 'boolean':
      if (!isXsBoolean(a.value)) report(ctx, 'CDA-DT-BL', a, data);
      break;
    case 'NMTOKEN':
      if (!isNmtoken(a.value)) report(ctx, 'CDA-DT-TOKEN', a, data);
      break;
    case 'NMTOKENS':
      if (!isNmtokens(a.value)) report(ctx, 'CDA-DT-TOKEN', a, data);
      break;
    // ID/IDREF(S) belong to the narrative rules; string, url, bin and probability are not constrained further.
    default:
      break;
  }
}

const BOUNDS = new Set(['low', 'high', 'center', 'width']);

/** IVL_TS: a value or bounds, not both (CI-SIS IVL_TS.sch); high not before low. */
function checkInterval(ctx: CdaContext, el: XmlElement): void {
  const value = attr(el, 'value') ?? attr(el, 'nullFlavor');
  let low: XmlElement | undefined;
  let high: XmlElement | undefined;
  let bounded = false;
  for (const c of el.children) {
    if (c.ns !== NS.hl7 || !BOUNDS.has(c.local)) continue;
    bounded = true;
    if (c.local === 'low') low ??= c;
    else if (c.local === 'high') high ??= c;
  }
  if (value && bounded) report(ctx, 'CDA-DT-IVL-MIXED', value, { element: el.name, attribute: value.name });
  const lowValue = low && attr(low, 'value');
  const highValue = high && attr(high, 'value');
  if (!lowValue || !highValue) return;
  const lo = tsSpan(lowValue.value);
  const hi = tsSpan(highValue.value);
  if (lo && hi && endsBefore(hi, lo)) report(ctx, 'CDA-DT-IVL-ORDER', highValue, { element: el.name, low: lowValue.value, high: highValue.value });
}
