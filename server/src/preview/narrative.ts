/**
 * CDA R2 narrative block (`section/text`, StrucDoc.Text) → safe HTML, by our own transform: each known element
 * becomes one fixed HTML element with a fixed set of checked attributes; every other element and attribute is
 * dropped, every text is escaped. No document XSL is ever run.
 *
 * The walk is iterative (explicit stack), like every walk of the tree.
 */
import type { Locale } from '../engine/types';
import { attrValue, decodeXmlText, descendants, NS, textOf, type XmlElement, type XmlText } from '../xml/tree';
import { esc, imageDataUri, safeHttpUrl, safeToken, sourceAttrs } from './html';
import { strings } from './strings';

/** An observationMedia of the document, by its `ID`. */
export interface Media {
  mediaType?: string;
  representation?: string;
  data: string;
}

export interface NarrativeContext {
  locale: Locale;
  media: Map<string, Media>;
}

/** Elements dropped together with everything inside them: their content is code or a foreign document. */
const DROP_WITH_CONTENT = new Set(['script', 'style', 'iframe', 'object', 'embed', 'applet', 'frame', 'frameset', 'template', 'noscript', 'svg', 'math', 'link', 'meta', 'base', 'form']);

const STYLE_CLASSES: Record<string, string> = {
  bold: 'sc-bold',
  underline: 'sc-underline',
  italics: 'sc-italics',
  emphasis: 'sc-emphasis',
  lrule: 'sc-lrule',
  rrule: 'sc-rrule',
  toprule: 'sc-toprule',
  botrule: 'sc-botrule',
  disc: 'sc-disc',
  circle: 'sc-circle',
  square: 'sc-square',
  arabic: 'sc-arabic',
  littleroman: 'sc-littleroman',
  bigroman: 'sc-bigroman',
  littlealpha: 'sc-littlealpha',
  bigalpha: 'sc-bigalpha',
};

const ALIGN = new Set(['left', 'center', 'right', 'justify']);
const VALIGN = new Set(['top', 'middle', 'bottom', 'baseline']);
const SCOPE = new Set(['row', 'col', 'rowgroup', 'colgroup']);

type Part = string | XmlElement | XmlText;

/** Observation media of a document by `ID` (the targets of `renderMultiMedia`). */
export function collectMedia(doc: XmlElement): Map<string, Media> {
  const media = new Map<string, Media>();
  for (const el of descendants(doc)) {
    if (el.local !== 'observationMedia' || el.ns !== NS.hl7) continue;
    const id = attrValue(el, 'ID');
    const value = el.children.find((c) => c.local === 'value' && c.ns === NS.hl7);
    if (!id || !value) continue;
    media.set(id, { mediaType: attrValue(value, 'mediaType'), representation: attrValue(value, 'representation'), data: textOf(value) });
  }
  return media;
}

/** Numbers the footnotes of a narrative block in document order, so that a `footnoteRef` can point forward. */
function numberFootnotes(text: XmlElement): Map<string, number> {
  const numbers = new Map<string, number>();
  let n = 0;
  for (const el of descendants(text)) {
    if (el.local !== 'footnote' || el.ns !== NS.hl7) continue;
    n++;
    const id = attrValue(el, 'ID');
    if (id) numbers.set(id, n);
  }
  return numbers;
}

/** Renders the content of a `text` element (or of any narrative element). */
export function renderNarrative(text: XmlElement, ctx: NarrativeContext): string {
  const state: WalkState = { ctx, footnoteNumbers: numberFootnotes(text), footnotes: [], footnotesSeen: 0 };
  let html = renderContent(text.content, state);
  if (state.footnotes.length) {
    const t = strings(ctx.locale);
    html += `<ol class="footnotes" aria-label="${esc(t.footnotes)}">${state.footnotes.join('')}</ol>`;
  }
  return html;
}

interface WalkState {
  ctx: NarrativeContext;
  footnoteNumbers: Map<string, number>;
  footnotes: string[];
  footnotesSeen: number;
}

