// In-process notifications for live pages (SSE): the ingest says "new mentions landed", the
// dashboard and the feed refresh. Signals only, no content, so a subscriber outside a unit's
// scope learns nothing it could not read anyway.
export interface LiveEvent {
  type: 'mentions';
  /** Mentions stored by the batch. */
  accepted: number;
  at: string;
}

export class LiveBus {
  private readonly listeners = new Set<(e: LiveEvent) => void>();

  publish(e: LiveEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(e);
      } catch {
        // A broken subscriber must not stop the ingest or the others.
      }
    }
  }

  subscribe(listener: (e: LiveEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get size(): number {
    return this.listeners.size;
  }
}
