import type { FamilyDeps } from '../engine/family';
import { reportSecrets } from '../pgssi/report';
import { findDocumentSecrets } from '../pgssi/secrets';
import { loadPgssiTables } from '../pgssi/tables';
import { PathFindings } from './context';
import { baseWalk } from './fhir/base';
import { checkBundle } from './fhir/bundle';
import { checkPatch, isPatch } from './fhir/patch';
import { isResourceType } from './fhir/r4';
import { indexBundle } from './fhir/reference';
import { schemaCheck } from './fhir/schema-check';
import { down, isObject, objects, own, str, type Json, type JsonObject, type PathNode } from './json/path';
import { parseFhirJson } from './json/scan';
import { splitUnits } from './json/units';
import { checkPatientIdentity, frCorePatientKind } from './patient';
import { applyProfile } from './profile/apply';
import { isRorCanonical, profileFor, ROR_SD, rorTables } from './profile/tables';
import { claimedProfiles, type BundleIndex, type DocScope, type ResourceScope } from './scope';
import { checkPractitionerIdNat, reportSystemSpellings } from './systems';
import { checkEndpointAddress, checkSecurityLabels } from './pgssi';

/**
 * Validates a FHIR JSON text of the `ror` family — a ROR payload or FR Core Patient data: one resource, a Bundle, a
 * FHIRPath Patch body, or NDJSON lines. ROR profile rules apply to resources claiming a ROR profile; every Patient
 * gets the INS and identity-status checks.
 */
export function validateRor(text: string, deps: FamilyDeps): { kind?: string } {
  const doc: DocScope = {
    tables: rorTables(deps.data),
    nos: deps.nos,
    locale: deps.settings.locale,
    uncheckable: new Set(),
    uncovered: new Set(),
    pgssi: loadPgssiTables(deps.data),
  };
  const { units, ndjson } = splitUnits(text);
  const kinds: string[] = [];
  for (const unit of units) {
    const parsed = parseFhirJson(unit.text, doc.locale);
    for (const p of parsed.problems) deps.reporter.report(p.rule, { start: unit.base + p.start, end: unit.base + p.end }, p.data);
    if (parsed.value === undefined) continue;
    const findings = new PathFindings();
    const kind = validateDocument(parsed.value, doc, findings);
    if (kind) kinds.push(kind);
    findings.flush(unit.text, unit.base, deps.reporter, deps.settings);
  }
  // SECRET-01: credentials written in the payload (an Endpoint.header `Authorization: Bearer …`, a password setting in a
  // Parameters or Binary body…), by the detector CDA, text and service sheets share; findings show the masked value only.
  const secrets = doc.pgssi?.secrets;
  if (secrets) reportSecrets(deps.reporter, findDocumentSecrets(text, secrets));
  if (ndjson) return { kind: `NDJSON (${units.length} ${doc.locale === 'fr' ? 'lignes' : 'lines'})` };
  return { kind: kinds[0] };
}

function validateDocument(value: Json, doc: DocScope, findings: PathFindings): string | undefined {
  if (!isObject(value)) {
    findings.report('FHIR-RESOURCE-TYPE', undefined, 'start', { found: Array.isArray(value) ? '[ … ]' : String(value) });
    return undefined;
  }
  return validateResource(doc, findings, value, undefined, undefined);
}

