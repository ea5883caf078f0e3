import { describe, expect, it } from 'vitest';
import { createEngine } from '../../server/src/engine';
import { nodeDataSource } from '../../server/src/engine/data';
import {
  assessIdNat,
  assessSystemIdentifier,
  checkAdeli,
  clearHttpHost,
  checkFiness,
  checkNirKey,
  checkRpps,
  checkSiren,
  checkSiret,
  classifyInsRoot,
  isInsRoot,
  isLuhnValid,
  isMatriculeFormat,
  loadPgssiTables,
  luhnKey,
  luhnSum,
  maskSecret,
  mayHoldCredentialKey,
  misspelledSystem,
  nirKey,
  findRegisterSettings,
  findWeakSignatureAlgorithms,
  findXdsConfidentialityCodes,
  findXmldsigOnlySignatures,
  isConfidentialitySystem,
  JDV_J08,
  metadataCodeProblem,
  idNatPsOfRpps,
  readIdNat,
  registerSystem,
  scanAssignments,
  systemKey,
} from '../../server/src/pgssi';

const tables = loadPgssiTables(nodeDataSource())!;

describe('Luhn', () => {
  it('follows the catalogue worked example (RPPS 10005173140: sum 30)', () => {
    expect(luhnSum('10005173140')).toBe(30);
    expect(isLuhnValid('10005173140')).toBe(true);
    expect(luhnKey('1000517314')).toBe(0);
  });

  it('rejects non-digits and a wrong key', () => {
    expect(luhnSum('12a4')).toBeUndefined();
    expect(isLuhnValid('')).toBe(false);
    expect(isLuhnValid('10005173141')).toBe(false);
    for (let d = 0; d < 10; d++) expect(isLuhnValid('7507121' + d)).toBe(d === luhnKey('7507121'));
  });
});

describe('NIR / matricule INS', () => {
  it('computes the catalogue worked keys, Corsica included', () => {
    expect(nirKey('2951099126111')).toBe('93');
    expect(nirKey('186022A215325')).toBe('23'); // 2A counts as 19: 1860219215325 mod 97 = 74
    expect(nirKey('186022B215325')).toBe('50'); // 2B counts as 18
    expect(nirKey('2790351215189')).toBe('89');
    expect(nirKey('1700175101123')).toBe('88');
  });

  it('checks a 15-character matricule', () => {
    expect(checkNirKey('295109912611193')).toEqual({ valid: true, expected: '93', found: '93' });
    expect(checkNirKey('186022A21532523')).toEqual({ valid: true, expected: '23', found: '23' });
    expect(checkNirKey('186022a21532523')?.valid).toBe(true);
    expect(checkNirKey('186022B21532523')).toEqual({ valid: false, expected: '50', found: '23' });
    expect(checkNirKey('170017510112313')).toEqual({ valid: false, expected: '88', found: '13' });
    expect(checkNirKey('27707632208291')).toBeUndefined();
  });

  it('admits the documented shape and nothing else', () => {
    expect(isMatriculeFormat('277076322082910')).toBe(true);
    expect(isMatriculeFormat('186022A21532523')).toBe(true);
    expect(isMatriculeFormat('1860229A1532523')).toBe(false);
    expect(isMatriculeFormat('2770763220829100')).toBe(false);
    expect(isMatriculeFormat('2 77 07 63 220 829 10')).toBe(false);
    expect(nirKey('27707632208')).toBeUndefined();
  });
});

