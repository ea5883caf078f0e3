/**
 * Driving the VS Code workbench with Playwright. The selectors are VS Code internals (1.100), kept here in one
 * place: when a VS Code update moves them, this is the file to change.
 */
import { join } from 'node:path';
import type { Browser, Frame, FrameLocator, Page } from 'playwright-core';

export const SEL = {
  workbench: '.monaco-workbench',
  explorerRow: '.explorer-folders-view .monaco-list-row',
  quickInput: '.quick-input-widget input',
  quickRow: '.quick-input-list .monaco-list-row',
  squiggleError: '.monaco-editor .squiggly-error',
  markersRow: '.markers-panel .monaco-list-row',
  hover: '.monaco-hover',
  webview: 'iframe.webview.ready',
  activeFrame: '#active-frame',
  selectionStatus: '#status\\.editor\\.selection',
  editorTab: '.tabs-container .tab',
  sidebarTitle: '.part.sidebar .composite.title .title-label',
};

export const shots = () => process.env.E2E_SHOTS!;

export async function openWorkbench(): Promise<Page> {
  const browser = (globalThis as unknown as { e2eBrowser: Browser }).e2eBrowser;
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await page.goto(process.env.E2E_URL!);
  await page.waitForSelector(SEL.workbench, { timeout: 60_000 });
  await page.waitForSelector(SEL.explorerRow, { timeout: 60_000 });
  // Gives the workbench the keyboard focus before the first shortcut.
  await page.locator(SEL.workbench).click({ position: { x: 700, y: 450 } }).catch(() => undefined);
  return page;
}

/** Takes the keyboard focus back from a webview (whose frame would otherwise receive the shortcuts). */
async function focusWorkbench(page: Page): Promise<void> {
  await page.locator(SEL.sidebarTitle).first().click();
}

export async function quickOpen(page: Page, name: string): Promise<void> {
  await focusWorkbench(page);
  await page.keyboard.press('Control+P');
  await page.waitForSelector(SEL.quickInput, { state: 'visible' });
  await page.keyboard.type(name);
  // Enter opens the focused row: wait until the list has settled on our file.
  await page.locator(`${SEL.quickRow}.focused`, { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator(`${SEL.editorTab}.active`, { hasText: name }).first().waitFor();
}

/** Runs a command from the palette by its (localised) title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Escape');
  await focusWorkbench(page);
  await page.keyboard.press('F1');
  await page.waitForSelector(SEL.quickInput, { state: 'visible' });
  await page.keyboard.type(title);
  await page.locator(`${SEL.quickRow}.focused`, { hasText: title }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
}

/** The document inside the webview whose tab is active (webviews nest two iframes). */
export function activeWebview(page: Page): FrameLocator {
  return page.frameLocator(`${SEL.webview}:visible`).frameLocator(SEL.activeFrame);
}

/** The webview document (a frame of the page) that holds `selector`, to evaluate script in its own window. */
export async function webviewFrameWith(page: Page, selector: string): Promise<Frame> {
  for (let i = 0; i < 150; i++) {
    for (const f of page.frames()) {
      if (f === page.mainFrame()) continue;
      if ((await f.locator(selector).count().catch(() => 0)) > 0) return f;
    }
    await page.waitForTimeout(100);
  }
  throw new Error(`no webview frame holds ${selector}`);
}

export async function shot(page: Page, name: string): Promise<string> {
  const path = join(shots(), `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** Moves the real mouse over an element (squiggles lie under the text layer, so locator.hover() cannot reach them). */
export async function mouseOver(page: Page, selector: string): Promise<void> {
  const box = await page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`${selector} has no box`);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 - 2);
}
