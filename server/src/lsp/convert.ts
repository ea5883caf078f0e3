import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import {
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  InsertTextFormat,
  MarkupKind,
  type CodeAction,
  type CompletionItem,
  type Diagnostic,
  type Hover,
} from 'vscode-languageserver/node';
import type { Completion, Finding, HoverInfo, Severity } from '../engine/types';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The rule's documentation page shipped with the extension (offline: a file URI, never a web page). */
export function ruleDocUri(docsDir: string, rule: string): string {
  return pathToFileURL(join(docsDir, `${rule}.md`)).toString();
}

export function toLspDiagnostic(f: Finding, docsDir: string): Diagnostic {
  return {
    range: f.range,
    severity: SEVERITY[f.severity],
    code: f.rule,
    codeDescription: { href: ruleDocUri(docsDir, f.rule) },
    source: 'interop-sante',
    message: f.message,
    data: f.data,
  };
}

const COMPLETION_KIND: Record<Completion['kind'], CompletionItemKind> = {
  property: CompletionItemKind.Property,
  value: CompletionItemKind.EnumMember,
  code: CompletionItemKind.Value,
  snippet: CompletionItemKind.Snippet,
};

export function toLspCompletion(c: Completion, index: number): CompletionItem {
  const snippet = c.kind === 'snippet' || (c.insertText?.includes('$') ?? false);
  return {
    label: c.label,
    kind: COMPLETION_KIND[c.kind],
    detail: c.detail,
    documentation: c.documentation ? { kind: MarkupKind.Markdown, value: c.documentation } : undefined,
    insertText: c.replaceRange ? undefined : c.insertText,
    textEdit: c.replaceRange ? { range: c.replaceRange, newText: c.insertText ?? c.label } : undefined,
    insertTextFormat: snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    additionalTextEdits: c.additionalEdits,
    filterText: c.filterText,
    sortText: String(index).padStart(6, '0'),
  };
}

export function toLspHover(h: HoverInfo): Hover {
  return { contents: { kind: MarkupKind.Markdown, value: h.contents }, range: h.range };
}

/** Quick fixes carried by a finding, attached to the diagnostic the client sent back. */
export function toCodeActions(uri: string, finding: Finding, diagnostic: Diagnostic): CodeAction[] {
  return (finding.fixes ?? []).map((fix, i) => ({
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: i === 0,
    edit: { changes: { [uri]: fix.edits } },
  }));
}
