/** Webview panels of the extension: resources only from `media/`, a fresh nonce per page, no command URIs. */
import { randomBytes } from 'node:crypto';
import { Uri, ViewColumn, window, type ExtensionContext, type Webview, type WebviewPanel } from 'vscode';
import type { Shell } from '../../server/src/preview/html';

export function mediaRoot(context: ExtensionContext): Uri {
  return Uri.joinPath(context.extensionUri, 'media');
}

export function createPanel(context: ExtensionContext, viewType: string, title: string, scripts: boolean, column = ViewColumn.Beside): WebviewPanel {
  const panel = window.createWebviewPanel(
    viewType,
    title,
    { viewColumn: column, preserveFocus: true },
    { enableScripts: scripts, enableCommandUris: false, enableFindWidget: true, localResourceRoots: [mediaRoot(context)] },
  );
  panel.iconPath = Uri.joinPath(mediaRoot(context), 'icon.png');
  return panel;
}

/** What a page rendered by the server needs to reference our stylesheet and script under the webview's CSP. */
export function shellFor(context: ExtensionContext, webview: Webview, withScript: boolean): Shell {
  const media = mediaRoot(context);
  return {
    cspSource: webview.cspSource,
    styleUri: webview.asWebviewUri(Uri.joinPath(media, 'preview.css')).toString(),
    ...(withScript ? { scriptUri: webview.asWebviewUri(Uri.joinPath(media, 'preview.js')).toString(), nonce: randomBytes(16).toString('base64url') } : {}),
  };
}
