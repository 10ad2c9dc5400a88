// `npm run train:sentiment`: trains the committed sentiment model (src/analysis/models/
// sentiment.bin) on the training part of the in-domain setting (every corpus of
// ../shared/data/sentiment minus its held-back fifth, see docs/SENTIMENT.md) plus Yuqing's seed
// examples, with the lexicons of ../shared/data/lexicon. Deterministic: the same data give the
// same bytes.
//
// Options: --out FILE (default: the committed model's path).

import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { DEFAULT_MODEL_PATH } from '../src/analysis/sentiment.ts';
import { haveSentimentData, trainCommittedModel } from './sentiment-data.ts';

function main(): void {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  if (!haveSentimentData()) {
    console.error('train:sentiment needs ../shared/data (sentiment/ and lexicon/); it is missing');
    process.exit(2);
  }
  const started = performance.now();
  const { bytes, examples, lexicon } = trainCommittedModel();
  const out = values.out ?? DEFAULT_MODEL_PATH;
  writeFileSync(out, bytes);
  const sha = createHash('sha256').update(bytes).digest('hex');
  console.log(
    `trained on ${examples} texts with ${lexicon} lexicon words in ` +
      `${((performance.now() - started) / 1000).toFixed(1)} s; wrote ${out} ` +
      `(${(bytes.length / 1024 / 1024).toFixed(2)} MiB, sha256 ${sha})`,
  );
}

main();
