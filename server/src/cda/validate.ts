import type { FamilyDeps } from '../engine/family';
import { parseXml } from '../xml/parse';
import { descendants, NS, type XmlElement } from '../xml/tree';
import { cdaChecks } from './checks';
import { elementRange, type CdaContext } from './context';
import { detectVolet } from './volet';

export function validateCda(text: string, deps: FamilyDeps): { kind?: string } {
  const parsed = parseXml(text);
  for (const p of parsed.problems) deps.reporter.report(p.code, p, p.data);
  if (!parsed.root) return {};
  const doc = findClinicalDocument(parsed.root);
  if (!doc) {
    deps.reporter.report('CDA-STR-ROOT', elementRange(parsed.root), { found: parsed.root.name });
    return {};
  }
  const ctx: CdaContext = { text, doc, ...deps };
  ctx.volet = detectVolet(ctx);
  for (const check of cdaChecks) check(ctx);
  return { kind: ctx.volet ? `${ctx.volet.name}${ctx.volet.version ? ' ' + ctx.volet.version : ''}` : undefined };
}

/** The ClinicalDocument itself, or the one an auto-présentable stylesheet carries. */
function findClinicalDocument(root: XmlElement): XmlElement | undefined {
  if (root.local === 'ClinicalDocument' && root.ns === NS.hl7) return root;
  if (root.ns !== NS.xsl) return undefined;
  for (const el of descendants(root)) if (el.local === 'ClinicalDocument' && el.ns === NS.hl7) return el;
  return undefined;
}
