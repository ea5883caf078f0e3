import type { OffsetFix } from '../../engine/reporter';
import { sameLabel } from '../../nos/labels';
import { attr, escapeXml } from '../../xml/tree';
import { boundElements } from '../bindings';
import { attrRange, type CdaContext } from '../context';

/**
 * Terminology checks on the codes the CI-SIS binds to NOS value sets, beyond membership (which the header rules
 * check): the code system written beside the code, the displayName against the NOS label, retired codes.
 */
export function checkNos(ctx: CdaContext): void {
  for (const b of boundElements(ctx.doc, ctx.data)) {
    const codeAttr = attr(b.el, b.on);
    if (!codeAttr || codeAttr.value === '') continue;
    const vs = ctx.nos.valueSet(b.valueSetOid);
    const concept = vs?.find(codeAttr.value);
    if (!vs || !concept) continue; // membership is the header rules' finding
    const data = { code: concept.code, valueSet: vs.name, label: concept.display, system: concept.system };
    if (b.on !== 'code') continue; // typeCode/classCode bindings carry no code system or label
    const systemAttr = attr(b.el, 'codeSystem');
    if (systemAttr && systemAttr.value !== concept.system && vs.find(codeAttr.value, systemAttr.value) === undefined) {
      ctx.reporter.report('NOS-CODE-SYSTEM', attrRange(systemAttr), { ...data, found: systemAttr.value }, [
        {
          title: { fr: 'Remplacer par {system}', en: 'Replace with {system}' },
          edits: [{ start: systemAttr.valueStart, end: systemAttr.valueEnd, newText: concept.system }],
        },
      ]);
    }
    const displayAttr = attr(b.el, 'displayName');
    if (displayAttr && !sameLabel(displayAttr.value, concept.display)) {
      const fix: OffsetFix = {
        title: { fr: 'Remplacer par le libellé NOS « {label} »', en: 'Replace with the NOS label "{label}"' },
        edits: [{ start: displayAttr.valueStart, end: displayAttr.valueEnd, newText: escapeXml(concept.display) }],
      };
      ctx.reporter.report('NOS-DISPLAY-NAME', attrRange(displayAttr), { ...data, field: 'displayName', found: displayAttr.value }, [fix]);
    }
    if (concept.status === 'retired') ctx.reporter.report('NOS-RETIRED', attrRange(codeAttr), data);
  }
}

