import { attr, NS, xpathOf, type XmlAttr, type XmlElement } from '../../xml/tree';
import { report } from '../context';
import { headerChecks } from './header-checks';
import { qualify, resolveSpec, type AttrSpec, type Binding, type ChildSpec, type ElementSpec } from './header-model';
import { checkCode, hasNullFlavor, isDatatype, trimmedText, type HeaderRun } from './header-run';

/**
 * Applies an element spec of the header model to an element and, recursively, to its children: attributes,
 * value-set binding, cardinalities, closed content, choices and named checks. Each element is visited once.
 */
export function walk(run: HeaderRun, el: XmlElement, raw: ElementSpec): void {
  const spec = resolveSpec(run.model, raw);
  const exempt = spec.nullFlavor === 'exempt' && hasNullFlavor(el);
  const attrFailed = spec.attrs && !exempt ? checkAttrs(run, el, spec.attrs) : NONE;
  if (spec.binding && !exempt) checkBinding(run, el, spec.binding, attrFailed);
  if (spec.children) checkChildren(run, el, spec.children);
  if (spec.choices) {
    for (const c of spec.choices) {
      const found = el.children.filter((k) => c.of.some((n) => matchesName(k, n))).length;
      if (found < c.min || found > c.max) {
        report(run.ctx, 'CDA-HDR-CHOICE', el, {
          parent: xpathOf(el),
          options: c.of.join(' | '),
          expected: range(c.min, c.max),
          found,
        });
      }
    }
  }
  for (const name of spec.checks ?? []) headerChecks[name]?.(run, el);
}

const NONE: ReadonlySet<string> = new Set();

/** Checks declared attributes; returns the names whose value already failed (to avoid a second finding). */
function checkAttrs(run: HeaderRun, el: XmlElement, attrs: Record<string, AttrSpec>): ReadonlySet<string> {
  const failed = new Set<string>();
  for (const [name, a] of Object.entries(attrs)) {
    const at = attr(el, name);
    if (!at) {
      if (a.required) {
        report(run.ctx, 'CDA-HDR-REQUIRED-ATTRIBUTE', el, { attribute: name, element: xpathOf(el) });
        failed.add(name);
      }
      continue;
    }
    const value = at.value;
    const data = { attribute: name, element: xpathOf(el), found: value };
    if (a.fixed !== undefined && value !== a.fixed) {
      report(run.ctx, a.rule ?? 'CDA-HDR-FIXED-VALUE', at, { ...data, expected: a.fixed });
      failed.add(name);
    } else if (a.oneOf && !a.oneOf.includes(value)) {
      report(run.ctx, a.rule ?? 'CDA-HDR-FIXED-VALUE', at, { ...data, expected: a.oneOf.join(' | ') });
      failed.add(name);
    } else if (a.pattern && !compiled(a.pattern).test(value)) {
      report(run.ctx, a.rule ?? 'CDA-HDR-FIXED-VALUE', at, { ...data, expected: a.pattern });
      failed.add(name);
    } else if (a.datatype && !isDatatype(value, a.datatype)) {
      // Reported once, document-wide, by the CDA datatype rules (CDA-DT-*); here it only stops the binding check.
      failed.add(name);
    }
  }
  return failed;
}

function checkBinding(run: HeaderRun, el: XmlElement, b: Binding, attrFailed: ReadonlySet<string>): void {
  const on = b.on ?? 'code';
  if (attrFailed.has(on)) return;
  let code: string;
  let target: XmlElement | XmlAttr = el;
  if (on === '#text') {
    code = trimmedText(el);
  } else {
    const at = attr(el, on);
    if (!at) return; // a missing code is the attribute rules' business
    code = at.value;
    target = at;
  }
  const system = b.system ? attr(el, 'codeSystem')?.value : undefined;
  if (b.system && system === undefined) return;
  if (checkCode(run, b.valueSet, el, code, system) !== 'absent') return;
  const ref = run.model.valueSets[b.valueSet];
  report(run.ctx, b.rule, target, {
    code,
    codeSystem: system ?? attr(el, 'codeSystem')?.value ?? '',
    element: xpathOf(el),
    valueSet: ref?.oid ?? b.valueSet,
    name: ref?.name ?? b.valueSet,
  });
}

function matchesName(el: XmlElement, name: string): boolean {
  const q = qualify(name);
  return el.local === q.local && el.ns === q.ns;
}

function matchesChild(el: XmlElement, c: ChildSpec): boolean {
  return matchesName(el, c.name) && (c.root === undefined || attr(el, 'root')?.value === c.root);
}

function range(min: number, max: number | undefined): string {
  return `[${min}..${max === undefined ? '*' : max}]`;
}

function checkChildren(run: HeaderRun, el: XmlElement, specs: ChildSpec[]): void {
  const matched: XmlElement[][] = specs.map(() => []);
  for (const k of el.children) {
    const i = specs.findIndex((c) => matchesChild(k, c));
    if (i >= 0) matched[i].push(k);
    else if (attr(k, 'nil', NS.xsi)?.value !== 'true') {
      report(run.ctx, 'CDA-HDR-UNEXPECTED-ELEMENT', k, { element: k.name, parent: xpathOf(el), allowed: allowedList(specs) });
    }
  }
  specs.forEach((c, i) => {
    const all = matched[i];
    const kept = c.notNull ? all.filter((k) => !hasNullFlavor(k)) : all;
    const min = c.min ?? 0;
    if (c.notNull && kept.length < all.length) {
      // A nullFlavor standing for a mandatory element is an error; next to a real one it is merely not
      // foreseen by the template (the kit's closed-template warning).
      for (const k of all) {
        const nf = attr(k, 'nullFlavor');
        if (!nf) continue;
        if (kept.length < min) report(run.ctx, 'CDA-HDR-NULLFLAVOR', nf, { element: xpathOf(k), found: nf.value });
        else report(run.ctx, 'CDA-HDR-UNEXPECTED-ELEMENT', k, { element: `${k.name}[@nullFlavor]`, parent: xpathOf(el), allowed: allowedList(specs) });
      }
    }
    const data = () => ({
      element: c.root ? `${c.name}[@root='${c.root}']` : c.name,
      parent: xpathOf(el),
      expected: range(min, c.max),
      found: kept.length,
      template: resolveSpec(run.model, c).template ?? '',
    });
    // Missing children are reported on the parent, surplus ones on each extra element; a nullFlavor that
    // stands for the missing element has already been reported above.
    if (kept.length < min && kept.length === all.length) report(run.ctx, c.rule ?? 'CDA-HDR-CARDINALITY', el, data());
    if (c.max !== undefined && kept.length > c.max) {
      for (const k of kept.slice(c.max)) report(run.ctx, c.rule ?? 'CDA-HDR-CARDINALITY', k, data());
    }
    for (const k of kept) walk(run, k, c);
  });
}

const allowedCache = new WeakMap<ChildSpec[], string>();

function allowedList(specs: ChildSpec[]): string {
  let s = allowedCache.get(specs);
  if (s === undefined) {
    s = [...new Set(specs.map((c) => (c.root ? `${c.name}[@root='${c.root}']` : c.name)))].join(', ');
    allowedCache.set(specs, s);
  }
  return s;
}

const patterns = new Map<string, RegExp>();

function compiled(pattern: string): RegExp {
  let re = patterns.get(pattern);
  if (!re) {
    re = new RegExp(pattern);
    patterns.set(pattern, re);
  }
  return re;
}
