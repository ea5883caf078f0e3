import type { Terminology } from '../nos/types';
import type { DataSource } from './data';
import type { Reporter } from './reporter';
import type { Completion, EngineSettings, Family, HoverInfo, Position } from './types';

/** What a document family's validator receives: the text and the shared services. */
export interface FamilyDeps {
  data: DataSource;
  nos: Terminology;
  settings: EngineSettings;
  reporter: Reporter;
}

/**
 * One document family (CDA, ROR, service sheet). Detection is by content, cheap, and never throws;
 * validation parses once and reports through `deps.reporter`.
 */
export interface FamilyValidator {
  family: Exclude<Family, 'unknown'>;
  /** `path` is the file's path when known (opt-in families match it against settings globs). */
  detect(text: string, path?: string, settings?: EngineSettings): boolean;
  validate(text: string, deps: FamilyDeps): { kind?: string };
  /** Proposals at a position (optional per family). `deps.reporter` is unused here. */
  complete?(text: string, position: Position, deps: Omit<FamilyDeps, 'reporter'>): Completion[];
  hover?(text: string, position: Position, deps: Omit<FamilyDeps, 'reporter'>): HoverInfo | undefined;
}
