// Official information release (信息发布). Public, no sign-in: the list of statements
// (GET /releases), one statement with its history (GET /releases/{id}) and the Atom feed
// (GET /releases/feed.xml). Signed-in: statements with their publications, the share kit, the
// effect on the incident's events, retrying a channel and recording a proof, and the settings.
// Publishing itself is the incident step `publish_release` (POST /api/v1/incidents/{id}/actions).
import { z } from 'zod';
import { renderAtomFeed } from '../../publish/atom-feed.ts';
import { renderReleaseList, renderReleasePage } from '../../publish/public-page.ts';
import {
  proofBody,
  type PublicationItem,
  type ReleaseEffect,
  type ReleaseItem,
  type ReleaseSettings,
  type ShareKit,
} from '../../services/release.service.ts';
import type { Router, Services } from '../app.ts';
import { idParams } from '../schemas.ts';

const tag = 'releases';

const releaseShape = z.looseObject({
  id: z.string(),
  unitName: z.string(),
  status: z.enum(['published', 'corrected', 'withdrawn']),
  publishedAt: z.string(),
  content: z.looseObject({ kind: z.string(), title: z.string(), body: z.string() }),
  contentHash: z.string(),
  incidentId: z.string(),
  pageUrl: z.string(),
  publications: z.array(z.looseObject({ id: z.string(), channel: z.string(), status: z.string() })),
});
const releaseSchema = releaseShape as unknown as z.ZodType<ReleaseItem>;
const publicationSchema = z.looseObject({
  id: z.string(),
  channel: z.string(),
  status: z.string(),
}) as unknown as z.ZodType<PublicationItem>;

const publicIdParams = z.object({ id: z.string().regex(/^[0-9A-Za-z_-]{1,64}$/) });

export function registerReleaseRoutes(route: Router, s: Services): void {
  const html = (reply: {
    type: (t: string) => unknown;
    header: (k: string, v: string) => unknown;
  }) => {
    reply.type('text/html; charset=utf-8');
    reply.header('cache-control', 'public, max-age=60');
  };

  route(
    {
      method: 'GET',
      url: '/releases',
      summary: 'Official statements, newest first (public HTML page, no sign-in)',
      tag,
      access: 'public',
    },
    async ({ reply }) => {
      const [releases, baseUrl, siteTitle] = await Promise.all([
        s.releases.listPublic(),
        s.releases.baseUrl(),
        s.releases.siteTitle(),
      ]);
      html(reply);
      return renderReleaseList({ baseUrl, siteTitle, releases });
    },
  );

  route(
    {
      method: 'GET',
      url: '/releases/feed.xml',
      summary: 'Official statements as an Atom feed (public, no sign-in)',
      tag,
      access: 'public',
    },
    async ({ reply }) => {
      const [releases, baseUrl, siteTitle] = await Promise.all([
        s.releases.listPublic(),
        s.releases.baseUrl(),
        s.releases.siteTitle(),
      ]);
      void reply
        .type('application/atom+xml; charset=utf-8')
        .header('cache-control', 'public, max-age=60');
      return renderAtomFeed({ baseUrl, title: siteTitle, releases });
    },
  );

  route(
    {
      method: 'GET',
      url: '/releases/:id',
      summary: 'One official statement with its corrections and withdrawal (public HTML page)',
      tag,
      access: 'public',
      params: publicIdParams,
    },
    async ({ params, reply }) => {
      const { release, related } = await s.releases.getPublic(params.id);
      const [baseUrl, siteTitle] = await Promise.all([
        s.releases.baseUrl(),
        s.releases.siteTitle(),
      ]);
      html(reply);
      return renderReleasePage({ baseUrl, siteTitle, release, related });
    },
  );

  route(
    {
      method: 'GET',
      url: '/api/v1/releases',
      summary: 'Statements with their publications per channel (newest first)',
      tag,
      access: 'signed-in',
      query: z.object({
        incidentId: z.string().min(1).max(128).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
      response: z.object({ items: z.array(releaseSchema) }),
    },
    async ({ actor, query }) => ({ items: await s.releases.list(actor, query) }),
  );

  route(
    {
      method: 'GET',
      url: '/api/v1/releases/settings',
      summary:
        'Release settings: public page title and address, the adapter per channel (secrets masked)',
      tag,
      access: 'signed-in',
    },
    async ({ actor }) => s.releases.settings(actor),
  );

  route(
    {
      method: 'PUT',
      url: '/api/v1/releases/settings',
      summary: 'Replace the release settings (a masked secret keeps the stored one)',
      tag,
      access: 'signed-in',
      body: z.unknown(),
    },
    async ({ actor, body }): Promise<ReleaseSettings> => s.releases.putSettings(actor, body),
  );

  route(
    {
      method: 'GET',
      url: '/api/v1/releases/:id',
      summary: 'One statement with its publications',
      tag,
      access: 'signed-in',
      params: idParams,
      response: releaseSchema,
    },
    async ({ actor, params }) => s.releases.get(actor, params.id),
  );

  route(
    {
      method: 'GET',
      url: '/api/v1/releases/:id/share-kit',
      summary: 'The approved wording, links and a QR code for staff and informants to share',
      tag,
      access: 'signed-in',
      params: idParams,
    },
    async ({ actor, params }): Promise<ShareKit> => s.releases.shareKit(actor, params.id),
  );

  route(
    {
      method: 'GET',
      url: '/api/v1/releases/:id/effect',
      summary: 'Volume and sentiment of the incident’s events before and after the statement',
      tag,
      access: 'signed-in',
      params: idParams,
      query: z.object({ hours: z.coerce.number().int().min(1).max(72).default(24) }),
    },
    async ({ actor, params, query }): Promise<ReleaseEffect> =>
      s.releases.effect(actor, params.id, query.hours),
  );

  route(
    {
      method: 'GET',
      url: '/api/v1/events/:id/release-effect',
      summary: 'The statements that concern an event, each with its effect on the event',
      tag,
      access: 'signed-in',
      params: idParams,
      query: z.object({ hours: z.coerce.number().int().min(1).max(72).default(24) }),
    },
    async ({ actor, params, query }) => ({
      items: await s.releases.effectForEvent(actor, params.id, query.hours),
    }),
  );

  route(
    {
      method: 'POST',
      url: '/api/v1/publications/:id/retry',
      summary: 'Send a failed publication again (the office)',
      tag,
      access: 'signed-in',
      params: idParams,
      response: publicationSchema,
    },
    async ({ actor, params }) => s.releases.retry(actor, params.id),
  );

  route(
    {
      method: 'POST',
      url: '/api/v1/publications/:id/proof',
      summary: 'Record where a statement appeared: its URL and a screenshot (the office)',
      tag,
      access: 'signed-in',
      params: idParams,
      body: proofBody,
      bodyLimit: 10 * 1024 * 1024,
      response: publicationSchema,
    },
    async ({ actor, params, body }) => s.releases.recordProof(actor, params.id, body),
  );

  route(
    {
      method: 'GET',
      url: '/api/v1/publications/:id/proof',
      summary: 'The screenshot recorded as a publication’s proof',
      tag,
      access: 'signed-in',
      params: idParams,
    },
    async ({ actor, params, reply }) => {
      const file = await s.releases.proof(actor, params.id);
      void reply
        .type(file.type)
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.name)}`);
      return file.data;
    },
  );
}
