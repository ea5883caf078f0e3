import { report, type CdaContext } from '../context';
import { typedDocument } from './structure-walk';

/**
 * CDA R2 schema conformance (CDA_extended.xsd as the ANS kit uses it): elements, order, cardinalities,
 * attributes, vocabularies and fixed values, xsi:type substitutions. The model is `schemas/cda/structure.json`.
 */
export function checkStructure(ctx: CdaContext): void {
  const typed = typedDocument(ctx);
  if (!typed) return;
  for (const { rule, at, data } of typed.problems) {
    if ('kind' in at || 'valueStart' in at) report(ctx, rule, at, data);
    else ctx.reporter.report(rule, at, data);
  }
}
