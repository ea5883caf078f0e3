import type { Family, Finding, Severity } from '../engine/types';
import type { RuleMeta } from '../engine/rules';
import { escapeXml } from '../xml/tree';

/** One validated file, as every output format sees it. */
export interface FileReport {
  path: string;
  family: Family;
  kind?: string;
  diagnostics: Finding[];
}

export interface Summary {
  files: number;
  errors: number;
  warnings: number;
}

export interface RunReport {
  files: FileReport[];
  summary: Summary;
}

export function buildRunReport(files: FileReport[]): RunReport {
  let errors = 0;
  let warnings = 0;
  for (const f of files) {
    for (const d of f.diagnostics) {
      if (d.severity === 'error') errors++;
      else if (d.severity === 'warning') warnings++;
    }
  }
  return { files, summary: { files: files.length, errors, warnings } };
}

/** The machine format of `validate --format json` and `report.json` (version 1, stable). */
export function toJson(run: RunReport): string {
  return JSON.stringify(
    {
      version: 1,
      files: run.files.map((f) => ({
        path: f.path,
        family: f.family,
        diagnostics: f.diagnostics.map((d) => ({ rule: d.rule, severity: d.severity, message: d.message, range: d.range })),
      })),
      summary: run.summary,
    },
    null,
    2,
  );
}

/** `path:line:col severity rule message`, 1-based like tsc and eslint's compact format. */
export function toText(run: RunReport): string {
  const lines: string[] = [];
  for (const f of run.files) {
    for (const d of f.diagnostics) {
      lines.push(`${f.path}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.rule} ${d.message}`);
    }
  }
  const s = run.summary;
  lines.push(`${s.files} file(s), ${s.errors} error(s), ${s.warnings} warning(s)`);
  return lines.join('\n') + '\n';
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export function toSarif(run: RunReport, rules: RuleMeta[], version: string, locale: 'fr' | 'en'): string {
  const used = new Set(run.files.flatMap((f) => f.diagnostics.map((d) => d.rule)));
  const driverRules = rules
    .filter((r) => used.has(r.id))
    .map((r) => ({
      id: r.id,
      shortDescription: { text: r.title[locale] },
      fullDescription: { text: r.source },
      defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
      helpUri: `docs/rules/${r.id}.md`,
    }));
  const results = run.files.flatMap((f) =>
    f.diagnostics.map((d) => ({
      ruleId: d.rule,
      level: SARIF_LEVEL[d.severity],
      message: { text: d.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: f.path.split('\\').join('/') },
            region: {
              startLine: d.range.start.line + 1,
              startColumn: d.range.start.character + 1,
              endLine: d.range.end.line + 1,
              endColumn: d.range.end.character + 1,
            },
          },
        },
      ],
    })),
  );
  return JSON.stringify(
    {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [{ tool: { driver: { name: 'interop-sante', version, informationUri: 'docs/rules', rules: driverRules } }, results }],
    },
    null,
    2,
  );
}

export { escapeXml } from '../xml/tree';

/** One test case per file; errors are failures, so CI dashboards show non-conforming documents. */
export function toJunit(run: RunReport): string {
  const cases = run.files.map((f) => {
    const errors = f.diagnostics.filter((d) => d.severity === 'error');
    const body = errors
      .map(
        (d) =>
          `      <failure type="${escapeXml(d.rule)}" message="${escapeXml(d.message)}">${escapeXml(
            `${f.path}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.rule} ${d.message}`,
          )}</failure>`,
      )
      .join('\n');
    return `    <testcase classname="${escapeXml(f.family)}" name="${escapeXml(f.path)}">${body ? `\n${body}\n    ` : ''}</testcase>`;
  });
  const failures = run.files.filter((f) => f.diagnostics.some((d) => d.severity === 'error')).length;
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="interop-sante" tests="${run.files.length}" failures="${failures}">
  <testsuite name="interop-sante" tests="${run.files.length}" failures="${failures}">
${cases.join('\n')}
  </testsuite>
</testsuites>
`;
}
