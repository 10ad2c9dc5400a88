// Monitoring schemes (监测方案), their live test against history, and the analysis settings.
import { z } from 'zod';
import type { Router, Services } from '../app.ts';
import {
  analyseResultSchema,
  analyseTextBody,
  analysisSettingsSchema,
  analysisStatusSchema,
  idParams,
  page,
  riskLexiconBody,
  schemeBody,
  schemePatch,
  schemeSchema,
  schemeTestBody,
  schemeTestResultSchema,
  userWordsBody,
} from '../schemas.ts';

export function registerSchemeRoutes(route: Router, s: Services): void {
  const tag = 'schemes';
  route(
    {
      method: 'GET',
      url: '/api/v1/schemes',
      summary: 'Schemes in your scope, with how many stored mentions each matches',
      tag,
      access: 'signed-in',
      query: z.object({
        archived: z
          .enum(['0', '1'])
          .default('0')
          .transform((v) => v === '1'),
      }),
      response: page(schemeSchema),
    },
    async ({ actor, query }) => ({
      items: await s.schemes.list(actor, { archived: query.archived }),
      next_cursor: null,
    }),
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/schemes/:id',
      summary: 'One scheme',
      tag,
      access: 'signed-in',
      params: idParams,
      response: schemeSchema,
    },
    async ({ actor, params }) => s.schemes.get(actor, params.id),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/schemes',
      summary: 'Add a scheme (a syntax error answers 422 with its position)',
      tag,
      access: 'signed-in',
      body: schemeBody,
      status: 201,
      response: schemeSchema,
    },
    async ({ actor, body }) => s.schemes.create(actor, body),
  );
  route(
    {
      method: 'PATCH',
      url: '/api/v1/schemes/:id',
      summary: 'Change, pause (enabled: false) or resume a scheme; history is matched again',
      tag,
      access: 'signed-in',
      params: idParams,
      body: schemePatch,
      response: schemeSchema,
    },
    async ({ actor, params, body }) => s.schemes.update(actor, params.id, body),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/schemes/:id/archive',
      summary: 'Archive a scheme: it stops matching; its record stays',
      tag,
      access: 'signed-in',
      params: idParams,
      response: schemeSchema,
    },
    async ({ actor, params }) => s.schemes.archive(actor, params.id),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/schemes/test',
      summary: 'What a query would have matched in stored history, before it is saved',
      tag,
      access: 'signed-in',
      body: schemeTestBody,
      response: schemeTestResultSchema,
    },
    async ({ actor, body }) => s.schemes.test(actor, body),
  );

  const analysis = 'analysis';
  route(
    {
      method: 'POST',
      url: '/api/v1/analyze',
      summary: 'Analyse one text as the pipeline would (nothing is stored)',
      tag: analysis,
      access: 'signed-in',
      body: analyseTextBody,
      response: analyseResultSchema,
    },
    async ({ actor, body }) => {
      const a = await s.analysis.preview(actor, body);
      return {
        analysis: a.analysis,
        sentiment: a.sentiment,
        regions: a.regions,
        risk: a.risk,
        schemes: a.schemes,
        keywords: a.keywords,
      };
    },
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/analysis/settings',
      summary: 'The risk lexicon and the user dictionary in force',
      tag: analysis,
      access: 'signed-in',
      response: analysisSettingsSchema,
    },
    async ({ actor }) => s.analysis.settings(actor),
  );
  route(
    {
      method: 'PUT',
      url: '/api/v1/analysis/risk-lexicon',
      summary: 'Replace the risk lexicon (null: back to the built-in one) (admin, office)',
      tag: analysis,
      access: 'signed-in',
      body: riskLexiconBody,
      response: analysisSettingsSchema,
    },
    async ({ actor, body }) => s.analysis.setRiskLexicon(actor, body.lexicon),
  );
  route(
    {
      method: 'PUT',
      url: '/api/v1/analysis/user-words',
      summary: 'Replace the user dictionary of the segmenter (admin, office)',
      tag: analysis,
      access: 'signed-in',
      body: userWordsBody,
      response: analysisSettingsSchema,
    },
    async ({ actor, body }) => s.analysis.setUserWords(actor, body.words),
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/analysis/status',
      summary: 'Progress of a running re-analysis',
      tag: analysis,
      access: 'signed-in',
      response: analysisStatusSchema,
    },
    ({ actor }) => Promise.resolve(s.analysis.status(actor)),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/analysis/reanalyze',
      summary: 'Analyse stored mentions again in the background (admin, office)',
      tag: analysis,
      access: 'signed-in',
      body: z.object({ stale_only: z.boolean().default(false) }),
      status: 202,
      response: analysisStatusSchema,
    },
    ({ actor, body }) =>
      Promise.resolve(s.analysis.startReanalysis(actor, { staleOnly: body.stale_only })),
  );
}
