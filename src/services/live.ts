// In-process notifications for live pages (SSE): the ingest says "new mentions landed", the
// dashboard and the feed refresh (a signal, no content); the alert dispatcher says an alert
// notification went out (its title, to subscribers whose scope holds the alert's unit).
export type LiveEvent =
  | {
      type: 'mentions';
      /** Mentions stored by the batch. */
      accepted: number;
      at: string;
    }
  | {
      /** An alert notification (fired, grown, escalated...): sent at once, to its unit's scope. */
      type: 'alert';
      alertId: string;
      unitId: string;
      kind: string;
      severity: 'normal' | 'high' | 'major';
      title: string;
      /** Users the notification is addressed to (their browsers show a notification). */
      userIds: string[];
      at: string;
    }
  | {
      /** An incident's notice (approval requested, task assigned, major incident...). */
      type: 'incident';
      incidentId: string;
      unitId: string;
      topic: string;
      title: string;
      /** The people it is for; nobody else hears of it (an incident may be restricted). */
      userIds: string[];
      at: string;
    };

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

  private readonly closers = new Set<() => void>();
  private closed = false;

  /**
   * Called when the server closes: a live stream ends itself (it would hold the close open).
   * A stream that registers after the close (its request was still being authenticated) is
   * ended at once, or it would hold the close open for ever.
   */
  onClose(closer: () => void): () => void {
    if (this.closed) {
      closer();
      return () => undefined;
    }
    this.closers.add(closer);
    return () => this.closers.delete(closer);
  }

  /** The server is closing: ends every live stream, now and from now on. */
  close(): void {
    this.closed = true;
    for (const closer of [...this.closers]) {
      try {
        closer();
      } catch {
        // Ending one stream must not stop the others from ending.
      }
    }
    this.closers.clear();
  }
}
