import { down, own, str, type JsonObject, type PathNode } from '../json/path';
import { fullUrl } from '../profile/tables';
import { claimedProfiles, relPath, resourceTypeOf, type BundleIndex, type ResourceScope } from '../scope';
import { isResourceType } from './r4';

/** `Organization/123`, `https://server/fhir/Organization/123/_history/2` → `Organization`; undefined for urn: and #local. */
export function referencedType(reference: string): string | undefined {
  if (reference.startsWith('urn:') || reference.startsWith('#')) return undefined;
  const parts = reference.split('?')[0].split('/');
  const history = parts.indexOf('_history');
  const end = history >= 0 ? history : parts.length;
  const type = parts[end - 2];
  return type && isResourceType(type) ? type : undefined;
}

/** `Type/id` key of a reference or fullUrl, without base URL nor version. */
export function typeIdKey(reference: string): string | undefined {
  const parts = reference.split('?')[0].split('/');
  const history = parts.indexOf('_history');
  const end = history >= 0 ? history : parts.length;
  if (end < 2 || !isResourceType(parts[end - 2])) return undefined;
  return `${parts[end - 2]}/${parts[end - 1]}`;
}

/** Indexes the entries of a Bundle once: by fullUrl and by `Type/id`. */
export function indexBundle(entries: { resource: JsonObject; fullUrl?: string }[]): BundleIndex {
  const byKey = new Map<string, JsonObject>();
  for (const e of entries) {
    if (e.fullUrl) {
      byKey.set(e.fullUrl, e.resource);
      const k = typeIdKey(e.fullUrl);
      if (k && !byKey.has(k)) byKey.set(k, e.resource);
    }
    const type = resourceTypeOf(e.resource);
    const id = str(own(e.resource, 'id'));
    if (type && id && !byKey.has(`${type}/${id}`)) byKey.set(`${type}/${id}`, e.resource);
  }
  return {
    resolve(reference) {
      const direct = byKey.get(reference);
      if (direct) return direct;
      const k = typeIdKey(reference);
      return k ? byKey.get(k) : undefined;
    },
    outside: { count: 0 },
  };
}

/**
 * Inside a Bundle: a `urn:` reference must name an entry (bundle-local identifiers mean nothing
 * elsewhere); other references not found are counted and reported once per Bundle.
 */
export function checkBundleReference(scope: ResourceScope, ref: JsonObject, path: PathNode | undefined): void {
  const reference = str(own(ref, 'reference'));
  if (!reference || reference.startsWith('#') || !scope.bundle) return;
  if (scope.bundle.resolve(reference)) return;
  if (reference.startsWith('urn:')) {
    scope.findings.report('FHIR-BUNDLE-REFERENCE', down(path, 'reference'), 'value', { reference });
    return;
  }
  const outside = scope.bundle.outside;
  if (outside.count++ === 0) {
    outside.first = down(path, 'reference');
    outside.example = reference;
  }
}

/**
 * A reference whose target the profile restricts: the type written in the reference (or its `type`),
 * and inside a Bundle the resolved entry's type and claimed ROR profiles.
 */
export function checkReferenceTarget(scope: ResourceScope, ref: JsonObject, path: PathNode, targets: { types: string[]; profiles?: string[] }): void {
  const reference = str(own(ref, 'reference'));
  const declared = str(own(ref, 'type')) ?? (reference ? referencedType(reference) : undefined);
  const element = relPath(scope, path);
  const expected = targets.types.join(' | ');
  const at = own(ref, 'reference') !== undefined ? down(path, 'reference') : own(ref, 'type') !== undefined ? down(path, 'type') : path;
  if (declared && !targets.types.includes(declared)) {
    scope.findings.report('ROR-REFERENCE-TARGET', at, 'value', { element, found: declared, expected });
    return;
  }
  const target = reference && scope.bundle ? scope.bundle.resolve(reference) : undefined;
  if (!target) return;
  const type = resourceTypeOf(target);
  if (type && !targets.types.includes(type)) {
    scope.findings.report('ROR-REFERENCE-TARGET', at, 'value', { element, found: type, expected });
    return;
  }
  const allowed = new Set((targets.profiles ?? []).map(fullUrl));
  const claimed = claimedProfiles(target).map((p) => p.url.split('|')[0]);
  const rorClaims = claimed.filter((u) => u.includes('/ig/fhir/ror/'));
  if (allowed.size && rorClaims.length && !rorClaims.some((u) => allowed.has(u))) {
    scope.findings.report('ROR-REFERENCE-TARGET', at, 'value', { element, found: rorClaims.map((u) => u.slice(u.lastIndexOf('/') + 1)).join(', '), expected: [...allowed].map((u) => u.slice(u.lastIndexOf('/') + 1)).join(' | ') });
  }
}