describe('registers', () => {
  it('RPPS: 11 digits with a Luhn key', () => {
    expect(checkRpps('10005173140')).toBe('valid');
    expect(checkRpps('10003461033')).toBe('key'); // the Annuaire Santé IG example fails, as the catalogue notes
    expect(checkRpps('1000517314')).toBe('format');
  });

  it('FINESS: real numbers pass, made-up ones fail, Corsica is format-checked only', () => {
    for (const f of ['750712184', '690781810', '330781196', '310781406', '130786049', '590780193', '350005179']) expect(checkFiness(f), f).toBe('valid');
    expect(checkFiness('120459876')).toBe('key');
    expect(checkFiness('2A0000000')).toBe('valid');
    expect(checkFiness('2C0000000')).toBe('format');
    expect(checkFiness('75071218')).toBe('format');
  });

  it('SIREN and SIRET, with the La Poste exception', () => {
    expect(checkSiren('732829320')).toBe('valid');
    expect(checkSiren('732829321')).toBe('key');
    expect(checkSiret('73282932000074')).toBe('valid');
    expect(checkSiret('73282932000075')).toBe('key');
    expect(checkSiret('35600000009075')).toBe('valid'); // Luhn sum 33, digit sum 35
    expect(checkSiret('35600000009076')).toBe('key'); // digit sum 36
    expect(checkSiret('7328293200007')).toBe('format');
  });

  it('ADELI: 9 digits or letters', () => {
    expect(checkAdeli('0B1057294')).toBe('valid');
    expect(checkAdeli('1234567890')).toBe('format');
  });
});

describe('idNat prefixes', () => {
  const { ps, struct } = tables.idNat;

  it('reads idNat_PS forms', () => {
    expect(readIdNat('810005173140', ps)).toMatchObject({ prefix: { prefix: '8' }, number: '10005173140', verdict: 'valid' });
    // The key covers the 11-digit RPPS, not the prefix: 01234567897 passes, 10007654321 does not.
    expect(readIdNat('801234567897', ps).verdict).toBe('valid');
    expect(readIdNat('810007654321', ps).verdict).toBe('key');
    expect(readIdNat('8012345678', ps).verdict).toBe('format');
    expect(readIdNat('518003502400041/1.2.250.1.215.1.2', ps)).toMatchObject({ number: '18003502400041', verdict: 'valid' });
    expect(readIdNat('124789224582101', ps)).toMatchObject({ prefix: { prefix: '1' } });
    expect(readIdNat('124789224582101', ps).verdict).toBeUndefined();
    expect(readIdNat('910002909371', ps).prefix).toBeUndefined();
  });

  it('reads idNat_Struct forms', () => {
    expect(readIdNat('1750712184', struct)).toMatchObject({ number: '750712184', verdict: 'valid' });
    expect(readIdNat('2732829320', struct).verdict).toBe('valid');
    expect(readIdNat('335600000009075', struct).verdict).toBe('valid');
    expect(readIdNat('101235555', struct).verdict).toBe('format');
    expect(readIdNat('455454', struct)).toMatchObject({ prefix: { prefix: '4' }, verdict: undefined });
    expect(readIdNat('801234567897', struct).prefix).toBeUndefined();
  });
});

describe('INS roots', () => {
  it('classifies the arc', () => {
    expect(classifyInsRoot('1.2.250.1.213.1.4.8', tables.ins)).toMatchObject({ status: 'production', name: 'INS-NIR', strictKey: true });
    expect(classifyInsRoot('1.2.250.1.213.1.4.10', tables.ins)).toMatchObject({ status: 'test' });
    expect(classifyInsRoot('1.2.250.1.213.1.4.11', tables.ins)).toMatchObject({ status: 'demo' });
    expect(classifyInsRoot('1.2.250.1.213.1.4.2', tables.ins)).toMatchObject({ status: 'obsolete' });
    expect(classifyInsRoot('1.2.250.1.213.1.4.13', tables.ins)).toMatchObject({ status: 'not-ins' });
    expect(classifyInsRoot('1.2.250.1.213.1.4.5', tables.ins)).toMatchObject({ status: 'unknown-in-arc' });
    expect(classifyInsRoot('1.2.250.1.213.1.4.10.1', tables.ins)).toBeUndefined();
    expect(classifyInsRoot('1.2.250.1.71.4.2.1', tables.ins)).toBeUndefined();
    expect(isInsRoot('1.2.250.1.213.1.4.9', tables.ins)).toBe(true);
    expect(isInsRoot('1.2.250.1.213.1.4.13', tables.ins)).toBe(false);
  });
});

