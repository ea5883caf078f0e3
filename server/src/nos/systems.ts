/**
 * Well-known code systems whose OID ↔ canonical URL pairs are not declared in the NOS sources
 * (HL7 FHIR terminology: https://terminology.hl7.org). NOS code systems come from the data itself.
 */

const v3 = (arc: string, name: string): [string, string] => [
  `2.16.840.1.113883.5.${arc}`,
  `http://terminology.hl7.org/CodeSystem/v3-${name}`,
];

export const WELL_KNOWN_SYSTEMS: [oid: string, url: string][] = [
  ['2.16.840.1.113883.6.1', 'http://loinc.org'],
  ['2.16.840.1.113883.6.96', 'http://snomed.info/sct'],
  ['2.16.840.1.113883.6.3', 'http://hl7.org/fhir/sid/icd-10'],
  ['2.16.840.1.113883.6.73', 'http://www.whocc.no/atc'],
  ['2.16.840.1.113883.6.8', 'http://unitsofmeasure.org'],
  ['2.16.840.1.113883.6.88', 'http://www.nlm.nih.gov/research/umls/rxnorm'],
  ['2.16.840.1.113883.6.43.1', 'http://terminology.hl7.org/CodeSystem/icd-o-3'],
  ['2.16.840.1.113883.6.24', 'urn:iso:std:iso:11073:10101'],
  ['1.2.840.10008.2.16.4', 'http://dicom.nema.org/resources/ontology/DCM'],
  ['0.4.0.127.0.16.1.1.2.1', 'http://standardterms.edqm.eu'],
  ['1.0.3166.1.2.2', 'urn:iso:std:iso:3166'],
  ['2.16.840.1.113883.5.1150.1', 'http://hl7.org/fhir/uv/ips/CodeSystem/absent-unknown-uv-ips'],
  v3('1', 'AdministrativeGender'),
  v3('2', 'MaritalStatus'),
  v3('4', 'ActCode'),
  v3('6', 'ActClass'),
  v3('7', 'ActPriority'),
  v3('8', 'ActReason'),
  v3('14', 'ActStatus'),
  v3('25', 'Confidentiality'),
  v3('79', 'MediaType'),
  v3('83', 'ObservationInterpretation'),
  v3('85', 'orderableDrugForm'),
  v3('88', 'ParticipationFunction'),
  v3('90', 'ParticipationType'),
  v3('110', 'RoleClass'),
  v3('111', 'RoleCode'),
  v3('112', 'RouteOfAdministration'),
  v3('1001', 'ActMood'),
  v3('1002', 'ActRelationshipType'),
  v3('1008', 'NullFlavor'),
  v3('1052', 'ActSite'),
  v3('1063', 'ObservationValue'),
  v3('1076', 'ReligiousAffiliation'),
  v3('1119', 'AddressUse'),
];
