import { cdaFamily } from '../cda/family';
import { serviceSheetFamily } from '../service-sheet/family';
import type { FamilyValidator } from './family';

/** The families the engine knows, tried in this order; the first whose detection claims the text wins. */
export const families: FamilyValidator[] = [cdaFamily, serviceSheetFamily];
