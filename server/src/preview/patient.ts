/**
 * The identity card of a FHIR Patient (FR Core) in the FHIR JSON preview: official (birth) name with the birth first
 * names, other names, sex, birth date and place (INSEE code), INS identifiers with their authority, other identifiers,
 * identity status (FR Core identity reliability), claimed profiles, general practitioner. Identifiers are shown as
 * written: the file is the user's own and the preview stays local. Pure; everything the file supplies is escaped.
 */
import type { Locale } from '../engine/types';
import { withoutUrnOid } from '../nos/names';
import { classifyInsRoot, type InsFhirTraits, type InsTable } from '../pgssi/ins';
import { FR_CORE_IDENTITY_RELIABILITY, isCanonical } from '../ror/fr-core';
import { formatTs } from './hl7';
import { esc, scalarText, sourceAttrs } from './html';
import type { Strings } from './strings';

type Json = Record<string, any>;

export interface PatientResource {
  json: Json;
  start: number;
  end: number;
}


const list = (v: unknown): any[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const objects = (v: unknown): Json[] => list(v).filter((x) => x !== null && typeof x === 'object' && !Array.isArray(x));
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
/** The first extension of `holder` with the canonical `url` (an FR Core canonical also in http, as some senders write it). */
const extension = (holder: unknown, url: string | undefined): Json | undefined =>
  url !== undefined && holder && typeof holder === 'object' ? objects((holder as Json).extension).find((e) => isCanonical(e.url, url)) : undefined;

export function patientName(json: Json): string {
  const names = objects(json.name);
  const n = names.find((x) => x.use === 'official') ?? names[0];
  return n ? nameText(n) : '';
}

function nameText(n: Json): string {
  if (typeof n.text === 'string' && !n.family && !n.given) return n.text;
  return [n.family, ...list(n.given)].filter((x) => typeof x === 'string').join(' ');
}

export function renderPatientCard(res: PatientResource, t: Strings, locale: Locale, ins: InsTable | undefined): string {
  const j = res.json;
  const rows: [string, string][] = [];
  const names = objects(j.name);
  const official = names.find((n) => n.use === 'official');
  // The INS traits' extension URLs are those the INS checks read (`schemas/pgssi/ins.json` → `fhirTraits`).
  const traits = ins?.fhirTraits;
  if (official) {
    const birthList = text(extension(official, traits?.birthListGivenName)?.valueString);
    rows.push([t.birthName, `<strong>${esc(nameText(official) || '—')}</strong>${birthList ? ` · ${esc(t.birthGivenNames)}${t.colon} ${esc(birthList)}` : ''}`]);
  } else rows.push([t.birthName, missing(t)]);
  const others = names.filter((n) => n !== official).map((n) => `${esc(nameText(n) || '—')}${typeof n.use === 'string' ? ` <span class="muted">(${esc(n.use)})</span>` : ''}`);
  if (others.length) rows.push([t.otherNames, others.join(' ; ')]);
  rows.push([t.gender, typeof j.gender === 'string' ? `${esc(label(t.genders, j.gender))} <code>${esc(j.gender)}</code>` : missing(t)]);
  rows.push([t.birthDate, typeof j.birthDate === 'string' ? esc(formatTs(j.birthDate.replace(/-/g, ''), locale)) : missing(t)]);
  rows.push([t.birthPlace, birthPlace(j, traits) || missing(t)]);
  const { insIds, otherIds } = identifiers(j, t, ins);
  rows.push([t.ins, insIds.length ? insIds.join('<br>') : `<span class="muted">${esc(t.noIns)}</span>`]);
  if (otherIds.length) rows.push([t.otherIds, otherIds.join('<br>')]);
  rows.push([t.identityStatus, identityStatus(j, t, locale) || missing(t)]);
  const profiles = list(j.meta?.profile).filter((p): p is string => typeof p === 'string');
  if (profiles.length) rows.push([t.profile, profiles.map((p) => `<code>${esc(p)}</code>`).join('<br>')]);
  const gp = objects(j.generalPractitioner).map(reference).filter(Boolean);
  if (gp.length) rows.push([t.generalPractitioner, gp.join('<br>')]);
  const heading = patientName(j) || t.patient;
  return `<header class="card patient"${sourceAttrs(res.start, res.end)}>
<h1>${esc(heading)} <span class="muted">Patient${typeof j.id === 'string' ? '/' + esc(j.id) : ''}</span></h1>
<dl>
${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('\n')}
</dl>
</header>`;
}

const missing = (t: Strings) => `<span class="muted">${esc(t.missing)}</span>`;

function label(labels: Record<string, string>, code: string): string {
  return Object.hasOwn(labels, code) ? labels[code] : code;
}

function birthPlace(j: Json, traits: InsFhirTraits | undefined): string {
  const address = extension(j, traits?.birthPlace)?.valueAddress;
  if (!address || typeof address !== 'object') return '';
  const code = [address, address._city].map((h) => extension(h, traits?.inseeCode)).find(Boolean);
  const insee = text(code?.valueCoding?.code) ?? text(code?.valueCode) ?? text(code?.valueString);
  const place = [text(address.city), text(address.district), text(address.country)].filter(Boolean).join(', ');
  return [place ? esc(place) : '', insee ? `<span class="muted">INSEE</span> <code>${esc(insee)}</code>` : ''].filter(Boolean).join(' · ');
}

function identifiers(j: Json, t: Strings, ins: InsTable | undefined): { insIds: string[]; otherIds: string[] } {
  const insIds: string[] = [];
  const otherIds: string[] = [];
  for (const id of objects(j.identifier)) {
    const system = text(id.system) ?? '';
    const value = `<code>${esc(scalarText(id.value))}</code>`;
    const use = typeof id.use === 'string' ? ` <span class="muted">${esc(t.use)} ${esc(id.use)}</span>` : '';
    const root = withoutUrnOid(system);
    const reading = ins ? classifyInsRoot(root, ins) : undefined;
    if (reading) {
      const name = 'name' in reading ? reading.name : t.ins;
      insIds.push(`${esc(name)} ${value}${use} <span class="badge ins-${reading.status}">${esc(t.insStatus[reading.status])}</span>`);
    } else {
      const type = objects(id.type?.coding)[0];
      const kind = text(type?.display) ?? text(id.type?.text) ?? text(type?.code);
      otherIds.push(`${kind ? `${esc(kind)}${t.colon} ` : ''}${value}${use}${system ? ` <span class="muted">${esc(system)}</span>` : ''}`);
    }
  }
  return { insIds, otherIds };
}

function identityStatus(j: Json, t: Strings, locale: Locale): string {
  const reliability = extension(j, FR_CORE_IDENTITY_RELIABILITY);
  if (!reliability) return '';
  const sub = (name: string) => objects(reliability.extension).find((e) => e.url === name);
  const status = sub('identityStatus');
  const coding = status?.valueCoding ?? objects(status?.valueCodeableConcept?.coding)[0];
  const code = text(coding?.code);
  if (!code) return '';
  const date = text(sub('validationDate')?.valueDate);
  const shown = Object.hasOwn(t.identityStatuses, code) ? t.identityStatuses[code as keyof Strings['identityStatuses']] : (text(coding?.display) ?? '');
  return `${esc(shown)} <code>${esc(code)}</code>${date ? ` · ${esc(t.validatedOn)} ${esc(formatTs(date.replace(/-/g, ''), locale))}` : ''}`;
}

function reference(r: Json): string {
  const display = text(r.display);
  const ref = text(r.reference);
  const id = r.identifier && typeof r.identifier === 'object' ? (r.identifier as Json) : undefined;
  const parts = [display ? esc(display) : '', ref ? `<code>${esc(ref)}</code>` : '', id ? `<code>${esc(scalarText(id.value))}</code>${text(id.system) ? ` <span class="muted">${esc(id.system)}</span>` : ''}` : ''];
  return parts.filter(Boolean).join(' ');
}
