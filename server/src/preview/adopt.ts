import { createHash } from 'node:crypto';
import { contentSecurityPolicy, esc, type Shell } from './html';

/**
 * Makes one of our self-contained pages (conformity report, portfolio: inline `<style>`, no script) fit a webview:
 * its CSP is replaced by the webview's, where the page's own style blocks are allowed by hash and nothing else
 * inline is. The page itself is not changed otherwise.
 */
export function adoptStandalonePage(html: string, shell: Pick<Shell, 'cspSource'>): string {
  const hashes = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => `sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}`);
  const csp = contentSecurityPolicy({ cspSource: shell.cspSource, styleUri: '' }, hashes);
  const withoutCsp = html.replace(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>\s*/gi, '');
  return withoutCsp.replace(/<head>/i, `<head>\n<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">`);
}
