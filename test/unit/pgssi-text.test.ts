import { describe, expect, it } from 'vitest';
import { createEngine, type EngineSettings, type Finding } from '../../server/src/engine';
import { nodeDataSource } from '../../server/src/engine/data';
import { findSecrets, loadPgssiTables, scanAssignments } from '../../server/src/pgssi';
import { buildRunReport, toJson, toJunit, toSarif, toText } from '../../server/src/report/model';
import { toHtml } from '../../server/src/report/html';
import { matchesTextGlobs } from '../../server/src/text/detect';
import { coveredText, readRepoFile } from '../helpers';

const GLOBS = ['.env*', '*.properties', '*.conf', 'config/**/*.yaml', '*.json'];

function engineWith(settings: Partial<EngineSettings> = {}) {
  return createEngine({ settings: { textGlobs: GLOBS, ...settings } });
}

const en = engineWith();
const check = (text: string, path = '/projet/.env', e = en): Finding[] => e.validate(text, path).diagnostics;
const rules = (text: string, path?: string, e = en) => check(text, path, e).map((f) => f.rule);

describe('text family detection', () => {
  it('claims opted-in paths, absolute or relative, with either separator', () => {
    expect(en.detect('A=1', '/home/u/projet/.env')).toBe('text');
    expect(en.detect('A=1', '.env.production')).toBe('text');
    expect(en.detect('a=1', 'C:\\projet\\src\\main\\application.properties')).toBe('text');
    expect(en.detect('a: 1', '/srv/app/config/psc/client.yaml')).toBe('text');
    expect(en.detect('a: 1', '/srv/app/other/client.yaml')).toBe('unknown');
    expect(en.detect('a=1', '/projet/notes.txt')).toBe('unknown');
    expect(createEngine().detect('A=1', '/projet/.env')).toBe('unknown');
  });

  it('leaves files other families claim to them, and stays last', () => {
    const all = engineWith({ textGlobs: ['*.xml', '*.yaml'] });
    expect(all.detect(readRepoFile('test/fixtures/cda/base-unstructured.xml'), '/p/doc.xml')).toBe('cda');
    expect(all.detect(readRepoFile('test/fixtures/service-sheet/base.yaml'), '/p/fiche.yaml')).toBe('service-sheet');
  });

  it('takes a file that opts itself in with the marker, whatever its path', () => {
    expect(createEngine().detect('# interop-sante: text\nA=1')).toBe('text');
    expect(createEngine().detect('A=1\n' + ' '.repeat(600) + '# interop-sante: text')).toBe('unknown');
  });

  it('matches globs without folders on the file name only', () => {
    expect(matchesTextGlobs('/a/b/app.properties', ['*.properties'])).toBe(true);
    expect(matchesTextGlobs('/a/config/x/y.yaml', ['config/**/*.yaml'])).toBe(true);
    expect(matchesTextGlobs('/a/configs/y.yaml', ['config/**/*.yaml'])).toBe(false);
  });
});

const SECRETS = {
  pscSecret: '8f4e2c9a71d34b0e9c1fA7',
  dbPassword: 'Tr3s-S3cret!2024',
  apiKey: '3f2b8c1e-9a4d-4e7f-b6c5-0d1e2f3a4b5c',
  jwt: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiI4MTAwMDI5MDkzNzEiLCJhdWQiOiJkbXAifQ.U2lnbmF0dXJlRmljdGl2ZQ',
  basic: 'Y29ubmVjdGV1cjpNb3REZVBhc3NlMjAyNA==',
  urlPassword: 'Pa55w0rdDansUrl',
  commented: 'ancienMotDePasse42',
  pemBody: 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7Fictive',
};

const ENV_FILE = `# Connecteur (valeurs fictives)
PSC_CLIENT_SECRET=${SECRETS.pscSecret}
DB_PASSWORD="${SECRETS.dbPassword}"
ESANTE-API-KEY: ${SECRETS.apiKey}
ACCESS_TOKEN=${SECRETS.jwt}
AUTH_HEADER="Authorization: Basic ${SECRETS.basic}"
DATABASE_URL=postgres://connecteur:${SECRETS.urlPassword}@db.example-sante.fr:5432/dpi
# DB_PASSWORD=${SECRETS.commented}
TLS_KEY="-----BEGIN RSA PRIVATE KEY-----
${SECRETS.pemBody}
-----END RSA PRIVATE KEY-----"
PSC_CLIENT_ID=logiciel-cabinet
KEYSTORE_PASSWORD=\${KEYSTORE_PASSWORD}
API_KEY=<votre-cle>
ADMIN_PASSWORD=
PASSWORD_FILE=/run/secrets/db_password
`;

