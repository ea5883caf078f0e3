/**
 * HTML building blocks shared by the previews. Everything a document supplies goes through `esc`; URLs go through
 * the allow-lists below. No function here emits a script, an event-handler attribute or an inline style.
 */

export function esc(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * A JSON scalar as text (string, number, boolean); empty for anything else. Values read with jsonc's `getNodeValue`
 * are prototype-less objects on which `String()` throws, and an object where text belongs is a validation finding,
 * not something to show.
 */
export function scalarText(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

/** What the webview host gives a page: its CSP source and the URIs of our own stylesheet and script. */
export interface Shell {
  /** `webview.cspSource`. */
  cspSource: string;
  styleUri: string;
  /** Our own script (click-to-reveal, scroll memory); omitted for pages that need none. */
  scriptUri?: string;
  /** Nonce of that script; required with `scriptUri`. */
  nonce?: string;
}

/** The CSP of a preview page: nothing by default, our stylesheet, images from us or inline data, our one script. */
export function contentSecurityPolicy(shell: Shell, extraStyleHashes: string[] = []): string {
  const parts = [
    "default-src 'none'",
    `img-src ${shell.cspSource} data:`,
    `style-src ${[shell.cspSource, ...extraStyleHashes.map((h) => `'${h}'`)].join(' ')}`,
    `font-src ${shell.cspSource}`,
  ];
  if (shell.scriptUri && shell.nonce) parts.push(`script-src 'nonce-${shell.nonce}'`);
  return parts.join('; ');
}

/** A whole preview page around `body` (already safe HTML). */
export function page(shell: Shell, opts: { lang: string; title: string; body: string; bodyClass?: string }): string {
  const script =
    shell.scriptUri && shell.nonce ? `\n<script nonce="${esc(shell.nonce)}" src="${esc(shell.scriptUri)}"></script>` : '';
  return `<!DOCTYPE html>
<html lang="${esc(opts.lang)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(contentSecurityPolicy(shell))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(opts.title)}</title>
<link rel="stylesheet" href="${esc(shell.styleUri)}">
</head>
<body${opts.bodyClass ? ` class="${esc(opts.bodyClass)}"` : ''}>
${opts.body}${script}
</body>
</html>
`;
}

/** Only absolute http(s) URLs without credentials survive; anything else (javascript:, data:, file:, relative) is refused. */
export function safeHttpUrl(raw: string): string | undefined {
  const s = raw.trim();
  if (!/^https?:\/\//i.test(s)) return undefined;
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) return undefined;
  return url.href;
}

/** Raster image types a preview may show inline; SVG is left out (it is a document that can carry script). */
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/bmp', 'image/webp']);

export function isInlineImageType(mediaType: string | undefined): boolean {
  return !!mediaType && IMAGE_TYPES.has(mediaType.trim().toLowerCase());
}

/** A `data:` URI for base64 image bytes, or undefined when the type is not an allowed image or the payload is not base64. */
export function imageDataUri(mediaType: string | undefined, base64: string): string | undefined {
  if (!isInlineImageType(mediaType)) return undefined;
  const b64 = base64.replace(/\s+/g, '');
  if (b64.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return undefined;
  return `data:${mediaType!.trim().toLowerCase()};base64,${b64}`;
}

/** A token safe inside an attribute and as an element id (CDA `ID`s are XML NCNames; anything else is refused). */
export function safeToken(raw: string | undefined): string | undefined {
  return raw && /^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/.test(raw) ? raw : undefined;
}

/** Attributes that locate a source range for our own script: a click reveals `[start, end)` in the editor. */
export function sourceAttrs(start: number, end: number): string {
  return ` data-start="${start}" data-end="${end}"`;
}
