// The stateless part of analysing one stored post, in one call: every pipeline stage but the
// near-duplicate index, and the clusterer's structure and terms. It runs in the analysis worker
// thread (prepare-worker-thread.ts); the main thread's own path (without the worker, and its
// fallback) stays AnalysisPipeline.analyse and EventClusterer.add, which do the same work.
import { prepareClusterPost, type ClusterPrepared } from './event-cluster.ts';
import type { AnalysisPipeline, PreparedAnalysis } from './pipeline.ts';
import type { Segmenter } from './segment.ts';

/** A mention as both stages read it, before it has an id. */
export interface PrepareInput {
  title: string | null;
  text: string;
  author: string | null;
  /** The source's name (for `source:` scopes). */
  source: string;
  region: string | null;
  /** The mention's analysis text (mentions.analysis_text), which the clusterer reads. */
  analysisText: string;
}

export interface PreparedPost {
  analysis: PreparedAnalysis;
  cluster: ClusterPrepared;
}

/** `segmenter`: the clusterer's (the shared default one for the service's clusterer). */
export function preparePost(
  pipeline: AnalysisPipeline,
  segmenter: Segmenter,
  input: PrepareInput,
): PreparedPost {
  return {
    analysis: pipeline.prepare({
      id: '',
      title: input.title,
      text: input.text,
      author: input.author,
      source: input.source,
      region: input.region,
    }),
    cluster: prepareClusterPost({ text: input.analysisText, title: input.title }, segmenter),
  };
}
