import type { FamilyValidator } from '../engine/family';
import { isCda } from './detect';
import { completeCda, hoverCda } from './editor';
import { validateCda } from './validate';

export const cdaFamily: FamilyValidator = { family: 'cda', detect: isCda, validate: validateCda, complete: completeCda, hover: hoverCda };
