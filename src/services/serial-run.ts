// One background run at a time: `wake` starts a run, or asks the run in progress for one more
// pass (so work that arrives during a run is never missed, and never runs twice at once).
export class SerialRun {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly work: () => Promise<unknown>,
    private readonly onError: (err: unknown) => void,
  ) {}

  wake(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.work();
        } catch (err: unknown) {
          this.onError(err);
        }
      } while (this.again);
      this.running = null;
    })();
  }

  /** Resolves when the current run (if any) has finished. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }
}