describe('FHIR identifier systems of the registers (ID-07)', () => {
  const t = tables.systems;
  const miss = (s: string) => misspelledSystem(s, t)?.canonical;

  it('the canonical spellings are not misspellings', () => {
    for (const s of ['https://rpps.esante.gouv.fr', 'https://rppsrang.esante.gouv.fr', 'https://finess.esante.gouv.fr', 'https://sirene.fr', 'urn:oid:1.2.250.1.71.4.2.1', 'urn:oid:1.2.250.1.71.4.2.2']) {
      expect(miss(s), s).toBeUndefined();
    }
  });

  it('http, trailing slashes, www., case, spaces, bare OIDs and known wrong hosts are', () => {
    expect(miss('http://rpps.esante.gouv.fr')).toBe('https://rpps.esante.gouv.fr');
    expect(miss('https://rpps.esante.gouv.fr/')).toBe('https://rpps.esante.gouv.fr');
    expect(miss('https://www.finess.esante.gouv.fr')).toBe('https://finess.esante.gouv.fr');
    expect(miss('https://FINESS.esante.gouv.fr')).toBe('https://finess.esante.gouv.fr');
    expect(miss('rppsrang.esante.gouv.fr')).toBe('https://rppsrang.esante.gouv.fr');
    expect(miss('http://sirene.fr//')).toBe('https://sirene.fr');
    expect(miss(' https://sirene.fr')).toBe('https://sirene.fr');
    expect(miss('1.2.250.1.71.4.2.1')).toBe('urn:oid:1.2.250.1.71.4.2.1');
    expect(miss('URN:OID:1.2.250.1.71.4.2.2')).toBe('urn:oid:1.2.250.1.71.4.2.2');
    expect(miss('https://rpps.fr')).toBe('https://rpps.esante.gouv.fr');
    expect(miss('http://finess.sante.gouv.fr')).toBe('https://finess.esante.gouv.fr');
  });

  it('other systems are left alone', () => {
    for (const s of ['https://finess.esante.gouv.fr/structures', 'https://annuaire.sante.fr', 'urn:oid:1.2.250.1.71.4.2.7', 'urn:oid:1.2.250.1.213.1.4.8', 'http://hl7.org/fhir/sid/us-ssn', 'phone', 'urn:ietf:rfc:3986', 'https://rpps.esante.gouv.fr?x=1', '']) {
      expect(miss(s), s).toBeUndefined();
    }
    expect(systemKey('https://www.Sirene.fr/')).toBe('host:sirene.fr');
    expect(systemKey('urn:uuid:1234')).toBeUndefined();
  });
});