function renderContent(content: (XmlElement | XmlText)[], state: WalkState): string {
  const out: string[] = [];
  const stack: Part[] = [];
  for (let i = content.length - 1; i >= 0; i--) stack.push(content[i]);
  while (stack.length) {
    const part = stack.pop()!;
    if (typeof part === 'string') out.push(part);
    else if (part.kind === 'text') out.push(esc(part.cdata ? part.raw : decodeXmlText(part.raw)));
    else {
      const parts = expand(part, state);
      for (let i = parts.length - 1; i >= 0; i--) stack.push(parts[i]);
    }
  }
  return out.join('');
}

/** One element → the sequence of HTML strings and child nodes that stands for it. */
function expand(el: XmlElement, state: WalkState): Part[] {
  if (el.ns !== NS.hl7) return DROP_WITH_CONTENT.has(el.local.toLowerCase()) ? [] : [...el.content];
  const t = strings(state.ctx.locale);
  const a = (name: string) => attrValue(el, name);
  const common = () => idAttr(el) + langAttr(el);
  const captionOf = () => el.children.find((c) => c.local === 'caption' && c.ns === NS.hl7);
  const withoutCaption = () => el.content.filter((c) => !(c.kind === 'element' && c.local === 'caption' && c.ns === NS.hl7));
  const src = sourceAttrs(el.start, el.end);
  switch (el.local) {
    case 'content': {
      const revised = a('revised');
      const tag = revised === 'delete' ? 'del' : revised === 'insert' ? 'ins' : 'span';
      return [`<${tag}${common()}${classAttr(el)}>`, ...el.content, `</${tag}>`];
    }
    case 'linkHtml': {
      const href = safeHttpUrl(a('href') ?? '');
      const title = a('title');
      if (!href) return [`<span class="link-refused" title="${esc(t.linkRefused)}">`, ...el.content, '</span>'];
      return [`<a href="${esc(href)}" rel="noreferrer noopener"${title ? ` title="${esc(title)}"` : ''}${common()}>`, ...el.content, '</a>'];
    }
    case 'sub':
    case 'sup':
      return [`<${el.local}>`, ...el.content, `</${el.local}>`];
    case 'br':
      return ['<br>'];
    case 'footnote': {
      const n = footnoteNumber(state);
      state.footnotes.push(`<li value="${n}" id="fn-${n}">${renderContent(el.content, state)}</li>`);
      return [`<sup class="fn-ref"><a href="#fn-${n}">[${n}]</a></sup>`];
    }
    case 'footnoteRef': {
      const n = state.footnoteNumbers.get(a('IDREF') ?? '');
      return [n ? `<sup class="fn-ref"><a href="#fn-${n}">[${n}]</a></sup>` : '<sup class="fn-ref">[?]</sup>'];
    }
    case 'renderMultiMedia': {
      const images = (a('referencedObject') ?? '').split(/\s+/).filter(Boolean).map((id) => mediaImage(id, state));
      const caption = captionOf();
      return [`<figure class="media"${src}>${images.join('')}`, ...(caption ? ['<figcaption>', ...caption.content, '</figcaption>'] : []), '</figure>'];
    }
    case 'paragraph': {
      const caption = captionOf();
      return [`<p${common()}${classAttr(el)}${src}>`, ...(caption ? ['<span class="caption">', ...caption.content, '</span> '] : []), ...withoutCaption(), '</p>'];
    }
    case 'list': {
      const ordered = a('listType') === 'ordered';
      const tag = ordered ? 'ol' : 'ul';
      const caption = captionOf();
      return [
        `<div class="cda-list"${src}>`,
        ...(caption ? ['<div class="caption">', ...caption.content, '</div>'] : []),
        `<${tag}${common()}${classAttr(el)}>`,
        ...el.children.filter((c) => c.local === 'item' && c.ns === NS.hl7),
        `</${tag}></div>`,
      ];
    }
    case 'item': {
      const caption = captionOf();
      return [`<li${common()}${classAttr(el)}${src}>`, ...(caption ? ['<span class="caption">', ...caption.content, '</span> '] : []), ...withoutCaption(), '</li>'];
    }
    case 'table': {
      const caption = captionOf();
      const rows = el.children.filter((c) => c.ns === NS.hl7 && ['col', 'colgroup', 'thead', 'tbody', 'tfoot', 'tr'].includes(c.local));
      return [`<div class="table-wrap"${src}><table${common()}${classAttr(el)}>`, ...(caption ? ['<caption>', ...caption.content, '</caption>'] : []), ...rows, '</table></div>'];
    }
    case 'colgroup':
      return [`<colgroup${spanAttr(el, 'span')}>`, ...el.children.filter((c) => c.local === 'col' && c.ns === NS.hl7), '</colgroup>'];
    case 'col':
      return [`<col${spanAttr(el, 'span')}>`];
    case 'thead':
    case 'tbody':
    case 'tfoot':
      return [`<${el.local}${classAttr(el)}>`, ...el.children.filter((c) => c.local === 'tr' && c.ns === NS.hl7), `</${el.local}>`];
    case 'tr':
      return [`<tr${common()}${classAttr(el)}>`, ...el.children.filter((c) => (c.local === 'td' || c.local === 'th') && c.ns === NS.hl7), '</tr>'];
    case 'td':
    case 'th': {
      const scope = a('scope');
      const attrs = common() + classAttr(el) + spanAttr(el, 'rowspan') + spanAttr(el, 'colspan') + (scope && SCOPE.has(scope) ? ` scope="${scope}"` : '');
      return [`<${el.local}${attrs}${src}>`, ...el.content, `</${el.local}>`];
    }
    case 'caption':
      // A caption where its parent does not place it (the parents above take theirs out of the flow).
      return ['<span class="caption">', ...el.content, '</span>'];
    default:
      return DROP_WITH_CONTENT.has(el.local.toLowerCase()) ? [] : [...el.content];
  }
}

