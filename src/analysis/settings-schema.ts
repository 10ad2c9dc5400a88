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

const MAX_TERM_LENGTH = 50;

const termSchema = z
  .string()
  .trim()
  .min(1, 'a term must not be empty')
  .max(MAX_TERM_LENGTH, `a term has at most ${MAX_TERM_LENGTH} characters`);

export const riskCategorySchema = z.object({
  id: z
    .string()
    .min(1, 'the id must not be empty')
    .max(64, 'the id has at most 64 characters')
    .regex(
      /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/u,
      'the id is a slug: lower-case letters and digits, words joined by - or _',
    ),
  name: z.string().trim().min(1, 'the name must not be empty').max(50),
  nameEn: z.string().trim().min(1, 'the English name must not be empty').max(100),
  weight: z
    .number()
    .min(0, 'the weight is between 0 and 1')
    .max(1, 'the weight is between 0 and 1'),
  terms: z
    .array(termSchema)
    .min(1, 'a category needs at least one term')
    .max(2000, 'a category has at most 2000 terms'),
  exclude: z.array(termSchema).max(2000, 'a category has at most 2000 exclusions').optional(),
});

/** Validates a lexicon from settings or a file; issues carry paths like `categories.2.terms.5`. */
export const riskLexiconSchema = z
  .object({
    categories: z
      .array(riskCategorySchema)
      .min(1, 'the lexicon needs at least one category')
      .max(200, 'the lexicon has at most 200 categories'),
  })
  .superRefine((lexicon, ctx) => {
    const first = new Map<string, number>();
    lexicon.categories.forEach((category, index) => {
      const earlier = first.get(category.id);
      if (earlier === undefined) first.set(category.id, index);
      else {
        ctx.addIssue({
          code: 'custom',
          message: `the id "${category.id}" is already used by category ${earlier}`,
          path: ['categories', index, 'id'],
        });
      }
    });
  });