describe('register identifier values (ID-02 to ID-06), shared by CDA, FHIR and text', () => {
  const sys = (s: string) => registerSystem(s, tables.systems)!;
  const assess = (system: string, value: string, types: string[] = []) => assessSystemIdentifier(sys(system), value, types, tables.idNat, 'en');

  it('idNat values go through the prefix tables, as in CDA', () => {
    expect(assess('urn:oid:1.2.250.1.71.4.2.1', '810005173140')).toBeUndefined();
    expect(assess('urn:oid:1.2.250.1.71.4.2.1', '910005173140')?.rule).toBe('ID-PS-PREFIX');
    expect(assess('urn:oid:1.2.250.1.71.4.2.2', '1750712185')).toEqual({ rule: 'ID-FINESS-KEY', data: { value: '1750712185', number: '750712185' } });
    expect(assessIdNat('1750712185', tables.idNat.struct, 'STRUCT', 'en')).toEqual(assess('urn:oid:1.2.250.1.71.4.2.2', '1750712185'));
  });

  it('register numbers: format, then key; RPPS rang has no key', () => {
    expect(assess('https://rpps.esante.gouv.fr', '10005173140')).toBeUndefined();
    expect(assess('https://rpps.esante.gouv.fr', '810005173140')).toEqual({ rule: 'ID-REGISTER-FORMAT', data: { value: '810005173140', name: 'RPPS', expected: '11 digits' } });
    expect(assess('http://finess.esante.gouv.fr/', '120459876')?.rule).toBe('ID-FINESS-KEY');
    expect(assess('https://rppsrang.esante.gouv.fr', 'whatever')).toBeUndefined();
  });

  it('SIREN or SIRET under sirene.fr: by type (FR Core or TRE_G07), else by length', () => {
    const G07 = 'https://mos.esante.gouv.fr/NOS/TRE_G07-TypeIdentifiantStructure/FHIR/TRE-G07-TypeIdentifiantStructure';
    expect(assess('https://sirene.fr', '73282932000074')).toBeUndefined();
    expect(assess('https://sirene.fr', '73282932000074', [`${G07}|2`])?.data.expected).toBe('9 digits');
    expect(assess('https://sirene.fr', '732829320', ['https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203|SIRET'])?.rule).toBe('ID-REGISTER-FORMAT');
    expect(assess('https://sirene.fr', '12345')?.data.expected).toBe('SIREN: 9 digits, or SIRET: 14 digits');
    expect(assess('https://sirene.fr', '35600000009075')).toBeUndefined(); // La Poste
  });

  it('the idNat_PS of an RPPS comes from the prefix table', () => {
    expect(idNatPsOfRpps('10003461033', tables.idNat.ps)).toBe('810003461033');
  });

  it('settings named after a register or the NIR', () => {
    const text = 'finess=750712184\nsiret: 73282932000075\npatient.nir=170017510112313\nnumero_siren=abc\n';
    const hits = findRegisterSettings(scanAssignments(text), tables.systems, tables.idNat, 'en');
    expect(hits.map((h) => [h.rule, text.slice(h.start, h.end)])).toEqual([
      ['ID-SIRET-KEY', '73282932000075'],
      ['INS-NIR-KEY', '170017510112313'],
    ]);
    expect(hits[1].data).toEqual({ name: 'NIR', found: '13', expected: '88' });
  });
});

describe('clear-text addresses (TRANS-01), shared by CDA, FHIR and service sheets', () => {
  it('the host of an http:// URL, loopback aside, credentials dropped', () => {
    expect(clearHttpHost('http://User:pw@API.example.fr:8080/x')).toBe('api.example.fr');
    expect(clearHttpHost(' HTTP://host/ ')).toBe('host');
    expect(clearHttpHost('http://')).toBe('');
    expect(clearHttpHost('https://api.example.fr')).toBeUndefined();
    expect(clearHttpHost('http://localhost:3000')).toBeUndefined();
    expect(clearHttpHost('http://[::1]:3000')).toBeUndefined();
    expect(clearHttpHost('mailto:x@y.fr')).toBeUndefined();
  });
});

describe('metadata confidentiality codes (CONF-02)', () => {
  it('reads the confidentialityCode classifications of METADATA.XML, whatever the attribute order or prefix', () => {
    const xml = `<Classification nodeRepresentation='R' classificationScheme='urn:uuid:f4f85eac-e6cb-4883-b524-f2705394840f'/>
<rim:Classification classificationScheme="urn:uuid:41a5887f-8865-4c09-adf7-e362475b143a" nodeRepresentation="11488-4"/>
<rim:Classification classificationScheme="urn:uuid:f4f85eac-e6cb-4883-b524-f2705394840f" nodeRepresentation="MASQUE_PT">`;
    const codes = findXdsConfidentialityCodes(xml);
    expect(codes.map((c) => [c.code, xml.slice(c.start, c.end)])).toEqual([
      ['R', 'R'],
      ['MASQUE_PT', 'MASQUE_PT'],
    ]);
  });

  it('JDV_J08 decides; FHIR codings of TRE_A07 and HL7 Confidentiality only', () => {
    const nos = createEngine().nos;
    const j08 = nos.valueSet(JDV_J08);
    expect(metadataCodeProblem('MASQUE_PS', j08)).toBeUndefined();
    expect(metadataCodeProblem('MASQUE_PSOCIAL', j08)?.codes).toBe('N, R, V, INVISIBLE_PATIENT, INVISIBLE_REPRESENTANTS_LEGAUX, MASQUE_PS');
    expect(metadataCodeProblem('MASQUE_PT', undefined)).toBeUndefined();
    expect(isConfidentialitySystem('urn:oid:1.2.250.1.213.1.1.4.13')).toBe(true);
    expect(isConfidentialitySystem('http://terminology.hl7.org/CodeSystem/v3-Confidentiality')).toBe(true);
    expect(isConfidentialitySystem('http://terminology.hl7.org/CodeSystem/v3-ActCode')).toBe(false);
  });
});

