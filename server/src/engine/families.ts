import { cdaFamily } from '../cda/family';
import { rorFamily } from '../ror/family';
import { serviceSheetFamily } from '../service-sheet/family';
import { textFamily } from '../text/family';
import type { FamilyValidator } from './family';

/** The families the engine knows, tried in this order; the first whose detection claims the text wins. */
export const families: FamilyValidator[] = [cdaFamily, rorFamily, serviceSheetFamily, textFamily];
