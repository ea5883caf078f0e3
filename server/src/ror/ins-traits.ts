import type { InsOid, InsTable } from '../pgssi/ins';
import { isCanonical } from './fr-core';
import { down, isObject, objects, own, str, type Json, type JsonObject, type PathNode } from './json/path';
import { reportMissing, type ResourceScope } from './scope';

/**
 * The INS traits of a FHIR Patient that carries an INS (catalogue INS-05, FHIR equivalent of the CI-SIS assertion
 * `CDA-HDR-INS-TRAITS`): FR Core Patient INS wants one official name (`use` = `official`) with its family name, the
 * first birth first name as the one `given`, and the list of birth first names in the birth-list-given-name
 * extension; `gender` from fr-core-vs-patient-gender-INS; `birthDate`; and the birth place (patient-birthPlace) with
 * its INSEE code (fr-core-address-insee-code, on the address or on its `city`). Findings sit on the Patient for what
 * it lacks, on the official name for what the name lacks, on the birth place for its code, on the value otherwise.
 */

export interface InsCarrier {
  oid: InsOid;
}

const R4_GENDERS = new Set(['male', 'female', 'other', 'unknown']);

export function checkInsTraits(scope: ResourceScope, table: InsTable, carried: InsCarrier[]): void {
  const traits = table.fhirTraits;
  if (!traits || carried.length === 0) return;
  const p = scope.resource;
  const name = carried[0].oid.name;
  const patientMissing: string[] = [];

  const names = own(p, 'name');
  const official: { value: JsonObject; path: PathNode }[] = [];
  if (Array.isArray(names)) {
    names.forEach((n, i) => {
      if (isObject(n) && str(own(n, 'use')) === 'official') official.push({ value: n, path: down(down(scope.root, 'name'), i) });
    });
  }
  if (official.length === 0) patientMissing.push('name[officialName] (use = official)');
  if (own(p, 'gender') === undefined) patientMissing.push('gender');
  if (own(p, 'birthDate') === undefined) patientMissing.push('birthDate');
  const birthPlace = findExtension(p, traits.birthPlace, down(scope.root, 'extension'));
  if (!birthPlace) patientMissing.push('extension[birthPlace]');
  if (patientMissing.length > 0) reportMissing(scope, 'INS-TRAITS-MISSING', scope.root, { name, missing: patientMissing.join(', ') });

  if (official.length > 0) {
    const first = official[0];
    const nameMissing: string[] = [];
    if (typeof own(first.value, 'family') !== 'string') nameMissing.push('name[officialName].family');
    const given = own(first.value, 'given');
    const givens = Array.isArray(given) ? given : [];
    if (givens.length === 0) nameMissing.push('name[officialName].given');
    if (!findExtension(first.value, traits.birthListGivenName, down(first.path, 'extension'))) nameMissing.push('name[officialName].extension[birth-list-given-name]');
    if (nameMissing.length > 0) reportMissing(scope, 'INS-TRAITS-MISSING', first.path, { name, missing: nameMissing.join(', ') });
    if (givens.length > 1) scope.findings.report('INS-TRAITS-GIVEN-COUNT', down(down(first.path, 'given'), 1), 'value', { count: givens.length });
    if (official.length > 1) scope.findings.report('INS-TRAITS-NAME-COUNT', down(official[1].path, 'use'), 'value', { count: official.length });
  }

  if (birthPlace && !hasInseeCode(birthPlace.value, traits.inseeCode)) {
    const address = own(birthPlace.value, 'valueAddress');
    const at = isObject(address) ? down(birthPlace.path, 'valueAddress') : birthPlace.path;
    reportMissing(scope, 'INS-TRAITS-MISSING', at, { name, missing: 'extension[birthPlace].valueAddress.extension[inseeCode]' });
  }

  const gender = str(own(p, 'gender'));
  // Codes outside R4's administrative-gender are the JSON schema's findings (FHIR-CODE-VALUE).
  if (gender !== undefined && R4_GENDERS.has(gender) && !traits.genders.includes(gender)) {
    scope.findings.report('INS-TRAITS-GENDER', down(scope.root, 'gender'), 'value', { found: gender, allowed: traits.genders.join(', ') });
  } else if (gender === 'unknown') {
    // INSi returns M or F: an unknown sex beside a production INS is a trait not copied from the teleservice.
    const production = carried.some((c) => c.oid.status === 'production');
    scope.findings.reportStrict('INS-TRAITS-GENDER-UNKNOWN', down(scope.root, 'gender'), 'value', { name }, production);
  }
}

/** The first extension of `holder` with the canonical `url` (an https canonical also in http). */
function findExtension(holder: JsonObject, url: string, at: PathNode): { value: JsonObject; path: PathNode } | undefined {
  const exts = own(holder, 'extension');
  if (!Array.isArray(exts)) return undefined;
  for (let i = 0; i < exts.length; i++) {
    const e: Json = exts[i];
    if (isObject(e) && isCanonical(str(own(e, 'url')), url)) return { value: e, path: down(at, i) };
  }
  return undefined;
}

/** The INSEE code extension on `valueAddress.extension` (FR Core Address) or on `valueAddress._city.extension`. */
function hasInseeCode(birthPlace: JsonObject, url: string): boolean {
  const address = own(birthPlace, 'valueAddress');
  if (!isObject(address)) return false;
  const city = own(address, '_city');
  return [address, ...(isObject(city) ? [city] : [])].some((h) => objects(own(h, 'extension')).some((e) => isCanonical(str(own(e, 'url')), url)));
}
