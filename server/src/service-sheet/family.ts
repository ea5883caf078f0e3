import type { FamilyValidator } from '../engine/family';
import { completeServiceSheet } from './complete';
import { isServiceSheet } from './detect';
import { hoverServiceSheet } from './hover';
import { validateServiceSheet } from './validate';

export const serviceSheetFamily: FamilyValidator = {
  family: 'service-sheet',
  detect: isServiceSheet,
  validate: validateServiceSheet,
  complete: completeServiceSheet,
  hover: hoverServiceSheet,
};
