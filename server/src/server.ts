/**
 * The language-server face of the engine. It only adapts: documents and settings in, diagnostics out.
 * Handlers never throw; document content never reaches the log.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  createConnection,
  DocumentDiagnosticReportKind,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic,
  type InitializeParams,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE, parseConfig, settingsFromConfig, type ProjectConfig } from './config';
import { createEngine, type EngineSettings, type Locale, type SeveritySetting } from './engine';
import { findSchemasDir, nodeDataSource } from './engine/data';
import { readNosFolder } from './io/nos-folder';
import { checkPortfolio } from './service-sheet/portfolio-check';
import { toCodeActions, toLspCompletion, toLspDiagnostic, toLspHover } from './lsp/convert';
import { createPreviewService } from './preview/service';
import { AttachmentRequest, DocumentInfoRequest, PortfolioRequest, PreviewRequest, RenderReportRequest, ValidateFilesRequest } from './protocol';
import type { Family, Finding, ValidationResult } from './engine';

const VERSION = '0.1.0';
const DEBOUNCE_MS = 200;

const connection: Connection = createConnection(ProposedFeatures.all);
// stdout carries JSON-RPC: anything printed must go to the client's log instead.
console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));

// One failing request must not take the server down with it.
process.on('uncaughtException', (e) => connection.console.error(`uncaught: ${e.message}`));
process.on('unhandledRejection', (e) => connection.console.error(`unhandled rejection: ${(e as Error)?.message ?? String(e)}`));

const documents = new TextDocuments(TextDocument);
const engine = createEngine();
const docsDir = join(findSchemasDir(), '..', 'docs', 'rules');

let pullDiagnostics = false;
let configurationRequests = false;
let diagnosticRefresh = false;
let workspaceRoot: string | undefined;
/** In an untrusted workspace (VS Code tells us at start), folders named by the project file are not read. */
let workspaceTrusted = true;

/** Cache of findings keyed by URI + version: each version is validated once. */
const cache = new Map<string, Validated>();
/** One validated version of a document; family and kind feed the client's language status and previews. */
interface Validated {
  version: number;
  family: Family;
  kind?: string;
  findings: Finding[];
  diagnostics: Diagnostic[];
}

function validated(doc: TextDocument): Validated {
  const hit = cache.get(doc.uri);
  if (hit && hit.version === doc.version) return hit;
  let findings: Finding[] = [];
  let result: ValidationResult = { family: 'unknown', diagnostics: [] };
  try {
    const path = pathOf(doc.uri);
    result = engine.validate(doc.getText(), path);
    findings = result.diagnostics;
    if (result.family === 'service-sheet' && path) findings = [...findings, ...portfolioFindings(path, doc.getText())];
  } catch (e) {
    connection.console.error(`validation failed for ${doc.uri}: ${(e as Error).message}`);
  }
  const entry = { version: doc.version, family: result.family, kind: result.kind, findings, diagnostics: findings.map((f) => toLspDiagnostic(f, docsDir)) };
  cache.set(doc.uri, entry);
  return entry;
}

/** Cross-file findings for a sheet: the other sheets of its folder, open editors' text first, then the disk. */
function portfolioFindings(path: string, text: string): Finding[] {
  const dir = dirname(path);
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /\.ya?ml$/i.test(n));
    // A sheet not yet saved is not on disk, and is checked against its folder all the same.
    if (!names.includes(basename(path))) names.push(basename(path));
  } catch {
    return [];
  }
  const open = new Map(documents.all().map((d) => [pathOf(d.uri), d]));
  const sheets = names.map((n) => {
    const p = join(dir, n);
    if (p === path) return { path: p, text };
    const doc = open.get(p);
    if (doc) return { path: p, text: doc.getText() };
    return { path: p, text: diskText(p) };
  });
  return checkPortfolio(sheets, engine).find((r) => r.path === path)?.findings ?? [];
}

/** Sibling sheets read from disk, kept until their modification time or size changes (one read per edit of the folder, not per keystroke). */
const onDisk = new Map<string, { mtimeMs: number; size: number; text: string }>();
function diskText(path: string): string {
  try {
    const { mtimeMs, size } = statSync(path);
    const known = onDisk.get(path);
    if (known && known.mtimeMs === mtimeMs && known.size === size) return known.text;
    const text = readFileSync(path, 'utf8');
    onDisk.set(path, { mtimeMs, size, text });
    return text;
  } catch {
    onDisk.delete(path);
    return '';
  }
}

function pathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

const diagnosticsFor = (doc: TextDocument): Diagnostic[] => validated(doc).diagnostics;

// Push mode: debounced per document; a newer version cancels the pending run.
const timers = new Map<string, NodeJS.Timeout>();
function schedule(doc: TextDocument): void {
  if (pullDiagnostics) return;
  clearTimeout(timers.get(doc.uri));
  timers.set(
    doc.uri,
    setTimeout(() => {
      timers.delete(doc.uri);
      const current = documents.get(doc.uri);
      if (!current || current.version !== doc.version) return;
      void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: diagnosticsFor(current) });
    }, DEBOUNCE_MS),
  );
}

connection.onInitialize((params: InitializeParams) => {
  pullDiagnostics = !!params.capabilities.textDocument?.diagnostic;
  configurationRequests = !!params.capabilities.workspace?.configuration;
  diagnosticRefresh = !!params.capabilities.workspace?.diagnostics?.refreshSupport;
  const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
  if (folder?.startsWith('file:')) workspaceRoot = fileURLToPath(folder);
  const locale: Locale = params.locale?.toLowerCase().startsWith('en') ? 'en' : 'fr';
  const init = (params.initializationOptions ?? {}) as { settings?: ClientSettings; workspaceTrusted?: boolean };
  workspaceTrusted = init.workspaceTrusted !== false;
  engine.configure({ ...projectSettings(), locale, ...fromClientSettings(init.settings) });
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: ['"', ':', ' ', '='] },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      ...(pullDiagnostics ? { diagnosticProvider: { identifier: 'interop-sante', interFileDependencies: false, workspaceDiagnostics: false } } : {}),
    },
    serverInfo: { name: 'interop-sante', version: VERSION },
  };
});

connection.onInitialized(() => {
  void refreshSettings();
});

/** Settings of the editor (`interopSante.*`). */
interface ClientSettings {
  rules?: Record<string, SeveritySetting>;
  production?: boolean;
  nosFolder?: string;
  /** Globs of other text files opted in for the PGSSI-S checks (the project file's `textFiles`). */
  textFiles?: string[];
}

function fromClientSettings(s: ClientSettings | undefined): Partial<EngineSettings> {
  if (!s) return {};
  const out: Partial<EngineSettings> = {};
  if (s.rules && typeof s.rules === 'object') out.rules = s.rules;
  if (typeof s.production === 'boolean') out.production = s.production;
  if (Array.isArray(s.textFiles) && s.textFiles.length) out.textGlobs = s.textFiles.filter((g) => typeof g === 'string');
  return out;
}

function projectConfig(): ProjectConfig {
  if (!workspaceRoot) return {};
  const file = join(workspaceRoot, CONFIG_FILE);
  if (!existsSync(file)) return {};
  const { config, problems } = parseConfig(readFileSync(file, 'utf8'));
  for (const p of problems) connection.console.warn(p);
  return config;
}

const projectSettings = (): Partial<EngineSettings> => settingsFromConfig(projectConfig());

let nosFolderInUse: string | undefined;
/** Loads the NOS override folder when its setting changes (editor setting first, then the project file). */
function useNosFolder(folder: string | undefined): void {
  const resolved = folder && workspaceRoot && !isAbsolute(folder) ? join(workspaceRoot, folder) : folder;
  if (resolved === nosFolderInUse) return;
  nosFolderInUse = resolved;
  if (!resolved) {
    engine.setNosOverrides([]);
    return;
  }
  const { records, problems } = readNosFolder(resolved);
  for (const p of problems) connection.console.warn(`NOS ${p.file}: ${p.message}`);
  connection.console.info(`NOS: ${records.length} list(s) loaded from ${resolved}`);
  engine.setNosOverrides(records);
}

