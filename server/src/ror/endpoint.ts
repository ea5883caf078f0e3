import { clearHttpHost } from '../pgssi/transport';
import { down, own, str } from './json/path';
import type { ResourceScope } from './scope';

/**
 * Catalogue TRANS-01 on FHIR: an `Endpoint.address` in clear `http://` (loopback addresses aside, shared
 * `clearHttpHost`) — REST calls carrying health data go over TLS. Same rule as the text family's endpoint settings,
 * with a quick fix to `https://`. Checked whether or not the family covers the Endpoint type otherwise.
 */
export function checkEndpointAddress(scope: ResourceScope): void {
  const address = str(own(scope.resource, 'address'));
  if (address === undefined) return;
  const host = clearHttpHost(address);
  if (!host) return;
  const fixed = 'https://' + address.trim().slice('http://'.length);
  scope.findings.report('PGSSI-HTTP-ENDPOINT', down(scope.root, 'address'), 'value', { key: 'Endpoint.address', host }, { title: { fr: 'Passer en https://', en: 'Use https://' }, newText: JSON.stringify(fixed) });
}
