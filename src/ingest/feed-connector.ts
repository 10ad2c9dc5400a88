// The feed connector: polls one RSS/Atom source with a conditional GET and turns its entries into
// posts. It never throws: fetch and parse problems come back as errors and in the poll state.
//
// Pointing Yuqing at RSSHub
// -------------------------
// Weibo, WeChat official accounts (公众号), Douyin, Bilibili, Zhihu and many news and government
// sites have no feed of their own. RSSHub (https://docs.rsshub.app, AGPL-3.0) makes one per
// "route"; a Yuqing feed source simply has an RSSHub route URL as its address, e.g.
//
//   https://rsshub.example.org/weibo/user/<uid>        a Weibo account (uid from its profile URL)
//   https://rsshub.example.org/weibo/keyword/<词>       Weibo search for a keyword
//   https://rsshub.example.org/wechat/wechat2rss/<id>  a WeChat account via a third-party mirror
//   https://rsshub.example.org/wechat/ce/<id>          (WeChat routes depend on such mirrors and
//                                                       change; check RSSHub's route list)
//   https://rsshub.example.org/bilibili/user/dynamic/<uid>
//
// Common query parameters work too: `?limit=50` (more entries per poll), `?filter=统计` (only
// entries whose title/description match), `?format=atom`.
//
// Run your own instance. The public rsshub.app is rate-limited and its Weibo and WeChat routes
// often fail; RSSHub is one container (`docker run -d -p 1200:1200 diygod/rsshub`, then the
// address is e.g. `http://127.0.0.1:1200/weibo/user/<uid>`; an intranet or loopback address is
// fine for a configured feed). Weibo routes work far better with a logged-in cookie given to the
// instance (`WEIBO_COOKIES`); other platforms have their own variables (see RSSHub's
// "Deployment > Configuration"). RSSHub caches each route (`CACHE_EXPIRE`, 5 minutes by
// default), so polling a route more often than that only reads the cache; it answers conditional
// requests, so an unchanged feed costs a 304.
//
// Access keys: an instance reachable by others should set `ACCESS_KEY`; RSSHub then serves a
// route only with `?key=<ACCESS_KEY>` or `?code=<md5(route path + ACCESS_KEY)>` appended, e.g.
// `https://rsshub.example.org/weibo/user/1234567890?key=<ACCESS_KEY>`. The key is then part of the
// source address: Yuqing redacts `key` and `code` values in the errors it reports, but anyone
// who may view the source registry sees it, so prefer the per-route `code` form.
//
// robots.txt is not consulted for feeds: a feed exists to be polled by machines, and the source
// was registered by a person on purpose (as feed readers do). Page crawling does consult it.

import { feedEntriesToPosts, parseFeed } from './feed-parser.ts';
import { fetchResource, redactUrl } from './http-fetch.ts';
import type { FetchOptions, HostLimiter } from './http-fetch.ts';
import type { ConnectorResult } from './types.ts';

export interface FeedSource {
  /** The registered source key; becomes the posts' `source`. */
  key: string;
  /** The feed URL (an RSSHub route, a site's RSS/Atom feed). */
  address: string;
  /** Validators saved from the previous poll, for a conditional GET. */
  etag?: string | null | undefined;
  lastModified?: string | null | undefined;
}

export interface FeedDeps {
  limiter: HostLimiter;
  fetchOptions?: FetchOptions;
}

export interface FeedPollState {
  /** Validators to save for the next poll (null when the server sent none). */
  etag: string | null;
  lastModified: string | null;
  /** The server said the feed is unchanged (304): no items, nothing to do. */
  notModified: boolean;
  httpStatus?: number;
  /** Where the feed was read from after redirects (to update the address on a permanent move). */
  finalUrl?: string;
  /**
   * Why the poll failed: the feed could not be fetched, or nothing in it could be read as a feed.
   * Problems with a feed that was still read (bad XML, an entry without text) are only in
   * `result.errors`, so they do not count as a failed poll.
   */
  error?: string;
  /** From a 429/503 answer's Retry-After: wait at least this long before the next poll. */
  retryAfterSeconds?: number;
}

export interface FeedPoll {
  result: ConnectorResult;
  state: FeedPollState;
}

const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';

export async function pollFeed(source: FeedSource, deps: FeedDeps): Promise<FeedPoll> {
  await deps.limiter.acquire(source.address);
  const res = await fetchResource(source.address, {
    accept: FEED_ACCEPT,
    ...deps.fetchOptions,
    etag: source.etag ?? null,
    lastModified: source.lastModified ?? null,
  });

  if (!res.ok) {
    const { error } = res;
    const state: FeedPollState = {
      // Kept: the copy we hold is still the one these describe.
      etag: source.etag ?? null,
      lastModified: source.lastModified ?? null,
      notModified: false,
      error: error.message,
    };
    if (error.status !== undefined) state.httpStatus = error.status;
    if (error.retryAfterSeconds !== undefined) state.retryAfterSeconds = error.retryAfterSeconds;
    return {
      result: { items: [], errors: [{ field: 'address', message: error.message }] },
      state,
    };
  }

  if (res.notModified) {
    return {
      result: { items: [], errors: [] },
      state: {
        // A 304 may carry fresh validators; otherwise the old ones still hold.
        etag: res.headers.etag ?? source.etag ?? null,
        lastModified: res.headers['last-modified'] ?? source.lastModified ?? null,
        notModified: true,
        httpStatus: res.status,
        finalUrl: res.finalUrl,
      },
    };
  }

  const contentType = res.headers['content-type'];
  const feed = parseFeed(res.bytes, {
    ...(contentType === undefined ? {} : { contentType }),
    baseUrl: res.finalUrl,
  });
  const result = feedEntriesToPosts(source.key, feed);
  const state: FeedPollState = {
    etag: res.headers.etag ?? null,
    lastModified: res.headers['last-modified'] ?? null,
    notModified: false,
    httpStatus: res.status,
    finalUrl: res.finalUrl,
  };
  if (feed.entries.length === 0 && feed.format === 'unknown') {
    const why = feed.errors[0]?.message ?? 'no RSS or Atom root element';
    state.error = `${redactUrl(res.finalUrl)} is not a feed: ${why}`;
  }
  return { result, state };
}
