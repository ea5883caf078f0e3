/** Rule documentation shipped in the extension (`docs/rules/<ID>.md`): a command and a code action on our diagnostics. */
import { readdirSync } from 'node:fs';
import {
  CodeAction,
  CodeActionKind,
  commands,
  l10n,
  Uri,
  window,
  workspace,
  type CodeActionContext,
  type CodeActionProvider,
  type ExtensionContext,
  type Range,
  type TextDocument,
} from 'vscode';

const SOURCE = 'interop-sante';
const RULE_ID = /^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$/;

export function ruleDocUri(context: ExtensionContext, rule: string): Uri | undefined {
  return RULE_ID.test(rule) ? Uri.joinPath(context.extensionUri, 'docs', 'rules', `${rule}.md`) : undefined;
}

/** Opens the rule page as rendered Markdown (the source when no Markdown preview is available). */
export async function openRuleDoc(context: ExtensionContext, rule?: unknown): Promise<Uri | undefined> {
  let id = typeof rule === 'string' ? rule : undefined;
  if (!id) {
    const ids = listRules(context);
    id = await window.showQuickPick(ids, { placeHolder: l10n.t('Rule to document') });
    if (!id) return undefined;
  }
  const uri = ruleDocUri(context, id);
  if (!uri) return undefined;
  try {
    await workspace.fs.stat(uri);
  } catch {
    void window.showWarningMessage(l10n.t('No documentation page for rule {0}.', id));
    return undefined;
  }
  try {
    await commands.executeCommand('markdown.showPreview', uri);
  } catch {
    await window.showTextDocument(uri, { preview: true });
  }
  return uri;
}

function listRules(context: ExtensionContext): string[] {
  try {
    return readdirSync(Uri.joinPath(context.extensionUri, 'docs', 'rules').fsPath)
      .filter((f) => f.endsWith('.md') && f !== 'README.md')
      .map((f) => f.slice(0, -3))
      .sort();
  } catch {
    return [];
  }
}

/** "Open documentation of rule X" beside the server's quick fixes, once per rule on the line. */
export class RuleDocActions implements CodeActionProvider {
  static readonly kinds = [CodeActionKind.QuickFix];

  provideCodeActions(_doc: TextDocument, _range: Range, context: CodeActionContext): CodeAction[] {
    const rules = new Set<string>();
    for (const d of context.diagnostics) {
      const code = typeof d.code === 'object' ? d.code.value : d.code;
      if (d.source === SOURCE && typeof code === 'string' && RULE_ID.test(code)) rules.add(code);
    }
    return [...rules].map((rule) => {
      const action = new CodeAction(l10n.t('Open the documentation of rule {0}', rule), CodeActionKind.QuickFix);
      action.command = { title: action.title, command: 'interopSante.openRuleDoc', arguments: [rule] };
      action.diagnostics = context.diagnostics.filter((d) => d.source === SOURCE);
      return action;
    });
  }
}
