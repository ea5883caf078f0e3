import { isConfidentialitySystem, JDV_J08, metadataCodeProblem } from '../pgssi/metadata';
import { clearHttpHost } from '../pgssi/transport';
import { down, isObject, own, str } from './json/path';
import type { ResourceScope } from './scope';

/**
 * PGSSI-S checks on single FHIR resources, placed on the offending value with the shared tests of `pgssi/`. Checked
 * whether or not the family covers the resource type otherwise (FHIR-RESOURCE-UNCHECKED).
 */

/**
 * Catalogue TRANS-01: an `Endpoint.address` in clear `http://` (loopback addresses aside, shared `clearHttpHost`) — REST
 * calls carrying health data go over TLS. Same rule as the text family's endpoint settings, with a quick fix to https.
 */
export function checkEndpointAddress(scope: ResourceScope): void {
  const address = str(own(scope.resource, 'address'));
  if (address === undefined) return;
  const host = clearHttpHost(address);
  if (!host) return;
  const fixed = 'https://' + address.trim().slice('http://'.length);
  scope.findings.report('PGSSI-HTTP-ENDPOINT', down(scope.root, 'address'), 'value', { key: 'Endpoint.address', host }, { title: { fr: 'Passer en https://', en: 'Use https://' }, newText: JSON.stringify(fixed) });
}

/**
 * Catalogue CONF-02: `DocumentReference.securityLabel` is the FHIR form of the XDS confidentialityCode; its
 * confidentiality and masking codings (HL7 Confidentiality, TRE_A07) come from JDV_J08 (`pgssi/metadata.ts`).
 */
export function checkSecurityLabels(scope: ResourceScope): void {
  const labels = own(scope.resource, 'securityLabel');
  if (!Array.isArray(labels)) return;
  const j08 = scope.doc.nos.valueSet(JDV_J08);
  labels.forEach((label, i) => {
    if (!isObject(label)) return;
    const codings = own(label, 'coding');
    if (!Array.isArray(codings)) return;
    codings.forEach((c, j) => {
      if (!isObject(c) || !isConfidentialitySystem(str(own(c, 'system')))) return;
      const code = str(own(c, 'code'));
      const problem = code === undefined ? undefined : metadataCodeProblem(code, j08);
      if (problem) scope.findings.report('PGSSI-CONF-METADATA-CODE', down(down(down(down(down(scope.root, 'securityLabel'), i), 'coding'), j), 'code'), 'value', problem);
    });
  });
}