describe('secrets', () => {
  const fr = check(ENV_FILE);

  it('finds every kind, once each', () => {
    expect(fr.map((f) => f.rule)).toEqual([
      'PGSSI-SECRET-CREDENTIAL',
      'PGSSI-SECRET-CREDENTIAL',
      'PGSSI-SECRET-CREDENTIAL',
      'PGSSI-SECRET-TOKEN',
      'PGSSI-SECRET-TOKEN',
      'PGSSI-SECRET-CREDENTIAL',
      'PGSSI-SECRET-CREDENTIAL',
      'PGSSI-SECRET-PRIVATE-KEY',
    ]);
    expect(fr.every((f) => f.severity === 'error')).toBe(true);
    expect(fr[fr.length - 1].range.end.line - fr[fr.length - 1].range.start.line).toBe(2);
  });

  it('never echoes a secret: not in findings, fixes, messages in either language, nor any report', () => {
    const enFindings = check(ENV_FILE, '/projet/.env', engineWith({ locale: 'en' }));
    const run = buildRunReport([{ path: '.env', family: 'text', diagnostics: enFindings }]);
    const outputs = [
      JSON.stringify(fr),
      JSON.stringify(enFindings),
      toJson(run),
      toText(run),
      toJunit(run),
      toSarif(run, en.registry.all(), 'test', 'en'),
      toHtml(run, en.registry.all(), 'fr', new Date(0)),
    ];
    for (const out of outputs) {
      for (const [name, secret] of Object.entries(SECRETS)) expect(out.includes(secret), name).toBe(false);
    }
  });

  it('shows at most the last 4 characters', () => {
    expect(fr[0].data).toMatchObject({ what: 'PSC_CLIENT_SECRET', masked: '****A7'.replace('A7', SECRETS.pscSecret.slice(-4)) });
    expect(fr[0].message).toContain(`****${SECRETS.pscSecret.slice(-4)}`);
  });

  it('offers to replace a setting by an environment placeholder', () => {
    expect(fr[0].fixes?.[0].title).toBe('Remplacer par la variable d’environnement ${PSC_CLIENT_SECRET}');
    expect(fr[0].fixes?.[0].edits[0].newText).toBe('${PSC_CLIENT_SECRET}');
  });

  it('reads JSON, YAML and XML settings', () => {
    const tables = loadPgssiTables(nodeDataSource())!;
    const json = `{"psc": {"clientId": "x", "clientSecret": "${SECRETS.pscSecret}"}, "apiKey": "\${API_KEY}"}`;
    expect(findSecrets(json, tables.secrets).map((h) => h.key)).toEqual(['clientSecret']);
    const yaml = `psc:\n  client:\n    secret: '${SECRETS.pscSecret}'\n    id: portail\n`;
    expect(findSecrets(yaml, tables.secrets).map((h) => h.kind)).toEqual(['setting']);
    const xml = `<datasource user="dpi" password="${SECRETS.dbPassword}" url="jdbc:postgresql://db/dpi"/>`;
    expect(findSecrets(xml, tables.secrets).map((h) => h.key)).toEqual(['password']);
  });
});

