import type { OffsetRange } from '../../engine/types';
import type { XmlAttr, XmlElement } from '../../xml/tree';

/** A structure finding waiting to be reported: rule, where, message data. */
export interface StructureProblem {
  rule: string;
  at: XmlElement | XmlAttr | OffsetRange;
  data: Record<string, string | number>;
}

export type ProblemSink = (rule: string, at: StructureProblem['at'], data: StructureProblem['data']) => void;

const MAX_LISTED = 12;

/** A list for a message, abbreviated after a dozen items (vocabularies can hold a hundred codes). */
export function listed(items: readonly string[]): string {
  return items.length <= MAX_LISTED ? items.join(', ') : `${items.slice(0, MAX_LISTED).join(', ')}, … (+${items.length - MAX_LISTED})`;
}

export function excerpt(text: string, max = 40): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}
