/**
 * Hooks through which a caller watches a run (progress on a terminal, `--timing`). The pipeline calls
 * them at its phase boundaries but never reads a clock or writes anything itself: what watching costs
 * and shows is the caller's, at the edge.
 */
export interface RunObserver {
  /** A phase starts (`read`, `parse`, `model`, `rule <id>`, `format`); the returned function is called when it ends. */
  begin(phase: string): () => void;
  /** How many of something the run has by now: files read, objects modelled, rules to run. */
  counted(what: 'files' | 'objects' | 'rules', count: number): void;
}
