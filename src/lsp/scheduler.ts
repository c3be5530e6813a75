/**
 * When the language server analyses: one piece of work at a time, in the order events arrived (model
 * updates and analyses share one queue), and an analysis of the workspaces marked dirty once a burst
 * of changes is over.
 *
 * The analysis is synchronous, so messages that arrive during it wait in the stream; the connection
 * then handles them one per turn of the event loop, each one's update cancelling and re-arming the
 * pending run (`schedule`), so a burst of changes is analysed once, after its last update.
 */
export class Scheduler<W> {
  private queue: Promise<void> = Promise.resolve();
  private readonly dirty = new Set<W>();
  private cancelRun: () => void = () => {};

  /**
   * @param analyse analyses the workspaces marked dirty since the last run (never called with none)
   * @param onError told of a failed piece of work; the queue goes on with the next
   */
  constructor(
    private readonly analyse: (dirty: readonly W[]) => Promise<void> | void,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Runs `work` after everything queued before it; failures go to `onError`, never to the caller. */
  enqueue(work: () => Promise<void> | void): Promise<void> {
    this.queue = this.queue.then(work).catch(this.onError);
    return this.queue;
  }

  /**
   * Marks `workspace` dirty and (re-)arms the run: after `delayMs`, or with 0 on the next turn of the
   * event loop. A run armed before is cancelled: the new one analyses both.
   */
  schedule(workspace: W, delayMs = 0): void {
    this.dirty.add(workspace);
    this.cancel();
    const run = () => {
      this.cancelRun = () => {};
      void this.enqueue(() => this.runDirty());
    };
    if (delayMs > 0) {
      const timer = setTimeout(run, delayMs);
      this.cancelRun = () => clearTimeout(timer);
    } else {
      const immediate = setImmediate(run);
      this.cancelRun = () => clearImmediate(immediate);
    }
  }

  /** Cancels the armed run: an update about to be queued wants it to wait (it is re-armed by `schedule`). */
  cancel(): void {
    this.cancelRun();
  }

  /** Resolves once every event received so far is analysed (no debounce wait): requests answer from there. */
  settled(): Promise<void> {
    this.cancel();
    return this.enqueue(() => this.runDirty());
  }

  private async runDirty(): Promise<void> {
    if (this.dirty.size === 0) return;
    // Taken now: a workspace changed while this analysis yields is marked again, for the next run.
    const todo = [...this.dirty];
    this.dirty.clear();
    await this.analyse(todo);
  }
}