async function refreshSettings(): Promise<void> {
  let client: ClientSettings | undefined;
  if (configurationRequests) {
    try {
      client = (await connection.workspace.getConfiguration('interopSante')) as ClientSettings | undefined;
    } catch {
      client = undefined;
    }
  }
  const config = projectConfig();
  const project = settingsFromConfig(config);
  // Editor settings override the project file, rule by rule.
  engine.configure({ ...project, ...fromClientSettings(client), rules: { ...(project.rules ?? {}), ...(client?.rules ?? {}) } });
  useNosFolder(client?.nosFolder || (workspaceTrusted ? config.nosFolder : undefined));
  cache.clear();
  if (pullDiagnostics) {
    if (diagnosticRefresh) connection.languages.diagnostics.refresh().catch(() => undefined);
  }
  else documents.all().forEach(schedule);
}

connection.onDidChangeConfiguration(() => void refreshSettings());

documents.onDidOpen((e) => schedule(e.document));
documents.onDidChangeContent((e) => schedule(e.document));
documents.onDidClose((e) => {
  clearTimeout(timers.get(e.document.uri));
  timers.delete(e.document.uri);
  cache.delete(e.document.uri);
  if (!pullDiagnostics) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

connection.languages.diagnostics.on((params) => {
  const doc = documents.get(params.textDocument.uri);
  return { kind: DocumentDiagnosticReportKind.Full, items: doc ? diagnosticsFor(doc) : [] };
});

connection.onCompletion((params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return [];
  try {
    return engine.complete(doc.getText(), params.position).map(toLspCompletion);
  } catch (e) {
    connection.console.error(`completion failed for ${doc.uri}: ${(e as Error).message}`);
    return [];
  }
});

connection.onHover((params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  try {
    const h = engine.hover(doc.getText(), params.position);
    return h ? toLspHover(h) : null;
  } catch (e) {
    connection.console.error(`hover failed for ${doc.uri}: ${(e as Error).message}`);
    return null;
  }
});

connection.onCodeAction((params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return [];
  try {
    const { findings } = validated(doc);
    const sameRange = (a: Finding['range'], b: Finding['range']) =>
      a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
    return params.context.diagnostics.flatMap((d) => {
      const f = findings.find((x) => x.rule === d.code && sameRange(x.range, d.range));
      return f ? toCodeActions(doc.uri, f, d) : [];
    });
  } catch (e) {
    connection.console.error(`code actions failed for ${doc.uri}: ${(e as Error).message}`);
    return [];
  }
});

// ---- Custom requests of the VS Code client (previews, workspace validation, report, portfolio): see protocol.ts.
const previews = createPreviewService({
  engine,
  data: nodeDataSource(),
  openText: (uri) => documents.get(uri)?.getText(),
  readBytes: (uri) => {
    const path = pathOf(uri);
    if (!path) return undefined;
    try {
      return readFileSync(path);
    } catch {
      return undefined;
    }
  },
  pathOf,
  openResult: (uri) => {
    const doc = documents.get(uri);
    if (!doc) return undefined;
    const v = validated(doc);
    return { family: v.family, kind: v.kind, diagnostics: v.findings, lsp: v.diagnostics };
  },
  toDiagnostic: (f) => toLspDiagnostic(f, docsDir),
});
/** Wraps a handler: errors are logged (never document content) and answered with a neutral value. */
function guarded<P, R>(name: string, fallback: R, handler: (p: P) => R): (p: P) => R {
  return (p) => {
    try {
      return handler(p);
    } catch (e) {
      connection.console.error(`${name} failed: ${(e as Error).message}`);
      return fallback;
    }
  };
}
connection.onRequest(PreviewRequest, guarded(PreviewRequest, null, previews.preview));
connection.onRequest(DocumentInfoRequest, guarded(DocumentInfoRequest, null, previews.documentInfo));
connection.onRequest(ValidateFilesRequest, guarded(ValidateFilesRequest, { files: [] }, previews.validateFiles));
connection.onRequest(RenderReportRequest, guarded(RenderReportRequest, null, previews.renderReport));
connection.onRequest(PortfolioRequest, guarded(PortfolioRequest, null, previews.portfolio));
connection.onRequest(AttachmentRequest, guarded(AttachmentRequest, null, previews.attachment));
// ---- end of custom requests

documents.listen(connection);
connection.listen();
