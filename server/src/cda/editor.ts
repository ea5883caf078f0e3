import type { FamilyDeps } from '../engine/family';
import { LineIndex } from '../engine/positions';
import type { Completion, HoverInfo, Position, TextEdit } from '../engine/types';
import { parseXml } from '../xml/parse';
import { attr, descendants, escapeXml, type XmlAttr, type XmlElement } from '../xml/tree';
import { bindingOf } from './bindings';

type Deps = Omit<FamilyDeps, 'reporter'>;

/** The last parse, so a burst of completion/hover requests on one version parses it once. */
let memo: { text: string; root: XmlElement | undefined; lines: LineIndex } | undefined;

function parsed(text: string) {
  if (memo?.text !== text) memo = { text, root: parseXml(text).root, lines: new LineIndex(text) };
  return memo;
}

/** The attribute whose value holds the offset (quotes excluded), with its element. */
function attributeAt(root: XmlElement, offset: number): { el: XmlElement; a: XmlAttr } | undefined {
  for (const el of descendants(root)) {
    if (offset < el.start || offset > el.end) continue;
    for (const a of el.attrs) if (offset >= a.valueStart && offset <= a.valueEnd) return { el, a };
  }
  return undefined;
}

/**
 * Codes of the value set bound to the coded attribute at the cursor (document type, specialty, confidentiality…),
 * each inserting its code and filling `codeSystem` and `displayName` beside it.
 */
export function completeCda(text: string, position: Position, deps: Deps): Completion[] {
  const { root, lines } = parsed(text);
  if (!root) return [];
  const hit = attributeAt(root, lines.offsetAt(position));
  if (!hit) return [];
  const binding = bindingOf(hit.el, deps.data);
  if (!binding || binding.on !== hit.a.local) return [];
  const vs = deps.nos.valueSet(binding.valueSetOid);
  if (!vs) return [];
  const replace = lines.range(hit.a.valueStart, hit.a.valueEnd);
  const systemAttr = attr(hit.el, 'codeSystem');
  const displayAttr = attr(hit.el, 'displayName');
  const afterCode = hit.a.valueEnd + 1;
  return vs.concepts
    .filter((c) => c.status !== 'retired')
    .map((c): Completion => {
      const edits: TextEdit[] = [];
      if (binding.on === 'code') {
        // Inserts after the code attribute are merged into one edit: two inserts at one point have no defined order.
        let inserted = '';
        if (systemAttr) edits.push({ range: lines.range(systemAttr.valueStart, systemAttr.valueEnd), newText: c.system });
        else inserted += ` codeSystem="${escapeXml(c.system)}"`;
        if (displayAttr) edits.push({ range: lines.range(displayAttr.valueStart, displayAttr.valueEnd), newText: escapeXml(c.display) });
        else inserted += ` displayName="${escapeXml(c.display)}"`;
        if (inserted) edits.push({ range: lines.range(afterCode, afterCode), newText: inserted });
      }
      return {
        label: c.code,
        kind: 'code',
        detail: c.display,
        documentation: `**${c.code}** — ${c.display}\n\n${vs.name} (${vs.oid}) · ${deps.settings.locale === 'fr' ? 'système' : 'system'} ${c.system}`,
        insertText: c.code,
        filterText: `${c.code} ${c.display}`,
        additionalEdits: edits.length ? edits : undefined,
        replaceRange: replace,
      };
    });
}

/** Label, code system and value set of a bound code under the cursor. */
export function hoverCda(text: string, position: Position, deps: Deps): HoverInfo | undefined {
  const { root, lines } = parsed(text);
  if (!root) return undefined;
  const hit = attributeAt(root, lines.offsetAt(position));
  if (!hit) return undefined;
  const binding = bindingOf(hit.el, deps.data);
  if (!binding || binding.on !== hit.a.local) return undefined;
  const vs = deps.nos.valueSet(binding.valueSetOid);
  const fr = deps.settings.locale === 'fr';
  const concept = vs?.find(hit.a.value);
  const head = concept
    ? `**${concept.code}** — ${concept.display}${concept.status === 'retired' ? (fr ? ' *(retiré)*' : ' *(retired)*') : ''}`
    : `**${hit.a.value}** — ${fr ? 'absent du jeu de valeurs' : 'not in the value set'}`;
  const system = concept ? `\n\n${fr ? 'Système de codes' : 'Code system'} : ${concept.system}${deps.nos.systemUrl(concept.system) ? ` (${deps.nos.systemUrl(concept.system)})` : ''}` : '';
  const set = `\n\n${fr ? 'Jeu de valeurs' : 'Value set'} : ${binding.valueSetName} (${binding.valueSetOid})${vs ? '' : fr ? ' — non disponible' : ' — not available'}`;
  return { contents: head + system + set, range: lines.range(hit.a.valueStart, hit.a.valueEnd) };
}