/** Validates one resource and, recursively, the resources it carries (contained, Bundle entries, Parameters). */
function validateResource(doc: DocScope, findings: PathFindings, resource: JsonObject, root: PathNode | undefined, bundle: BundleIndex | undefined): string | undefined {
  const rt = str(own(resource, 'resourceType'));
  if (rt === undefined) {
    findings.report('FHIR-RESOURCE-TYPE', root, 'start', { found: '—' });
    return undefined;
  }
  if (!isResourceType(rt)) {
    findings.report('FHIR-RESOURCE-TYPE', down(root, 'resourceType'), 'value', { found: rt });
    return undefined;
  }
  const scope: ResourceScope = { doc, findings, resource, type: rt, root, bundle };
  if (schemaCheck(scope)) baseWalk(scope);
  else if (!doc.uncovered.has(rt)) {
    doc.uncovered.add(rt);
    findings.report('FHIR-RESOURCE-UNCHECKED', down(root, 'resourceType'), 'value', { type: rt });
  }
  let kind: string = rt;
  const profiled = applyClaimedProfiles(scope);
  if (profiled) kind = profiled;
  reportSystemSpellings(scope);
  if (rt === 'Practitioner') checkPractitionerIdNat(scope);
  if (rt === 'Endpoint') checkEndpointAddress(scope);
  if (rt === 'DocumentReference') checkSecurityLabels(scope);
  if (rt === 'Patient') {
    checkPatientIdentity(scope);
    kind = profiled ?? frCorePatientKind(resource) ?? kind;
  }

  objects(own(resource, 'contained')).forEach((c, i) => validateResource(doc, findings, c, down(down(root, 'contained'), i), bundle));
  if (rt === 'Bundle') kind = validateBundle(scope);
  if (rt === 'Parameters') {
    if (isPatch(resource)) {
      checkPatch(scope);
      kind = 'FHIRPath Patch';
    }
    validateParameterResources(scope, own(resource, 'parameter'), down(root, 'parameter'));
  }
  return kind;
}

function applyClaimedProfiles(scope: ResourceScope): string | undefined {
  let name: string | undefined;
  for (const { url, index } of claimedProfiles(scope.resource)) {
    if (!isRorCanonical(url)) continue;
    const at = down(down(down(scope.root, 'meta'), 'profile'), index);
    const https = url.startsWith('http://') ? 'https://' + url.slice(7) : undefined;
    const table = https ? undefined : profileFor(scope.doc.tables, url);
    if (!table) {
      const fr = scope.doc.locale === 'fr';
      const known = https && profileFor(scope.doc.tables, https);
      const hint = known ? (fr ? ` ; le canonique ROR est en https : ${https}` : `; the ROR canonical uses https: ${https}`) : fr ? ` ; profils publiés en 0.7.0 : ${published(scope)}` : `; profiles published in 0.7.0: ${published(scope)}`;
      scope.findings.report('ROR-PROFILE-UNKNOWN', at, 'value', { url, hint }, known ? { title: { fr: 'Passer en https', en: 'Use https' }, newText: JSON.stringify(https) } : undefined);
      continue;
    }
    if (table.type !== scope.type) {
      scope.findings.report('ROR-PROFILE-TYPE', at, 'value', { profile: table.name, expected: table.type, found: scope.type });
      continue;
    }
    if (table.status === 'unpublished') {
      scope.findings.report('ROR-PROFILE-UNPUBLISHED', at, 'value', { profile: table.name });
      continue;
    }
    applyProfile(scope, table);
    name ??= table.name;
  }
  return name;
}

const published = (scope: ResourceScope) =>
  [...scope.doc.tables.profiles.values()]
    .filter((p) => p.status === 'active')
    .map((p) => p.url.slice(ROR_SD.length))
    .join(', ');

function validateBundle(scope: ResourceScope): string {
  const entries = checkBundle(scope);
  const index = indexBundle(entries);
  for (const e of entries) validateResource(scope.doc, scope.findings, e.resource, e.path, index);
  if (index.outside.count > 0) {
    scope.findings.report('ROR-REFERENCE-UNRESOLVED', index.outside.first, 'value', { count: index.outside.count, example: index.outside.example ?? '' });
  }
  const type = str(own(scope.resource, 'type')) ?? '?';
  return `Bundle ${type} (${entries.length})`;
}

function validateParameterResources(scope: ResourceScope, params: Json | undefined, at: PathNode): void {
  if (!Array.isArray(params)) return;
  params.forEach((p, i) => {
    if (!isObject(p)) return;
    const here = down(at, i);
    const r = own(p, 'resource');
    if (isObject(r)) validateResource(scope.doc, scope.findings, r, down(here, 'resource'), scope.bundle);
    validateParameterResources(scope, own(p, 'part'), down(here, 'part'));
  });
}
