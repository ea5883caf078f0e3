import { escapeXml as esc } from '../xml/tree';

/** The look shared by our self-contained pages (conformity report, portfolio): each page adds its own rules. */
const BASE_CSS = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem;color:#1b1f24;background:#fff;line-height:1.4}
h1{font-size:1.6rem;margin:0 0 .2rem}h2{margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.3rem}
.cards{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}.card{border:1px solid #d0d7de;border-radius:8px;padding:.8rem 1.2rem;min-width:9rem}
.card .n{font-size:1.8rem;font-weight:600}table{border-collapse:collapse;width:100%;margin:.5rem 0}
.num{text-align:right;white-space:nowrap}.muted{color:#57606a;font-size:.9em}code{font-family:ui-monospace,monospace}`;

/**
 * One self-contained HTML page: inline CSS, no script, and a CSP that forbids everything else (images only as
 * `data:` URIs when `dataImages`). `title` is plain text; `body` must already be safe HTML.
 */
export function standalonePage(o: { lang: string; title: string; css: string; body: string; dataImages?: boolean }): string {
  const csp = `default-src 'none'; style-src 'unsafe-inline'${o.dataImages ? '; img-src data:' : ''}`;
  return `<!DOCTYPE html>
<html lang="${esc(o.lang)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(o.title)}</title>
<style>
${BASE_CSS}
${o.css}
</style>
</head>
<body>
${o.body}
</body>
</html>
`;
}
