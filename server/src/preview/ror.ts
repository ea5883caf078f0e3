/**
 * The FHIR JSON preview (family `ror`): the health offer of a ROR payload as a tree — legal entity → facilities →
 * operational offers → locations and practitioners — with every identifier shown; each FHIR Patient as an identity
 * card (`patient.ts`), and a file of Patients titled as such. Works on one resource, a Bundle, NDJSON lines, and
 * shows a FHIRPath Patch body as its list of operations. Pure: text in, HTML out; resources never link to each
 * other outside the file.
 */
import { getNodeValue, parseTree, type Node, type ParseError } from 'jsonc-parser/lib/esm/main.js';
import type { Finding, Locale } from '../engine/types';
import type { InsTable } from '../pgssi/ins';
import { depthOverflow } from '../ror/json/scan';
import { registerSystem, type IdSystemTable } from '../pgssi/systems';
import type { PreviewBody } from './cda';
import { renderFindings } from './findings';
import { esc, scalarText, sourceAttrs } from './html';
import { renderPatientCard } from './patient';
import { strings, type Strings } from './strings';

type Json = Record<string, any>;

interface Resource {
  type: string;
  id?: string;
  fullUrl?: string;
  json: Json;
  start: number;
  end: number;
}

interface TreeNode {
  res: Resource;
  label: string;
  children: TreeNode[];
  /** A `partOf` reference that names no organisation of this file. */
  unresolvedParent?: string;
}

/**
 * `ins`: the INS arc table (`schemas/pgssi/ins.json`), to name the authority of Patient identifiers; `systems`: the
 * register systems (`schemas/pgssi/systems.json`), to name an identifier that carries no `type` (spelling variants
 * included, as ID-SYSTEM-SPELLING reads them).
 */
export function renderRorBody(text: string, findings: Finding[], locale: Locale, ins?: InsTable, systems?: IdSystemTable): PreviewBody {
  const t = strings(locale);
  const head = renderFindings(findings, locale);
  const resources = readResources(text);
  if (!resources) return { body: `${head}\n<p class="notice">${esc(t.rorNotJson)}</p>`, title: t.ror, ok: false };
  const patch = resources.find((r) => r.type === 'Parameters');
  if (patch && resources.length === 1) return { body: `${head}\n${renderPatch(patch, t)}`, title: t.patch, ok: true };
  if (!resources.length) return { body: `${head}\n<p class="muted">${esc(t.rorEmpty)}</p>`, title: t.ror, ok: true };
  const patients = resources.filter((r) => r.type === 'Patient');
  const rest = resources.filter((r) => r.type !== 'Patient');
  const { roots, others } = buildTree(rest, t);
  const body = [
    head,
    ...patients.map((p) => renderPatientCard(p, t, locale, ins)),
    rest.length ? `<main class="ror">` : '',
    renderTree(roots, rest, t, systems),
    others.length ? `<h2>${esc(t.other)}</h2>\n${renderTree(others, rest, t, systems)}` : '',
    rest.length ? `</main>` : '',
  ]
    .filter(Boolean)
    .join('\n');
  // Patient data (FR Core) rather than a health offer: no resource of the file claims a ROR profile.
  const title = patients.length && !rest.some(claimsRorProfile) ? t.patientTitle : t.ror;
  return { body, title, ok: true };
}

const ROR_PROFILE = 'interop.esante.gouv.fr/ig/fhir/ror/StructureDefinition/';
const claimsRorProfile = (r: Resource) => list(r.json.meta?.profile).some((p) => typeof p === 'string' && p.includes(ROR_PROFILE));

/** Resources with their offsets: one JSON value, a Bundle's entries, or NDJSON lines. Undefined when unreadable. */
function readResources(text: string): Resource[] | undefined {
  const out: Resource[] = [];
  const whole = parseObject(text);
  if (whole) {
    collect(whole, 0, undefined, out);
    return out;
  }
  // NDJSON: one resource per line.
  let offset = 0;
  for (const line of text.split('\n')) {
    if (line.trim()) {
      const node = parseObject(line);
      if (!node) return undefined;
      collect(node, offset, undefined, out);
    }
    offset += line.length + 1;
  }
  return out.length ? out : undefined;
}

function parseObject(text: string): Node | undefined {
  // jsonc's parser recurses: nesting beyond the validator's limit (FHIR-JSON-TOO-DEEP) is unreadable here too.
  if (depthOverflow(text) !== undefined) return undefined;
  const errors: ParseError[] = [];
  const node = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  return node && node.type === 'object' && errors.length === 0 ? node : undefined;
}

function collect(node: Node, base: number, fullUrl: string | undefined, out: Resource[]): void {
  const json = getNodeValue(node) as Json;
  if (typeof json?.resourceType !== 'string') return;
  if (json.resourceType === 'Bundle' && Array.isArray(json.entry)) {
    const entries = node.children?.find((p) => p.children?.[0]?.value === 'entry')?.children?.[1]?.children ?? [];
    for (const entry of entries) {
      const resource = entry.children?.find((p) => p.children?.[0]?.value === 'resource')?.children?.[1];
      const url = (getNodeValue(entry) as Json)?.fullUrl;
      if (resource) collect(resource, base, typeof url === 'string' ? url : undefined, out);
    }
    return;
  }
  out.push({ type: json.resourceType, id: typeof json.id === 'string' ? json.id : undefined, fullUrl, json, start: base + node.offset, end: base + node.offset + node.length });
}

