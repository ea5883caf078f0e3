import { down, isObject, objects, own, str, type Json, type JsonObject, type PathNode } from '../json/path';
import { relPath, reportMissing, type ResourceScope } from '../scope';
import { fullUrl, isRorCanonical } from './tables';
import { checkBinding } from './terminology';
import type { Binding, ExtensionChild, ExtensionDef } from './types';

/** Where an extension sits: the element holding it (FHIR path and type) and, when nested, the parent extension. */
export interface Holder {
  fhirPath: string;
  type: string;
  parentExt?: string;
}

/** The value[x] property of an extension, if any: `valueDateTime` → type `dateTime`. */
export function valueOf(ext: JsonObject): { key: string; type: string; value: Json } | undefined {
  for (const key of Object.keys(ext)) {
    if (key.startsWith('value') && key.length > 5) {
      const suffix = key.slice(5);
      const type = /^[A-Z][a-z]/.test(suffix) && isPrimitiveSuffix(suffix) ? suffix[0].toLowerCase() + suffix.slice(1) : suffix;
      return { key, type, value: ext[key] };
    }
  }
  return undefined;
}

const PRIMITIVES = new Set(['Base64Binary', 'Boolean', 'Canonical', 'Code', 'Date', 'DateTime', 'Decimal', 'Id', 'Instant', 'Integer', 'Markdown', 'Oid', 'PositiveInt', 'String', 'Time', 'UnsignedInt', 'Uri', 'Url', 'Uuid']);
const isPrimitiveSuffix = (s: string) => PRIMITIVES.has(s);

/** Checks one extension against the ROR catalogue: known URL, context, value type, binding, sub-extensions. */
export function checkExtension(scope: ResourceScope, ext: JsonObject, path: PathNode, holder: Holder): void {
  const url = str(own(ext, 'url'));
  if (!url) return;
  const tables = scope.doc.tables;
  const def = tables.extensions.get(url);
  if (!def) {
    // A relative url inside a complex extension is checked by the parent's definition.
    if (holder.parentExt && !url.includes('://')) return;
    const renamed = tables.renamed.get(url) ?? (url.startsWith('http://') ? httpsVariant(scope, url) : undefined);
    if (renamed || isRorCanonical(url)) {
      const fr = scope.doc.locale === 'fr';
      const hint = renamed ? (fr ? ` ; l'URL attendue est « ${renamed} »` : `; the expected URL is "${renamed}"`) : '';
      scope.findings.report('ROR-EXT-UNKNOWN', down(path, 'url'), 'value', { url, hint }, renamed ? { title: { fr: `Remplacer par ${renamed}`, en: `Replace with ${renamed}` }, newText: JSON.stringify(renamed) } : undefined);
    }
    return;
  }
  // Patch bodies carry extensions meant for the patched resource, not for Parameters.
  if (def.context && scope.type !== 'Parameters' && !contextRules(def).some((c) => contextMatches(c, holder))) {
    scope.findings.report('ROR-EXT-CONTEXT', down(path, 'url'), 'value', { url: def.id ?? url, context: holder.parentExt ? `extension ${shortUrl(holder.parentExt)}` : holder.fhirPath, allowed: def.context.map(contextLabel).join(', ') });
  }
  checkValue(scope, ext, path, def.url, def.value, def.binding, !!def.children);
  if (def.children) checkChildren(scope, ext, path, def);
  if (def.invariant === 'canonical-version') {
    const v = valueOf(ext);
    if (v && typeof v.value === 'string' && !v.value.includes('|')) {
      scope.findings.report('ROR-QUESTIONNAIRE-VERSION', down(path, v.key), 'value', { value: v.value });
    }
  }
}

function httpsVariant(scope: ResourceScope, url: string): string | undefined {
  const https = 'https://' + url.slice(7);
  return scope.doc.tables.extensions.has(https) ? https : undefined;
}

interface ContextRule {
  ext?: string;
  path?: string;
  type?: string;
}
const contexts = new WeakMap<ExtensionDef, ContextRule[]>();

/** The definition's contexts, parsed once: a parent extension URL, an element path, or a type/resource name. */
function contextRules(def: ExtensionDef): ContextRule[] {
  let rules = contexts.get(def);
  if (!rules) {
    rules = (def.context ?? []).map((c) => (c.startsWith('ext:') ? { ext: fullUrl(c.slice(4)) } : c.includes('.') ? { path: c } : { type: c }));
    contexts.set(def, rules);
  }
  return rules;
}

