import type { FamilyValidator } from '../engine/family';
import { isFhirPayload } from './detect';
import { completeRor } from './editor/complete';
import { hoverRor } from './editor/hover';
import { validateRor } from './validate';

/** The FHIR JSON family, reported as `ror`: ROR payloads and French Patient identity data (see detect.ts). */
export const rorFamily: FamilyValidator = { family: 'ror', detect: isFhirPayload, validate: validateRor, complete: completeRor, hover: hoverRor };