describe('detached XML signatures (SIG-03)', () => {
  it('weak methods with their offsets; XMLDSig only when no XAdES properties', () => {
    const xml = `<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo><SignatureMethod Algorithm='http://www.w3.org/2000/09/xmldsig#rsa-sha1'/><DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/></SignedInfo></Signature>`;
    expect(findWeakSignatureAlgorithms(xml).map((h) => [h.algorithm, xml.slice(h.start, h.end)])).toEqual([['rsa-sha1', 'http://www.w3.org/2000/09/xmldsig#rsa-sha1']]);
    expect(findXmldsigOnlySignatures(xml).map((h) => xml.slice(h.start, h.end))).toEqual(['<Signature xmlns="http://www.w3.org/2000/09/xmldsig#">']);
    expect(findXmldsigOnlySignatures(xml.replace('</Signature>', '<Object><QualifyingProperties/></Object></Signature>'))).toEqual([]);
    expect(findXmldsigOnlySignatures('<Signature>no namespace</Signature>')).toEqual([]);
  });
});

describe('masking', () => {
  it('keeps at most 4 characters, fewer for short secrets, and hides the length', () => {
    expect(maskSecret('8f4e2c9a71d34b0e9c1f')).toBe('****9c1f');
    expect(maskSecret('abcdefgh')).toBe('****gh');
    expect(maskSecret('abc')).toBe('****');
    expect(maskSecret('a'.repeat(40) + 'WXYZ')).toBe('****WXYZ');
  });
});

describe('credential-key probe', () => {
  const table = tables.secrets;
  // The definition the probe implements: a key word, an optional quote, spaces or tabs, then = or :.
  const words = table.credentialKeySuffixes.map((w) => w.split('_').join('[_.-]?'));
  const definition = new RegExp(`(?:${words.join('|')})["']?[ \\t]*[=:]`, 'i');

  it('agrees with its regular-expression definition on generated texts', () => {
    const pieces = ['password', 'PassWord', 'passwd', 'PWD', 'pass', 'phrase', 'secret', 'SECRET', 'api', 'key', 'KEY', 'apikey', 'access', 'private', 'token', 'Token',
      'mot', 'de', 'passe', 'MDP', 'credentials', 'credential', '_', '.', '-', '"', "'", ' ', '\t', '=', ':', '\n', 'x', 'é', '\u212a', 'code', '<a b="1">', '{"k": 1}'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    let positives = 0;
    for (let n = 0; n < 20000; n++) {
      let text = '';
      const len = 1 + Math.floor(next() * 8);
      for (let i = 0; i < len; i++) text += pieces[Math.floor(next() * pieces.length)];
      const expected = definition.test(text);
      if (expected) positives++;
      expect(mayHoldCredentialKey(text, table), JSON.stringify(text)).toBe(expected);
    }
    expect(positives).toBeGreaterThan(500);
  });

  it('finds keys at the start of the text, before a quoted sign or a tab, and not across a quote after spaces', () => {
    expect(mayHoldCredentialKey('pwd=x', table)).toBe(true);
    expect(mayHoldCredentialKey('{"client_secret" : "x"}', table)).toBe(true);
    expect(mayHoldCredentialKey('Api-Key:\tx', table)).toBe(true);
    expect(mayHoldCredentialKey('password "= x', table)).toBe(false);
    expect(mayHoldCredentialKey('=:', table)).toBe(false);
  });
});
