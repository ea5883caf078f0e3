import type { FamilyValidator } from '../engine/family';
import { isOptedInText } from './detect';
import { validateText } from './validate';

/** Other text files the user opted in for the PGSSI-S checks. Listed last: it never takes a file another family claims. */
export const textFamily: FamilyValidator = { family: 'text', detect: isOptedInText, validate: validateText };
