import type { FamilyValidator } from '../engine/family';
import { isCda } from './detect';
import { validateCda } from './validate';

export const cdaFamily: FamilyValidator = { family: 'cda', detect: isCda, validate: validateCda };
