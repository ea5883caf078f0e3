import type { EngineSettings, Locale, SeveritySetting } from './engine/types';

/**
 * The project configuration file (`interop-sante.config.json` at the workspace root), read by the CLI and the
 * language server alike. Unknown keys are ignored; wrong types are reported as problems, never thrown.
 */
export interface ProjectConfig {
  rules?: Record<string, SeveritySetting>;
  production?: boolean;
  locale?: Locale;
  /** Folder of newer NOS exports (SVS XML or FHIR JSON) that take precedence over the bundled lists. */
  nosFolder?: string;
  /** Where `report` writes by default. */
  reportDir?: string;
  /** Globs excluded from directory walks. */
  exclude?: string[];
  /** Globs of other text files opted in for the PGSSI-S transport/secret checks (e.g. `.env` files, `*.properties`). */
  textFiles?: string[];
}

export const CONFIG_FILE = 'interop-sante.config.json';

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint', 'off']);

export function parseConfig(text: string): { config: ProjectConfig; problems: string[] } {
  const problems: string[] = [];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { config: {}, problems: [`${CONFIG_FILE}: ${(e as Error).message}`] };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { config: {}, problems: [`${CONFIG_FILE}: an object is expected`] };
  const r = raw as Record<string, unknown>;
  const config: ProjectConfig = {};
  if (r.rules !== undefined) {
    if (typeof r.rules === 'object' && r.rules !== null) {
      config.rules = {};
      for (const [id, sev] of Object.entries(r.rules)) {
        if (typeof sev === 'string' && SEVERITIES.has(sev)) config.rules[id] = sev as SeveritySetting;
        else problems.push(`${CONFIG_FILE}: rules.${id} must be one of off, error, warning, information, hint`);
      }
    } else problems.push(`${CONFIG_FILE}: rules must be an object`);
  }
  if (typeof r.production === 'boolean') config.production = r.production;
  if (r.locale === 'fr' || r.locale === 'en') config.locale = r.locale;
  if (typeof r.nosFolder === 'string') config.nosFolder = r.nosFolder;
  if (typeof r.reportDir === 'string') config.reportDir = r.reportDir;
  if (Array.isArray(r.exclude)) config.exclude = r.exclude.filter((g): g is string => typeof g === 'string');
  if (Array.isArray(r.textFiles)) config.textFiles = r.textFiles.filter((g): g is string => typeof g === 'string');
  return { config, problems };
}

export function settingsFromConfig(config: ProjectConfig): Partial<EngineSettings> {
  const s: Partial<EngineSettings> = {};
  if (config.rules) s.rules = config.rules;
  if (config.production !== undefined) s.production = config.production;
  if (config.locale) s.locale = config.locale;
  if (config.textFiles) s.textGlobs = config.textFiles;
  return s;
}