/** Finds the resource a FHIR Reference points at, inside this file only. */
function resolve(ref: unknown, resources: Resource[], types: string[]): Resource | undefined {
  if (!ref || typeof ref !== 'object') return undefined;
  const r = ref as Json;
  if (typeof r.reference === 'string') {
    const s: string = r.reference;
    const byUrl = resources.find((x) => x.fullUrl === s);
    if (byUrl) return byUrl;
    const m = /(?:^|\/)([A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(s);
    if (m) return resources.find((x) => x.type === m[1] && x.id === m[2] && types.includes(x.type));
  }
  const value = r.identifier?.value;
  if (typeof value === 'string') return resources.find((x) => types.includes(x.type) && identifiers(x.json).some((i) => i.value === value));
  return undefined;
}

const list = (v: unknown): any[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const identifiers = (json: Json): Json[] => list(json.identifier).filter((i) => i && typeof i === 'object');

function buildTree(resources: Resource[], t: Strings): { roots: TreeNode[]; others: TreeNode[] } {
  const nodes = new Map<Resource, TreeNode>();
  const parentOf = new Map<Resource, Resource>();
  const node = (res: Resource, label: string) => {
    let n = nodes.get(res);
    if (!n) nodes.set(res, (n = { res, label, children: [] }));
    return n;
  };
  const orgs = resources.filter((r) => r.type === 'Organization');
  for (const o of orgs) {
    const parent = resolve(o.json.partOf, orgs, ['Organization']);
    if (parent && parent !== o && !isAncestor(o, parent, parentOf)) parentOf.set(o, parent);
  }
  const depth = (o: Resource) => {
    let d = 0;
    for (let p = parentOf.get(o); p && d < 10; p = parentOf.get(p)) d++;
    return d;
  };
  for (const o of orgs) {
    const dangling = !!o.json.partOf && !parentOf.has(o);
    const d = depth(o) + (dangling ? 1 : 0);
    const n = node(o, d === 0 ? t.organisation : d === 1 ? t.site : t.internal);
    if (dangling && typeof o.json.partOf.reference === 'string') n.unresolvedParent = o.json.partOf.reference;
  }
  for (const r of resources) {
    if (r.type === 'HealthcareService') {
      node(r, t.service);
      const org = resolve(r.json.providedBy, orgs, ['Organization']);
      if (org) parentOf.set(r, org);
    }
  }
  const services = resources.filter((r) => r.type === 'HealthcareService');
  for (const r of resources) {
    if (r.type === 'Location') {
      node(r, t.location);
      const service = services.find((s) => list(s.json.location).some((ref) => resolve(ref, [r], ['Location']) === r));
      const org = resolve(r.json.managingOrganization, orgs, ['Organization']);
      if (service ?? org) parentOf.set(r, (service ?? org)!);
    } else if (r.type === 'PractitionerRole') {
      node(r, t.role);
      const parent =
        list(r.json.healthcareService).map((ref) => resolve(ref, services, ['HealthcareService'])).find(Boolean) ??
        resolve(r.json.organization, orgs, ['Organization']);
      if (parent) parentOf.set(r, parent);
    }
  }
  const referencedPractitioners = new Set(
    resources.filter((r) => r.type === 'PractitionerRole').map((r) => resolve(r.json.practitioner, resources, ['Practitioner'])),
  );
  const roots: TreeNode[] = [];
  const others: TreeNode[] = [];
  for (const r of resources) {
    if (r.type === 'Practitioner' && referencedPractitioners.has(r)) continue;
    const n = node(r, nodes.get(r)?.label ?? (r.type === 'Practitioner' ? t.practitioner : r.type));
    const parent = parentOf.get(r);
    if (parent) node(parent, nodes.get(parent)?.label ?? parent.type).children.push(n);
    else if (r.type === 'Organization') roots.push(n);
    else others.push(n);
  }
  return { roots, others };
}

function isAncestor(candidate: Resource, of: Resource, parentOf: Map<Resource, Resource>): boolean {
  for (let p: Resource | undefined = of, i = 0; p && i < 1000; p = parentOf.get(p), i++) if (p === candidate) return true;
  return false;
}

/** The tree, iteratively (a long `partOf` chain cannot exhaust the call stack). */
function renderTree(roots: TreeNode[], resources: Resource[], t: Strings, systems: IdSystemTable | undefined): string {
  const out: string[] = [];
  const stack: (TreeNode | string)[] = [];
  for (let i = roots.length - 1; i >= 0; i--) stack.push(roots[i]);
  while (stack.length) {
    const item = stack.pop()!;
    if (typeof item === 'string') {
      out.push(item);
      continue;
    }
    out.push(nodeHead(item, resources, t, systems));
    stack.push('</div></div>');
    for (let i = item.children.length - 1; i >= 0; i--) stack.push(item.children[i]);
  }
  return out.join('\n');
}

function nodeHead(n: TreeNode, resources: Resource[], t: Strings, systems: IdSystemTable | undefined): string {
  const { res } = n;
  const j = res.json;
  const kind = res.type.toLowerCase();
  const facts: string[] = [];
  for (const c of [...list(j.type), ...list(j.category), ...list(j.specialty), ...list(j.code)]) {
    const label = codeableLabel(c);
    if (label) facts.push(label);
  }
  const address = list(j.address)[0];
  if (address && typeof address === 'object') {
    const a = [list(address.line).filter((l) => typeof l === 'string').join(', '), [address.postalCode, address.city].filter((x) => typeof x === 'string').join(' ')].filter(Boolean).join(', ');
    if (a) facts.push(a);
  }
  const unresolved = n.unresolvedParent;
  const practitioner = res.type === 'PractitionerRole' ? resolve(j.practitioner, resources, ['Practitioner']) : undefined;
  const ids = [...identifiers(j), ...(practitioner ? identifiers(practitioner.json) : [])].map((i) => `<li>${esc(identifierLabel(i, systems))}${t.colon} <code>${esc(scalarText(i.value))}</code>${scalarText(i.system) ? ` <span class="muted">${esc(scalarText(i.system))}</span>` : ''}</li>`);
  return `<div class="node node-${esc(kind)}"${sourceAttrs(res.start, res.end)}><div class="node-head"><span class="kind">${esc(n.label)}</span> <strong>${esc(displayName(res, resources))}</strong> <span class="muted">${esc(res.type)}${res.id ? '/' + esc(res.id) : ''}</span></div>
${facts.length ? `<div class="facts">${facts.map(esc).join(' · ')}</div>` : ''}${ids.length ? `<ul class="ids" aria-label="${esc(t.identifiers)}">${ids.join('')}</ul>` : ''}${
    unresolved ? `<div class="muted">partOf <code>${esc(unresolved)}</code>${t.colon} ${esc(t.unresolved)}</div>` : ''
  }<div class="node-children">`;
}

function displayName(res: Resource, resources: Resource[]): string {
  const j = res.json;
  if (typeof j.name === 'string') return j.name;
  if (res.type === 'Practitioner') return humanName(j.name);
  if (res.type === 'PractitionerRole') {
    const who = resolve(j.practitioner, resources, ['Practitioner']);
    return (who ? humanName(who.json.name) : roleName(j)) || (codeableLabel(list(j.code)[0]) ?? '');
  }
  return '';
}

function humanName(names: unknown): string {
  const n = list(names)[0];
  if (!n || typeof n !== 'object') return '';
  if (typeof n.text === 'string') return n.text;
  return [...list(n.prefix), ...list(n.given), n.family].filter((x) => typeof x === 'string').join(' ');
}

/** The ROR's own name extension of a PractitionerRole (exercise name), when no Practitioner is in the file. */
function roleName(j: Json): string {
  const ext = list(j.extension).find((e) => typeof e?.url === 'string' && e.url.endsWith('ror-practitionerrole-name'));
  if (!ext) return '';
  const part = (name: string) => list(ext.extension).find((e) => e?.url === name)?.valueString;
  return [part('exerciseFirstName'), part('exerciseLastName')].filter((x) => typeof x === 'string').join(' ');
}

function codeableLabel(c: unknown): string | undefined {
  if (!c || typeof c !== 'object') return undefined;
  const cc = c as Json;
  const coding = list(cc.coding)[0];
  const label = coding?.display ?? cc.text ?? coding?.code;
  return typeof label === 'string' ? label : undefined;
}

/** An identifier's type, else the name of the register its system designates (shared systems table), else `identifier`. */
function identifierLabel(i: Json, systems: IdSystemTable | undefined): string {
  return codeableLabel(i.type) ?? (typeof i.system === 'string' && systems ? registerSystem(i.system, systems)?.name : undefined) ?? 'identifier';
}

function renderPatch(res: Resource, t: Strings): string {
  const rows = list(res.json.parameter)
    .filter((p) => p?.name === 'operation')
    .map((op) => {
      const part = (name: string) => list(op.part).find((p) => p?.name === name);
      const str = (name: string) => {
        const p = part(name);
        return p ? scalarText(p.valueString ?? p.valueCode) : '';
      };
      const value = part('value');
      const shown = value ? JSON.stringify(Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'name'))).slice(0, 400) : '';
      return `<tr><td><code>${esc(str('type'))}</code></td><td><code>${esc(str('path'))}</code></td><td>${esc(str('name'))}</td><td><code>${esc(shown)}</code></td></tr>`;
    });
  return `<main class="ror"><h2${sourceAttrs(res.start, res.end)}>${esc(t.patch)}</h2>
<div class="table-wrap"><table><thead><tr><th>${esc(t.operation)}</th><th>${esc(t.path)}</th><th>name</th><th>${esc(t.value)}</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></div></main>`;
}
