import { isOid } from '../nos/names';
import { checkIdentityStatus, type PatientIdentifier } from '../pgssi/identity';
import { assessInsValue, assessPatientRoot, classifyInsRoot, isInsRoot } from '../pgssi/ins';
import { FR_CORE_IDENTITY_RELIABILITY, FR_CORE_PATIENT, FR_CORE_PATIENT_INS, isCanonical } from './fr-core';
import { checkInsTraits } from './ins-traits';
import { down, isObject, own, str, type Json, type JsonObject, type PathNode } from './json/path';
import { claimedProfiles, type ResourceScope } from './scope';

/**
 * INS and identity checks on a FHIR Patient (FR Core): the shared INS assessments (`pgssi/ins.ts`: authority,
 * test identity, matricule format and key) on every `identifier` under the patient-identifier arc, the identity
 * status rules (`pgssi/identity.ts`: INS-07, INS-08) on FR Core's identity-reliability extension, and the INS traits
 * a Patient with an INS must carry (`ins-traits.ts`: INS-05). This adapter only
 * reads the JSON and places findings on the offending value. Matricules are personal data: no finding carries one.
 */


interface ReadIdentifier extends PatientIdentifier {
  path: PathNode;
  value?: string;
  /** The system is a bare OID, without `urn:oid:`. */
  bare: boolean;
  hasUse: boolean;
}

/** The FR Core Patient profile a resource claims, if any (a version suffix `|2.1.0` allowed): the language status kind. */
export function frCorePatientKind(resource: JsonObject): string | undefined {
  let kind: string | undefined;
  for (const { url } of claimedProfiles(resource)) {
    const canonical = url.split('|')[0];
    if (canonical === FR_CORE_PATIENT_INS) return 'FRCorePatientINS';
    if (canonical === FR_CORE_PATIENT) kind = 'FRCorePatient';
  }
  return kind;
}

export function checkPatientIdentity(scope: ResourceScope): void {
  const table = scope.doc.pgssi?.ins;
  if (!table) return;
  const ids = readIdentifiers(scope.resource, down(scope.root, 'identifier'));
  const carried = ids.flatMap((id) => {
    const reading = id.root !== undefined && isInsRoot(id.root, table) ? classifyInsRoot(id.root, table) : undefined;
    return reading && 'name' in reading ? [{ oid: reading }] : [];
  });
  const hasIns = carried.length > 0;
  for (const id of ids) {
    if (id.root === undefined || !classifyInsRoot(id.root, table)) continue;
    if (id.bare) {
      const fixed = `urn:oid:${id.root}`;
      scope.findings.report('INS-SYSTEM-BARE-OID', down(id.path, 'system'), 'value', { root: id.root }, { title: { fr: `Écrire ${fixed}`, en: `Write ${fixed}` }, newText: JSON.stringify(fixed) });
    }
    for (const f of [...assessPatientRoot(id.root, table, hasIns), ...assessInsValue(id.root, id.value, table)]) {
      scope.findings.reportStrict(f.rule, down(id.path, f.on === 'root' ? 'system' : 'value'), 'value', f.data, f.strict === true);
    }
  }
  checkInsTraits(scope, table, carried);
  const status = identityStatus(scope.resource, scope.root);
  const insProfile = frCorePatientKind(scope.resource) === 'FRCorePatientINS';
  for (const f of checkIdentityStatus({ status: status?.code, identifiers: ids, insProfile }, table)) {
    if (f.on === 'status') {
      scope.findings.report(f.rule, status!.path, 'value', f.data);
      continue;
    }
    const id = ids[f.index];
    scope.findings.report(f.rule, down(id.path, f.on === 'use' && id.hasUse ? 'use' : 'system'), 'value', f.data);
  }
}

function readIdentifiers(resource: JsonObject, at: PathNode): ReadIdentifier[] {
  const raw = own(resource, 'identifier');
  if (!Array.isArray(raw)) return [];
  const out: ReadIdentifier[] = [];
  raw.forEach((item, i) => {
    if (!isObject(item)) return;
    const system = str(own(item, 'system'));
    const use = str(own(item, 'use'));
    let root: string | undefined;
    let bare = false;
    if (system?.startsWith('urn:oid:')) root = system.slice(8);
    else if (system && isOid(system)) {
      root = system;
      bare = true;
    }
    out.push({ root, use, value: str(own(item, 'value')), path: down(at, i), bare, hasUse: use !== undefined });
  });
  return out;
}

/** The first identity status code of FR Core's identity-reliability extension(s), with where it is written. */
function identityStatus(resource: JsonObject, root: PathNode | undefined): { code: string; path: PathNode } | undefined {
  const exts = own(resource, 'extension');
  if (!Array.isArray(exts)) return undefined;
  for (let i = 0; i < exts.length; i++) {
    const ext = exts[i];
    if (!isObject(ext)) continue;
    if (!isCanonical(str(own(ext, 'url')), FR_CORE_IDENTITY_RELIABILITY)) continue;
    const subs = own(ext, 'extension');
    if (!Array.isArray(subs)) continue;
    const extPath = down(down(root, 'extension'), i);
    for (let j = 0; j < subs.length; j++) {
      const sub = subs[j];
      if (!isObject(sub) || str(own(sub, 'url')) !== 'identityStatus') continue;
      const found = codeIn(sub, down(down(extPath, 'extension'), j));
      if (found) return found;
    }
  }
  return undefined;
}

/** `valueCoding.code`, or the first `valueCodeableConcept.coding[].code`. */
function codeIn(sub: JsonObject, at: PathNode): { code: string; path: PathNode } | undefined {
  const coding = own(sub, 'valueCoding');
  if (isObject(coding)) {
    const code = str(own(coding, 'code'));
    return code === undefined ? undefined : { code, path: down(down(at, 'valueCoding'), 'code') };
  }
  const concept = own(sub, 'valueCodeableConcept');
  if (!isObject(concept)) return undefined;
  const codings: Json | undefined = own(concept, 'coding');
  if (!Array.isArray(codings)) return undefined;
  for (let k = 0; k < codings.length; k++) {
    const c = codings[k];
    const code = isObject(c) ? str(own(c, 'code')) : undefined;
    if (code !== undefined) return { code, path: down(down(down(down(at, 'valueCodeableConcept'), 'coding'), k), 'code') };
  }
  return undefined;
}
