// The event clusterer as the services use it: asynchronous, so it can live in this thread
// (LocalClusterHandle) or in a worker thread of its own (ClusterWorker, cluster-worker.ts) while
// this thread serves requests and writes the store. Calls are answered in the order they are
// made; each changes the clusterer's state as the same call on an EventClusterer would.
import { EventClusterer, type ClusterOptions, type ClusterPost } from './event-cluster.ts';

/** Where one post of a batch went. */
export interface ClusterAssignment {
  event: string;
  /** The post opened the event. */
  created: boolean;
}

/** What assigning a batch gives back: all the event rows of the batch need from the clusterer. */
export interface ClusterBatchResult {
  /** One per post, in the order given. */
  assignments: ClusterAssignment[];
  /** Each event of `assignments`: its `keywordCount` most telling words. */
  keywords: Record<string, string[]>;
  /** Events closed after the batch: idle for longer than the window at `streamTime`. */
  closed: string[];
}

/** A stored post and the event it is in, to seed the clusterer with on start. */
export interface ClusterSeed {
  post: ClusterPost;
  event: string;
}

export interface ClusterHandle {
  /** Seeds posts into their events (oldest first), as EventClusterer.seed. */
  seed(items: readonly ClusterSeed[]): Promise<void>;
  /**
   * Adds the posts one by one in order (EventClusterer.add each), then reads the keywords of
   * every event they went to, then expires the events idle at `streamTime`.
   */
  assign(
    posts: readonly ClusterPost[],
    streamTime: number,
    keywordCount: number,
  ): Promise<ClusterBatchResult>;
  merge(into: string, from: readonly string[]): Promise<void>;
  split(postIds: readonly string[], to: string): Promise<void>;
  /** Lets the clusterer go (a worker thread ends); later calls reject. */
  close(): Promise<void>;
}

/** The options a handle's clusterer is made with (functions stay out: they do not cross). */
export type ClusterHandleOptions = Partial<Omit<ClusterOptions, 'newId' | 'segmenter'>> & {
  /** Event ids from timeOrderedId() (the store's), instead of e1, e2, ... */
  timeOrderedIds?: boolean;
};

/** The clusterer a handle drives, made the same way in this thread or in the worker. */
export function makeClusterer(options: ClusterHandleOptions, newId?: () => string): EventClusterer {
  const { timeOrderedIds: _ignored, ...rest } = options;
  return new EventClusterer(newId ? { ...rest, newId } : rest);
}

/** Runs one assign() on a clusterer (shared by both handles, so they answer alike). */
export function assignOn(
  clusterer: EventClusterer,
  posts: readonly ClusterPost[],
  streamTime: number,
  keywordCount: number,
): ClusterBatchResult {
  const assignments = posts.map((p) => clusterer.add(p));
  const keywords: Record<string, string[]> = {};
  for (const a of assignments) {
    keywords[a.event] ??= clusterer.keywords(a.event, keywordCount);
  }
  return { assignments, keywords, closed: clusterer.expire(streamTime) };
}

/** The clusterer in this thread. */
export class LocalClusterHandle implements ClusterHandle {
  private closed = false;

  constructor(private readonly clusterer: EventClusterer) {}

  /** Runs a call on the clusterer: a closed handle or a throw rejects, as the worker's does. */
  private run<T>(call: (c: EventClusterer) => T): Promise<T> {
    try {
      if (this.closed) throw new Error('cluster handle: closed');
      return Promise.resolve(call(this.clusterer));
    } catch (e: unknown) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  seed(items: readonly ClusterSeed[]): Promise<void> {
    return this.run((c) => {
      for (const it of items) c.seed(it.post, it.event);
    });
  }

  assign(
    posts: readonly ClusterPost[],
    streamTime: number,
    keywordCount: number,
  ): Promise<ClusterBatchResult> {
    return this.run((c) => assignOn(c, posts, streamTime, keywordCount));
  }

  merge(into: string, from: readonly string[]): Promise<void> {
    return this.run((c) => c.merge(into, from));
  }

  split(postIds: readonly string[], to: string): Promise<void> {
    return this.run((c) => c.split(postIds, to));
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}
