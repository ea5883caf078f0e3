import type { FamilyValidator } from '../engine/family';
import { isRorPayload } from './detect';
import { completeRor } from './editor/complete';
import { hoverRor } from './editor/hover';
import { validateRor } from './validate';

export const rorFamily: FamilyValidator = { family: 'ror', detect: isRorPayload, validate: validateRor, complete: completeRor, hover: hoverRor };
