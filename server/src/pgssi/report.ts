import type { OffsetFix, Reporter } from '../engine/reporter';
import type { EngineSettings, OffsetRange } from '../engine/types';
import { normalizeKey } from './scan';
import type { SecretHit } from './secrets';

/**
 * Reports a finding that production mode raises to an error: test identities and bad INS keys are expected in
 * test data, not in production. The rule table gives the everyday severity; a severity the user set for the
 * rule wins over both.
 */
export function reportStrict(reporter: Reporter, settings: EngineSettings, rule: string, at: OffsetRange, data: Record<string, string | number>, strict = true): void {
  const before = reporter.findings.length;
  reporter.report(rule, at, data);
  if (strict && settings.production && settings.rules[rule] === undefined && reporter.findings.length > before) {
    reporter.findings[before].severity = 'error';
  }
}

const TOKEN_KIND: Record<string, string> = { jwt: 'JWT', authorization: 'Authorization' };

/** Reports secret hits; the data holds the masked value only. Settings get a fix to an environment placeholder. */
export function reportSecrets(reporter: Reporter, hits: SecretHit[]): void {
  for (const h of hits) {
    const at = { start: h.start, end: h.end };
    if (h.kind === 'private-key') reporter.report(h.rule, at, {});
    else if (h.kind === 'jwt' || h.kind === 'authorization') reporter.report(h.rule, at, { kind: TOKEN_KIND[h.kind], masked: h.masked });
    else if (h.kind === 'userinfo') reporter.report(h.rule, at, { what: 'URL user:password@', masked: h.masked });
    else {
      const placeholder = '${' + normalizeKey(h.key ?? 'secret').toUpperCase() + '}';
      const fix: OffsetFix = {
        title: { fr: 'Remplacer par la variable d’environnement {placeholder}', en: 'Replace with the environment variable {placeholder}' },
        edits: [{ start: h.start, end: h.end, newText: placeholder }],
      };
      reporter.report(h.rule, at, { what: h.key ?? '', masked: h.masked, placeholder }, [fix]);
    }
  }
}
