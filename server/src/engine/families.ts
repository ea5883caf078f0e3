import { cdaFamily } from '../cda/family';
import type { FamilyValidator } from './family';

/** The families the engine knows, tried in this order; the first whose detection claims the text wins. */
export const families: FamilyValidator[] = [cdaFamily];
