// Starts a throw-away code-server (a real VS Code 1.100.3 workbench) and Debian's chromium for the end-to-end
// tests. Everything (user data, extensions, XDG folders) lives in a run folder, so $HOME is left untouched; the
// server is a process-group leader, so that one kill ends it with its extension hosts and language servers.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.colorTheme': 'Default Light Modern',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'chat.commandCenter.enabled': false,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'window.restoreWindows': 'none',
  'files.hotExit': 'off',
  'editor.minimap.enabled': false,
  'editor.hover.delay': 200,
};

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

const healthy = (port) =>
  new Promise((resolve) => {
    http
      .get({ host: '127.0.0.1', port, path: '/healthz' }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      })
      .on('error', () => resolve(false));
  });

/**
 * @param {{ cs: string, run: string, locale?: string, installs?: string[] }} o
 * `run` is an empty folder for this server; `installs` are .vsix files installed before the start.
 */
export async function startCodeServer({ cs, run, locale, installs = [] }) {
  mkdirSync(join(run, 'ud', 'User'), { recursive: true });
  mkdirSync(join(run, 'exts'), { recursive: true });
  const env = { ...process.env, XDG_DATA_HOME: join(run, 'xdg-data'), XDG_CONFIG_HOME: join(run, 'xdg-config'), XDG_CACHE_HOME: join(run, 'xdg-cache') };
  writeFileSync(join(run, 'ud', 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  const port = await freePort();
  writeFileSync(join(run, 'config.yaml'), `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const common = ['--config', join(run, 'config.yaml'), '--user-data-dir', join(run, 'ud'), '--extensions-dir', join(run, 'exts')];
  for (const vsix of installs) {
    const r = spawnSync(cs, [...common, '--install-extension', vsix], { env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`installing ${vsix} failed:\n${r.stdout}\n${r.stderr}`);
  }
  writeLanguagePacks(run);
  const args = [
    ...common,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...(locale ? ['--locale', locale] : []),
  ];
  const log = openSync(join(run, 'server.log'), 'w');
  const server = spawn(cs, args, { env, detached: true, stdio: ['ignore', log, log] });
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.on('exit', stop);
  const deadline = Date.now() + 60_000;
  while (!(await healthy(port))) {
    if (server.exitCode !== null) throw new Error(`code-server exited early; see ${join(run, 'server.log')}`);
    if (Date.now() > deadline) throw new Error('code-server did not answer within 60 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    env,
    stop,
    /** Workbench URL for a folder, with an optional extension-test payload. */
    url(folder, payload) {
      const q = `folder=${encodeURIComponent(folder)}` + (payload ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : '');
      return `http://127.0.0.1:${port}/?${q}`;
    },
    remote: (path) => `vscode-remote://127.0.0.1:${port}${path}`,
  };
}

/**
 * VS Code reads the display languages it can use from <user-data>/languagepacks.json, a cache it fills lazily,
 * after the first start. Written here from the installed language-pack extensions, so that the first start of the
 * server already honours --locale.
 */
function writeLanguagePacks(run) {
  const exts = join(run, 'exts');
  const packs = {};
  for (const dir of readdirSync(exts)) {
    const manifest = join(exts, dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
    for (const loc of pkg.contributes?.localizations ?? []) {
      const vscode = loc.translations?.find((t) => t.id === 'vscode');
      if (!vscode) continue;
      const id = `${pkg.publisher}.${pkg.name}`;
      packs[loc.languageId.toLowerCase()] = {
        hash: createHash('md5').update(`${id}@${pkg.version}`).digest('hex'),
        extensions: [{ extensionIdentifier: { id }, version: pkg.version }],
        translations: { vscode: join(exts, dir, vscode.path) },
        label: loc.localizedLanguageName ?? loc.languageName,
      };
    }
  }
  if (Object.keys(packs).length) writeFileSync(join(run, 'ud', 'languagepacks.json'), JSON.stringify(packs, null, 2));
}

export function launchBrowser(env) {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    env,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
