// The analysis settings a person edits in 设置, as zod schemas. Only zod is imported here, so
// the API schemas (and through them the web UI's types) can use them without the pipeline.
import { z } from 'zod';

/** Words the segmenter keeps whole, on top of the built-in domain dictionary. */
export const userWordsSchema = z
  .array(
    z
      .string()
      .trim()
      .min(2, 'a word has at least 2 characters')
      .max(30, 'a word has at most 30 characters')
      .regex(/^\S+$/u, 'a word has no spaces'),
  )
  .max(5000, 'at most 5,000 words');