function contextMatches(c: ContextRule, holder: Holder): boolean {
  if (c.ext) return holder.parentExt === c.ext;
  if (c.path) return holder.fhirPath === c.path;
  return holder.type === c.type || holder.fhirPath === c.type;
}

const shortUrl = (url: string) => url.slice(url.lastIndexOf('/') + 1);
const contextLabel = (c: string) => (c.startsWith('ext:') ? `extension ${shortUrl(c.slice(4))}` : c);

/** Value type and binding of a simple extension (or of one sub-extension). */
function checkValue(scope: ResourceScope, ext: JsonObject, path: PathNode, url: string, types: string[] | undefined, binding: Binding | undefined, complex: boolean): void {
  const v = valueOf(ext);
  if (complex) {
    if (v) scope.findings.report('ROR-EXT-VALUE-TYPE', down(path, v.key), 'key', { url: shortUrl(url), found: v.key, expected: scope.doc.locale === 'fr' ? 'des sous-extensions (extension complexe)' : 'sub-extensions (complex extension)' });
    return;
  }
  if (!types) return;
  if (!v) {
    reportMissing(scope, 'ROR-EXT-VALUE-TYPE', path, { url: shortUrl(url), found: scope.doc.locale === 'fr' ? 'aucune valeur' : 'no value', expected: types.map(valueKey).join(' | ') });
    return;
  }
  if (!types.includes(v.type)) {
    scope.findings.report('ROR-EXT-VALUE-TYPE', down(path, v.key), 'key', { url: shortUrl(url), found: v.key, expected: types.map(valueKey).join(' | ') });
    return;
  }
  if (binding) checkBinding(scope, v.value, v.type, down(path, v.key), binding);
}

const valueKey = (type: string) => `value${type[0].toUpperCase()}${type.slice(1)}`;

function childKey(c: ExtensionChild): string {
  return c.ext ? fullUrl(c.ext) : c.name!;
}

const specCache = new WeakMap<ExtensionDef, Map<string, ExtensionChild>>();
function childSpecs(def: ExtensionDef): Map<string, ExtensionChild> {
  let specs = specCache.get(def);
  if (!specs) specCache.set(def, (specs = new Map(def.children!.map((c) => [childKey(c), c]))));
  return specs;
}

function checkChildren(scope: ResourceScope, ext: JsonObject, path: PathNode, def: ExtensionDef): void {
  const children = objects(own(ext, 'extension'));
  const byUrl = new Map<string, { item: JsonObject; path: PathNode }[]>();
  children.forEach((item, i) => {
    const u = str(own(item, 'url'));
    if (!u) return;
    const list = byUrl.get(u) ?? [];
    list.push({ item, path: down(down(path, 'extension'), i) });
    byUrl.set(u, list);
  });
  const specs = childSpecs(def);
  const label = def.id ?? shortUrl(def.url);
  for (const [key, spec] of specs) {
    const found = byUrl.get(key) ?? [];
    if ((spec.min ?? 0) > found.length) {
      reportMissing(scope, 'ROR-EXT-REQUIRED', path, { url: spec.ext ?? spec.name!, element: `extension ${label}` });
    }
    if (spec.max !== undefined && found.length > spec.max) {
      scope.findings.report('ROR-EXT-MAX', down(found[spec.max].path, 'url'), 'value', { url: spec.ext ?? spec.name!, max: spec.max, count: found.length });
    }
    if (spec.name) for (const f of found) checkChildValue(scope, f.item, f.path, spec);
  }
  for (const [u, list] of byUrl) {
    if (specs.has(u) || u.includes('://')) continue;
    const fr = scope.doc.locale === 'fr';
    scope.findings.report('ROR-EXT-UNKNOWN', down(list[0].path, 'url'), 'value', { url: u, hint: fr ? ` ; sous-extensions connues de ${label} : ${[...specs.keys()].map(shortUrl).join(', ')}` : `; known sub-extensions of ${label}: ${[...specs.keys()].map(shortUrl).join(', ')}` });
  }
}

function checkChildValue(scope: ResourceScope, item: JsonObject, path: PathNode, spec: ExtensionChild): void {
  checkValue(scope, item, path, spec.name!, spec.value, spec.binding, false);
  if (!spec.requires) return;
  const v = valueOf(item);
  if (!v || !isObject(v.value)) return;
  for (const r of spec.requires) {
    if (own(v.value, r) === undefined) reportMissing(scope, 'ROR-REQUIRED', down(path, v.key), { element: `${relPath(scope, down(path, v.key))}.${r}`, profile: spec.name! });
  }
}
