import { nosDate } from './dates';
import type { Include, ValueSetRecord } from './record';
import type { Concept } from './types';

/** FHIR R4 `CodeSystem` and `ValueSet` JSON (also inside a `Bundle`). */

type Json = Record<string, unknown>;

export interface FhirImport {
  records: ValueSetRecord[];
  problems: string[];
}

/** Concept `status` property values that mean the code is no longer to be used. */
const RETIRED_STATUS = /^(deprecated|retired|inactive|obsolete)$/i;

export function importFhir(text: string): FhirImport {
  let doc: unknown;
  try {
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    return { records: [], problems: [`malformed JSON: ${e instanceof Error ? e.message : String(e)}`] };
  }
  const out: FhirImport = { records: [], problems: [] };
  const resources = isJson(doc) && doc.resourceType === 'Bundle'
    ? arr(doc.entry).map((e) => e.resource).filter(isJson)
    : [doc];
  for (const res of resources) {
    if (!isJson(res)) out.problems.push('not a JSON object');
    else if (res.resourceType === 'CodeSystem') out.records.push(codeSystem(res));
    else if (res.resourceType === 'ValueSet') out.records.push(valueSet(res));
    else out.problems.push(`unsupported resourceType ${JSON.stringify(res.resourceType ?? null)} (expected CodeSystem or ValueSet)`);
  }
  return out;
}

function codeSystem(cs: Json): ValueSetRecord {
  const record = header(cs, 'CodeSystem');
  const system = record.oid || record.url || '';
  const walk = (list: Json[]) => {
    for (const c of list) {
      const code = str(c.code);
      if (code) {
        const concept: Concept = { code, system, display: str(c.display) ?? '' };
        if (isRetired(c)) concept.status = 'retired';
        record.concepts.push(concept);
      }
      walk(arr(c.concept));
    }
  };
  walk(arr(cs.concept));
  if (record.oid && record.url) record.systems = [[record.oid, record.url]];
  return record;
}

function valueSet(vs: Json): ValueSetRecord {
  const record = header(vs, 'ValueSet');
  const expansion = isJson(vs.expansion) ? vs.expansion : undefined;
  if (expansion && Array.isArray(expansion.contains)) {
    const walk = (list: Json[]) => {
      for (const c of list) {
        const code = str(c.code);
        if (code && c.abstract !== true) {
          const concept: Concept = { code, system: str(c.system) ?? '', display: str(c.display) ?? '' };
          if (c.inactive === true) concept.status = 'retired';
          record.concepts.push(concept);
        }
        walk(arr(c.contains));
      }
    };
    walk(arr(expansion.contains));
    return record;
  }
  const compose = isJson(vs.compose) ? vs.compose : {};
  const systems = new Map<string, string>();
  const includes: Include[] = [];
  for (const inc of arr(compose.include)) {
    const system = str(inc.system);
    const listed = arr(inc.concept);
    if (listed.length > 0 && system) {
      for (const c of listed) {
        const code = str(c.code);
        if (!code) continue;
        // IG-NOS exports carry the code system OID as a designation of use `OID`.
        const oid = arr(c.designation).find((d) => isJson(d.use) && d.use.code === 'OID');
        const sysOid = oid ? stripOid(str(oid.value)) : undefined;
        if (sysOid) systems.set(sysOid, system);
        record.concepts.push({ code, system: sysOid ?? system, display: str(c.display) ?? '' });
      }
    } else {
      includes.push(include(inc));
    }
  }
  const excludes = arr(compose.exclude).map(include);
  if (includes.length) record.includes = includes;
  if (excludes.length) record.excludes = excludes;
  if (systems.size) record.systems = [...systems];
  return record;
}

function include(inc: Json): Include {
  const out: Include = {};
  const system = str(inc.system);
  if (system) out.system = system;
  const valueSets = arr<unknown>(inc.valueSet).map(str).filter((s): s is string => !!s);
  if (valueSets.length) out.valueSets = valueSets;
  const codes = arr(inc.concept).map((c) => str(c.code)).filter((s): s is string => !!s);
  if (codes.length) out.codes = codes;
  if (arr(inc.filter).length) out.filtered = true;
  return out;
}

function header(res: Json, kind: ValueSetRecord['kind']): ValueSetRecord {
  const oid = arr(res.identifier).map((i) => stripOid(str(i.value))).find(Boolean) ?? '';
  const meta = isJson(res.meta) ? res.meta : {};
  const record: ValueSetRecord = {
    kind,
    name: str(res.name) ?? str(res.id) ?? oid,
    oid,
    url: str(res.url),
    title: str(res.title) ?? str(res.description),
    version: str(res.version),
    date: nosDate(res.date) ?? nosDate(meta.lastUpdated),
    concepts: [],
  };
  if (res.status === 'retired') record.status = 'retired';
  return record;
}

function isRetired(c: Json): boolean {
  for (const p of arr(c.property)) {
    if (p.code === 'status' && RETIRED_STATUS.test(str(p.valueCode) ?? str(p.valueString) ?? '')) return true;
    if ((p.code === 'inactive' || p.code === 'deprecated') && p.valueBoolean === true) return true;
  }
  return false;
}

function stripOid(v: string | undefined): string | undefined {
  if (!v) return undefined;
  const s = v.startsWith('urn:oid:') ? v.slice(8) : v;
  return /^[0-2](\.\d+)+$/.test(s) ? s : undefined;
}

function str(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  return s === '' ? undefined : s;
}

function arr<T = Json>(v: unknown): T[] {
  return Array.isArray(v) ? (v.filter((x) => x !== null && x !== undefined) as T[]) : [];
}

function isJson(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
