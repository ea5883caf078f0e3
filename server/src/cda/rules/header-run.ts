import type { ValueSet } from '../../nos/types';
import { attr, textOf, xpathOf, type XmlElement } from '../../xml/tree';
import { report, type CdaContext } from '../context';
import type { Datatype, HeaderModel, ValueSetRef } from './header-model';

/** State of one header pass over one document: the model, and the value sets already found missing. */
export interface HeaderRun {
  ctx: CdaContext;
  model: HeaderModel;
  /** Value-set keys already reported as unavailable (one finding per list and document). */
  unavailable: Set<string>;
}

export function newRun(ctx: CdaContext, model: HeaderModel): HeaderRun {
  return { ctx, model, unavailable: new Set() };
}

export type CodeCheck = 'ok' | 'absent' | 'unverifiable';

/**
 * Looks a code up in a model value set. `unverifiable` (list not bundled, or bundled but incomplete and the
 * code not in it) has already been reported once as CDA-HDR-VALUESET-UNAVAILABLE: the caller stays silent.
 */
export function checkCode(run: HeaderRun, key: string, at: XmlElement, code: string, system?: string): CodeCheck {
  const ref: ValueSetRef | undefined = run.model.valueSets[key];
  const vs: ValueSet | undefined = ref ? run.ctx.nos.valueSet(ref.oid) : undefined;
  if (vs && vs.find(code, system)) return 'ok';
  if (vs && !vs.incomplete) return 'absent';
  if (!run.unavailable.has(key)) {
    run.unavailable.add(key);
    report(run.ctx, 'CDA-HDR-VALUESET-UNAVAILABLE', at, {
      valueSet: ref?.oid ?? key,
      name: ref?.name ?? key,
      element: xpathOf(at),
    });
  }
  return 'unverifiable';
}

export function hasNullFlavor(el: XmlElement): boolean {
  return attr(el, 'nullFlavor') !== undefined;
}

/** The trimmed text of an element (name parts, prefix, suffix). */
export function trimmedText(el: XmlElement): string {
  return textOf(el).trim();
}

const OID = /^[0-2](\.(0|[1-9]\d*))*$/;
const UUID = /^[A-Fa-f\d]{8}-[A-Fa-f\d]{4}-[A-Fa-f\d]{4}-[A-Fa-f\d]{4}-[A-Fa-f\d]{12}$/;
const RUID = /^[A-Za-z][A-Za-z\d-]*$/;

/** HL7 v3 data types of the header's attributes, as the ART-DECOR schematron defines them. */
export function isDatatype(value: string, type: Datatype): boolean {
  switch (type) {
    case 'oid':
      return OID.test(value);
    case 'uid':
      return OID.test(value) || UUID.test(value) || RUID.test(value);
    case 'cs':
      return value.length > 0 && !/\s/.test(value);
    case 'st':
      return value.length > 0;
    case 'int':
      return /^[+-]?\d+$/.test(value);
  }
}
