/** Helpers for the preview tests: a small reader of the HTML our renderers emit (double-quoted attributes only). */

export interface Tag {
  name: string;
  attrs: Record<string, string>;
  raw: string;
}

/** Start tags of an HTML string, with their attributes. Our renderers always quote attributes with `"`. */
export function startTags(html: string): Tag[] {
  const tags: Tag[] = [];
  for (const m of html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*\/?>/g)) {
    const attrs: Record<string, string> = {};
    for (const a of m[2].matchAll(/([^\s=>]+)(?:="([^"]*)")?/g)) attrs[a[1].toLowerCase()] = a[2] ?? '';
    tags.push({ name: m[1].toLowerCase(), attrs, raw: m[0] });
  }
  return tags;
}

/** The HTML entities our escaping produces, decoded (to read attribute values as a browser would). */
export function unescapeHtml(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|#39);/g, (_, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', '#39': "'" })[e]!);
}

/** Asserts nothing in `html` can run: the only script is ours (nonce + our URI), no handler attributes, no script URLs. */
export function executableParts(html: string, ourScript = 'https://host/media/preview.js'): string[] {
  const problems: string[] = [];
  for (const t of startTags(html)) {
    if (['script', 'iframe', 'object', 'embed', 'svg', 'math', 'base', 'form', 'frame', 'link', 'meta', 'style'].includes(t.name)) {
      const ours =
        (t.name === 'script' && t.attrs.src === ourScript && !!t.attrs.nonce) ||
        (t.name === 'link' && t.attrs.rel === 'stylesheet') ||
        (t.name === 'meta' && (t.attrs.charset !== undefined || t.attrs.name === 'viewport' || t.attrs['http-equiv'] === 'Content-Security-Policy'));
      if (!ours) problems.push(`element ${t.raw}`);
    }
    for (const [name, value] of Object.entries(t.attrs)) {
      const v = unescapeHtml(value).trim().toLowerCase();
      if (name.startsWith('on')) problems.push(`handler ${name} in ${t.raw}`);
      if (name === 'style') problems.push(`inline style in ${t.raw}`);
      if ((name === 'href' || name === 'src' || name === 'action' || name === 'formaction' || name === 'xlink:href') && /^(javascript|vbscript|data:text|file):?/.test(v.replace(/\s+/g, ''))) {
        problems.push(`script URL in ${t.raw}`);
      }
      if (name === 'src' && t.name === 'img' && !/^data:image\/(png|jpeg|gif|bmp|webp);base64,[a-z0-9+/]+=*$/.test(v)) problems.push(`image not an inline raster: ${t.raw}`);
      if (name === 'href' && t.name === 'a' && !/^(https?:\/\/|#)/.test(v)) problems.push(`link not http(s): ${t.raw}`);
    }
  }
  return problems;
}