/** Footnotes are met in the same (document) order as `numberFootnotes` counted them. */
function footnoteNumber(state: WalkState): number {
  return ++state.footnotesSeen;
}

function mediaImage(id: string, state: WalkState): string {
  const t = strings(state.ctx.locale);
  const m = state.ctx.media.get(id);
  const uri = m && (m.representation ?? 'TXT').toUpperCase() === 'B64' ? imageDataUri(m.mediaType, m.data) : undefined;
  if (!uri) return `<span class="media-refused">[${esc(t.imageRefused)}${m?.mediaType ? ` : ${esc(m.mediaType)}` : ''}]</span>`;
  return `<img src="${esc(uri)}" alt="${esc(id)}">`;
}

function idAttr(el: XmlElement): string {
  const id = safeToken(attrValue(el, 'ID'));
  return id ? ` id="cda-${id}"` : '';
}

function langAttr(el: XmlElement): string {
  const lang = attrValue(el, 'language');
  return lang && /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(lang) ? ` lang="${lang}"` : '';
}

/** `styleCode` tokens and alignment → our own CSS classes; unknown tokens are dropped. */
function classAttr(el: XmlElement): string {
  const classes = new Set<string>();
  for (const token of (attrValue(el, 'styleCode') ?? '').split(/\s+/)) {
    const c = STYLE_CLASSES[token.toLowerCase()];
    if (c) classes.add(c);
  }
  const align = attrValue(el, 'align');
  if (align && ALIGN.has(align)) classes.add(`al-${align}`);
  const valign = attrValue(el, 'valign');
  if (valign && VALIGN.has(valign)) classes.add(`va-${valign}`);
  return classes.size ? ` class="${[...classes].join(' ')}"` : '';
}

function spanAttr(el: XmlElement, name: string): string {
  const v = attrValue(el, name);
  if (!v || !/^[0-9]{1,4}$/.test(v)) return '';
  const n = Number(v);
  return n >= 1 && n <= 1000 ? ` ${name}="${n}"` : '';
}
