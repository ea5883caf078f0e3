import type { CdaCheck } from './context';
import { checkHeader } from './rules/header';
import { checkVolets } from './rules/volets';
import { checkStructure } from './rules/structure';
import { checkDatatypes } from './rules/datatypes';
import { checkNarrative } from './rules/narrative';
import { checkPgssi } from './rules/pgssi';
import { checkNos } from './rules/nos';

/** Every CDA check, in the order they run. Each family of rules adds its entry point here. */
export const cdaChecks: CdaCheck[] = [checkHeader, checkVolets, checkStructure, checkDatatypes, checkNarrative, checkPgssi, checkNos];
