import { down, isObject, own, str, type JsonObject, type PathNode } from '../json/path';
import type { ResourceScope } from '../scope';

export interface BundleEntry {
  resource: JsonObject;
  path: PathNode;
  fullUrl?: string;
}

const SEARCH_OR_HISTORY = new Set(['searchset', 'history']);
const NEEDS_REQUEST = new Set(['batch', 'transaction', 'history']);
const NEEDS_RESPONSE = new Set(['batch-response', 'transaction-response', 'history']);

/**
 * The Bundle invariants of R4 that concern a ROR exchange (bdl-1…bdl-5, bdl-7, bdl-8), and the entries
 * whose resource is to be validated.
 */
export function checkBundle(scope: ResourceScope): BundleEntry[] {
  const bundle = scope.resource;
  const type = str(own(bundle, 'type'));
  const fr = scope.doc.locale === 'fr';
  const report = (key: string, path: PathNode | undefined, kind: 'key' | 'value' | 'start', fr_: string, en: string) =>
    scope.findings.report('FHIR-BUNDLE-INVARIANT', path, kind, { key, detail: fr ? fr_ : en });

  if (type && own(bundle, 'total') !== undefined && !SEARCH_OR_HISTORY.has(type)) {
    report('bdl-1', down(scope.root, 'total'), 'key', `total n'est permis que dans un Bundle searchset ou history (type ${type})`, `total is only allowed in a searchset or history Bundle (type ${type})`);
  }
  const entries: BundleEntry[] = [];
  const fullUrls = new Map<string, string | undefined>();
  const raw = own(bundle, 'entry');
  if (!Array.isArray(raw)) return entries;
  raw.forEach((entry, i) => {
    if (!isObject(entry)) return;
    const at = down(down(scope.root, 'entry'), i);
    const resource = own(entry, 'resource');
    const request = own(entry, 'request');
    const response = own(entry, 'response');
    if (type && own(entry, 'search') !== undefined && type !== 'searchset') {
      report('bdl-2', down(at, 'search'), 'key', `entry.search n'est permis que dans un Bundle searchset (type ${type})`, `entry.search is only allowed in a searchset Bundle (type ${type})`);
    }
    if (type && NEEDS_REQUEST.has(type) !== (request !== undefined)) {
      if (request === undefined) report('bdl-3', at, 'start', `entry.request est obligatoire dans un Bundle ${type}`, `entry.request is required in a ${type} Bundle`);
      else report('bdl-3', down(at, 'request'), 'key', `entry.request est interdit dans un Bundle ${type}`, `entry.request is not allowed in a ${type} Bundle`);
    }
    if (type && NEEDS_RESPONSE.has(type) !== (response !== undefined)) {
      if (response === undefined) report('bdl-4', at, 'start', `entry.response est obligatoire dans un Bundle ${type}`, `entry.response is required in a ${type} Bundle`);
      else report('bdl-4', down(at, 'response'), 'key', `entry.response est interdit dans un Bundle ${type}`, `entry.response is not allowed in a ${type} Bundle`);
    }
    if (resource === undefined && request === undefined && response === undefined) {
      report('bdl-5', at, 'start', 'une entrée doit avoir une ressource, une requête ou une réponse', 'an entry must have a resource, a request or a response');
    }
    const fullUrl = str(own(entry, 'fullUrl'));
    if (fullUrl) {
      if (fullUrl.includes('/_history/')) {
        report('bdl-8', down(at, 'fullUrl'), 'value', 'fullUrl ne peut pas désigner une version (/_history/)', 'fullUrl cannot be a version-specific reference (/_history/)');
      }
      const version = isObject(resource) && isObject(own(resource, 'meta')) ? str(own(own(resource, 'meta') as JsonObject, 'versionId')) : undefined;
      if (fullUrls.has(fullUrl) && fullUrls.get(fullUrl) === version) {
        report('bdl-7', down(at, 'fullUrl'), 'value', `fullUrl « ${fullUrl} » déjà utilisé par une autre entrée`, `fullUrl "${fullUrl}" already used by another entry`);
      }
      fullUrls.set(fullUrl, version);
    }
    if (isObject(resource)) entries.push({ resource, path: down(at, 'resource'), fullUrl });
  });
  return entries;
}