describe('scanner', () => {
  it('tracks YAML and pretty-printed JSON sections', () => {
    const yaml = 'psc:\n  prod:\n    issuer: https://a\n  bas:\n    issuer: https://b\nother: 1\n';
    expect(scanAssignments(yaml).map((a) => [a.parents.join('.'), a.key, a.value])).toEqual([
      ['psc.prod', 'issuer', 'https://a'],
      ['psc.bas', 'issuer', 'https://b'],
      ['', 'other', '1'],
    ]);
    const json = '{\n  "tls": {\n    "minVersion": "TLSv1.1"\n  },\n  "port": 443\n}\n';
    expect(scanAssignments(json).map((a) => [a.parents.join('.'), a.key])).toEqual([
      ['tls', 'minVersion'],
      ['', 'port'],
    ]);
  });

  it('never throws and stays linear on hostile input', () => {
    const hostile = [
      'a='.repeat(200_000),
      '"'.repeat(300_000),
      'x: '.repeat(100_000) + '\n',
      ('http://' + 'a'.repeat(50) + ' ').repeat(20_000),
      'curl '.repeat(50_000) + '\n',
      'Bearer '.repeat(100_000),
      '{'.repeat(100_000) + '}'.repeat(100_000),
      '-----BEGIN PRIVATE KEY-----'.repeat(20_000),
      Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 256)).toString('latin1'),
      Array.from({ length: 2_000 }, (_, i) => ' '.repeat(i) + 'k:\n' + ' '.repeat(i + 1) + 'v: 1').join('\n'),
      '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000),
      'curl' + ' -k'.repeat(100_000) + '\n',
      'x = { rejectUnauthorized: false, '.repeat(30_000),
      'https://auth.bas.psc.esante.gouv.fr/a '.repeat(30_000),
      // Unclosed XML tags: each start tag must not rescan the rest of the text (signature, XDS metadata).
      '<ds:SignatureMethod Algorithm="'.repeat(30_000),
      'http://www.w3.org/2000/09/xmldsig# ' + '<ds:Signature '.repeat(30_000),
      'urn:uuid:f4f85eac-e6cb-4883-b524-f2705394840f ' + '<rim:Classification '.repeat(30_000),
    ];
    const started = performance.now();
    for (const text of hostile) expect(() => check(text)).not.toThrow();
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('transport', () => {
  it('flags clear HTTP endpoints, not loopback nor identifier URIs', () => {
    const fhir = JSON.stringify({
      resourceType: 'Endpoint',
      address: 'http://fhir.example-sante.fr/R4',
      url: 'http://hl7.org/fhir/StructureDefinition/Endpoint',
      system: 'http://loinc.org',
      callbackUrl: 'http://localhost:3000/cb',
    });
    const found = check(fhir, '/p/endpoint.json').filter((f) => f.rule === 'PGSSI-HTTP-ENDPOINT');
    expect(found.map((f) => f.data?.host)).toEqual(['fhir.example-sante.fr']);
    expect(rules('$schema=http://json-schema.org/draft-07/schema#\nxmlns=http://www.w3.org/1999/xhtml\n')).toEqual([]);
  });

  it('flags TLS below 1.2 in the usual configuration syntaxes', () => {
    const cases: [string, string, string | undefined][] = [
      ['/p/a.conf', 'SSLProtocol all -SSLv3\n', 'all'],
      ['/p/a.conf', 'SSLProtocol all -SSLv3 -TLSv1 -TLSv1.1\n', undefined],
      ['/p/a.conf', 'SSLProtocol -all +TLSv1.2 +TLSv1.3\n', undefined],
      ['/p/a.conf', 'ssl_protocols TLSv1.2 TLSv1.3;\n', undefined],
      ['/p/a.json', '{ "https": { "minVersion": "TLSv1" } }', 'TLSv1'],
      ['/p/.env', 'jdk.tls.client.protocols=TLSv1,TLSv1.2\n', 'TLSv1'],
      ['/p/a.conf', 'tlsConfig := &tls.Config{\n  MinVersion: tls.VersionTLS10,\n}\n', 'tls.VersionTLS10'],
      ['/p/server.properties', '<Connector port="8443" sslEnabledProtocols="TLSv1.1,TLSv1.2" />\n', 'TLSv1.1'],
      ['/p/a.conf', 'secureProtocol: TLSv1_method\n', 'TLSv1_method'],
      ['/p/config/app.yaml', 'version: 1.1\nservices: {}\n', undefined],
      ['/p/config/app.yaml', 'android:\n  min_version: "1.0"\n', undefined],
      ['/p/.env', 'TLS_MIN_VERSION=1.1\n', '1.1'],
    ];
    for (const [path, text, token] of cases) {
      const found = check(text, path).filter((f) => f.rule === 'PGSSI-TLS-VERSION');
      expect(found.map((f) => f.data?.found.toString().split(', ')[0]), text).toEqual(token ? [token] : []);
    }
  });

  it('flags certificate verification turned off', () => {
    const on = [
      'NODE_TLS_REJECT_UNAUTHORIZED=0',
      'curl -s -k https://gateway.api.esante.gouv.fr/fhir/v1/Practitioner',
      'r = requests.get(url, verify=False)',
      'OIDCSSLValidateServer Off',
      'const agent = new https.Agent({ rejectUnauthorized: false });',
      'git.http.sslVerify=false',
    ];
    for (const line of on) expect(rules(line + '\n', '/p/a.conf'), line).toEqual(['PGSSI-TLS-VERIFY-DISABLED']);
    const off = ['verify: false', 'NODE_TLS_REJECT_UNAUTHORIZED=1', '# curl -k https://exemple', 'cert_check: on'];
    for (const line of off) expect(rules(line + '\n', '/p/a.conf'), line).toEqual([]);
    expect(check('curl -u admin -k https://h\n', '/p/a.conf')[0].data).toEqual({ found: '-k' });
  });
});

describe('Pro Santé Connect', () => {
  const ans = readRepoFile('test/fixtures/pgssi/app.properties');

  it('sandbox hosts are fine in a recette file, errors once production is set', () => {
    expect(rules(ans, '/p/app.properties').filter((r) => r.startsWith('PGSSI-PSC'))).toEqual([]);
    const prod = check(ans, '/p/app.properties', engineWith({ production: true })).filter((f) => f.rule.startsWith('PGSSI-PSC'));
    expect(prod.map((f) => f.rule)).toEqual(Array(3).fill('PGSSI-PSC-SANDBOX-IN-PRODUCTION'));
    expect(prod[0].message).toContain('le moteur est en mode production');
  });

  it('reads the environment from keys and YAML sections, as in a multi-environment file', () => {
    const multi = [
      'psc.bas.issuer.url=https://auth.bas.psc.esante.gouv.fr/auth/realms/esante-wallet',
      'psc.prod.issuer.url=https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet',
      'psc.prod.backauth.url=https://auth.bas.psc.esante.gouv.fr/auth/realms/esante-wallet/protocol/openid-connect/ext/ciba/auth',
    ].join('\n');
    const found = check(multi, '/p/psc.properties', engineWith({ production: true })).filter((f) => f.rule.startsWith('PGSSI-PSC'));
    expect(found.map((f) => [f.rule, f.range.start.line])).toEqual([['PGSSI-PSC-SANDBOX-IN-PRODUCTION', 2]]);
    const yaml = 'psc:\n  sandbox:\n    issuer: https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet\n';
    expect(rules(yaml, '/p/config/psc.yaml')).toEqual(['PGSSI-PSC-ENV-INCONSISTENT']);
  });
});

describe('authentication and personal data', () => {
  it('password-only authentication, unless a strong means appears', () => {
    expect(rules('auth:\n  method: basic\n', '/p/config/a.yaml')).toEqual(['PGSSI-AUTH-PASSWORD-ONLY']);
    expect(rules('auth:\n  method: basic\n  second_factor: totp\n', '/p/config/a.yaml')).toEqual([]);
    expect(rules('spring.security.oauth2.client.registration.dpi.authorization-grant-type=password\n', '/p/a.properties')).toEqual(['PGSSI-AUTH-PASSWORD-ONLY']);
  });

  it('a NIR with a valid key, spaced or not, masked in the finding', () => {
    const found = check('patients:\n  - nir: 186022A21532523\n  - nir: 2 95 10 99 126 111 93\n  - nir: 186022A21532524\n', '/p/config/p.yaml');
    // the third one, under a key named nir, has a wrong key: INS-NIR-KEY, with the keys only
    expect(found.map((f) => f.rule)).toEqual(['PGSSI-NIR-IN-TEXT', 'PGSSI-NIR-IN-TEXT', 'INS-NIR-KEY']);
    expect(JSON.stringify(found).includes('186022A21532523')).toBe(false);
    expect(JSON.stringify(found).includes('186022A21532524')).toBe(false);
    expect(found[0].data).toEqual({ masked: '****523' });
    expect(found[2].data).toEqual({ name: 'NIR', found: '24', expected: '23' });
  });
});

describe('register numbers in settings (ID-04 to ID-06, INS-04)', () => {
  it('settings named after a register: format and key, on the value', () => {
    const text = 'cabinet.finess=750712185\nCABINET_SIRET="732 829 320 00075"\nps:\n  rpps: 1000517314\nsiren_du_porteur=732829320\nidNatPs=910005173140\n';
    const found = check(text, '/p/app.properties');
    expect(found.map((f) => [f.rule, coveredText(text, f)])).toEqual([
      ['ID-FINESS-KEY', '750712185'],
      ['ID-SIRET-KEY', '732 829 320 00075'],
      ['ID-REGISTER-FORMAT', '1000517314'],
      ['ID-PS-PREFIX', '910005173140'],
    ]);
    expect(found.every((f) => f.severity === 'warning')).toBe(true);
  });

  it('other settings, placeholders, short numbers and commented lines are left alone', () => {
    expect(rules('finess_url=https://finess.esante.gouv.fr\nsiret=${SIRET}\nsiren_count=3\n# siret=73282932000075\nsiretization=12345678\n', '/p/app.properties')).toEqual([]);
  });
});


describe('OpenID Connect settings (AUTH-02, AUTH-04)', () => {
  const PSC = 'psc.issuer=https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet\n';

  it('acr_values other than eidas1, in a file that talks to Pro Santé Connect only', () => {
    const text = `${PSC}psc.acr_values=eidas1 eidas3\n`;
    const f = check(text, '/p/app.properties').filter((x) => x.rule === 'PGSSI-PSC-ACR');
    expect(f.map((x) => [x.severity, coveredText(text, x)])).toEqual([['warning', 'eidas1 eidas3']]);
    expect(rules(`${PSC}acr_values=eidas1\n`, '/p/app.properties')).toEqual([]);
    expect(rules('oidc.acr_values=urn:mace:incommon:iap:silver\n', '/p/app.properties')).toEqual([]);
    expect(rules('prosanteconnect:\n  acr: eidas2\n', '/p/config/a.yaml')).toEqual(['PGSSI-PSC-ACR']);
  });

  it('PKCE plain', () => {
    expect(rules('spring.security.oauth2.client.registration.psc.code-challenge-method=plain\n', '/p/a.properties')).toEqual(['PGSSI-PKCE-PLAIN']);
    expect(rules('code_challenge_method=S256\n', '/p/a.properties')).toEqual([]);
  });

  it('access-token lifetimes over 4 h, whatever the unit; other tokens and placeholders aside', () => {
    const over = (line: string) => rules(`${line}\n`, '/p/a.properties');
    for (const line of ['accessTokenLifespan=36000', 'access_token_ttl_minutes=600', 'access-token-time-to-live=PT8H', 'oauth.token.expiration=1d', 'token_validity_ms=86400000']) {
      expect(over(line), line).toEqual(['PGSSI-TOKEN-LIFETIME']);
    }
    for (const line of ['accessTokenLifespan=14400', 'refresh_token_ttl=2592000', 'id_token_lifetime=86400', 'session_token_ttl=86400', 'access_token_ttl=${TTL}', 'token_endpoint=https://x.example.fr/token']) {
      expect(over(line), line).toEqual([]);
    }
    const f = check('accessTokenLifespan=36000\n', '/p/a.properties')[0];
    expect([f.severity, f.data]).toEqual(['information', { key: 'accessTokenLifespan', found: '36000', duration: '10 h', max: '4 h' }]);
    const huge = check(`accessTokenLifespan=${'9'.repeat(400)}\n`, '/p/a.properties')[0];
    expect(huge.data?.duration).toBe('∞ h');
  });
});

describe('weak cipher suites (TRANS-03)', () => {
  it('enabled weak or static-RSA suites: one warning per setting, on the first; exclusions and strong lists pass', () => {
    const text = 'SSLCipherSuite HIGH:!aNULL:!MD5:EXP-RC4-MD5:ADH-AES256-SHA\n';
    const f = check(text, '/p/httpd.conf');
    expect(f.map((x) => [x.rule, x.severity, coveredText(text, x)])).toEqual([['PGSSI-TLS-WEAK-CIPHER', 'warning', 'EXP-RC4-MD5']]);
    expect(f[0].data).toEqual({ key: 'SSLCipherSuite', found: 'EXP-RC4-MD5, ADH-AES256-SHA' });
    expect(rules('ssl_ciphers ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:!aNULL:!eNULL:!EXPORT:!DES:!RC4:!MD5;\n', '/p/site.conf')).toEqual([]);
    expect(rules('tls:\n  cipher_suites: [TLS_AES_128_GCM_SHA256, TLS_CHACHA20_POLY1305_SHA256]\n', '/p/config/t.yaml')).toEqual([]);
    expect(rules('# ssl_ciphers RC4-SHA;\n', '/p/site.conf')).toEqual([]);
  });
});

describe('TLS 1.3 recommended (TRANS-02)', () => {
  it('a protocol list with 1.2 and without 1.3: information on 1.2; minimum versions and lists with 1.3 or all pass', () => {
    const text = 'ssl_protocols TLSv1.1 TLSv1.2;\n';
    expect(check(text, '/p/site.conf').map((f) => [f.rule, f.severity, coveredText(text, f)])).toEqual([
      ['PGSSI-TLS-VERSION', 'error', 'TLSv1.1'],
      ['PGSSI-TLS-13-ABSENT', 'information', 'TLSv1.2'],
    ]);
    expect(rules('jdk.tls.client.protocols=TLSv1.2,TLSv1.3\n', '/p/a.properties')).toEqual([]);
    expect(rules('tls:\n  min_version: "1.2"\n', '/p/config/t.yaml')).toEqual([]);
    expect(rules('SSLProtocol all -SSLv3 -TLSv1 -TLSv1.1\n', '/p/httpd.conf')).toEqual([]);
  });
});

describe('PGSSI-S section of the conformity report', () => {
  const finding = (rule: string): Finding => ({ rule, severity: 'error', message: rule, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } });
  const section = (rules: string[]) => {
    const run = buildRunReport([{ path: 'a', family: 'cda', diagnostics: rules.map(finding) }]);
    const html = toHtml(run, en.registry.all(), 'en', new Date(0));
    const start = html.indexOf('Security and identity (PGSSI-S, INS, identifiers)');
    return html.slice(start, html.indexOf('<h2', start + 10));
  };

  it('lists the security and identity rules kept in other tables (INS traits, sheet secrets, ROR register keys)', () => {
    const s = section(['CDA-HDR-INS-TRAITS', 'FICHE-PGSSI-SECRET', 'ROR-IDENTIFIER-KEY', 'INS-NIR-KEY']);
    for (const rule of ['CDA-HDR-INS-TRAITS', 'FICHE-PGSSI-SECRET', 'ROR-IDENTIFIER-KEY', 'INS-NIR-KEY']) expect(s).toContain(rule);
  });

  it('summarises them per file too, with counts by severity and the rules', () => {
    const run = buildRunReport([
      { path: 'patient.json', family: 'ror', diagnostics: [finding('INS-NIR-KEY'), finding('INS-NIR-KEY'), finding('CDA-HDR-TITLE')] },
      { path: 'propre.xml', family: 'cda', diagnostics: [finding('CDA-HDR-TITLE')] },
    ]);
    const html = toHtml(run, en.registry.all(), 'en', new Date(0));
    const start = html.indexOf('<h3>By file</h3>');
    const byFile = html.slice(start, html.indexOf('</table>', start));
    expect(byFile).toContain('patient.json');
    expect(byFile).toContain('<code>INS-NIR-KEY</code> ×2');
    expect(byFile).not.toContain('propre.xml');
    expect(byFile).not.toContain('CDA-HDR-TITLE');
  });

  it('leaves the other rules out', () => {
    const s = section(['CDA-HDR-TITLE', 'XML-SYNTAX']);
    expect(s).not.toContain('CDA-HDR-TITLE');
    expect(s).toContain('No PGSSI-S, INS or identifier finding.');
  });
});
