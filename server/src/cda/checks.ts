import type { CdaCheck } from './context';
import { checkHeader } from './rules/header';

/** Every CDA check, in the order they run. Each family of rules adds its entry point here. */
export const cdaChecks: CdaCheck[] = [checkHeader];
