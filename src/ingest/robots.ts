// robots.txt (RFC 9309): parsing, matching a URL against the rules for Yuqing, and a per-origin
// cache that fetches each site's file at most once per TTL. Page connectors ask it before every fetch.

import { fetchResource, redactUrl } from './http-fetch.ts';
import type { FetchOptions, HostLimiter } from './http-fetch.ts';

/** The product token robots.txt groups name to address Yuqing (`User-agent: Yuqing`). */
export const ROBOTS_PRODUCT_TOKEN = 'Yuqing';

/** RFC 9309 asks crawlers to read at least 500 KiB; what follows is ignored. */
const MAX_ROBOTS_BYTES = 512 * 1024;

export interface RobotsRule {
  allow: boolean;
  /** The path pattern, percent-encoding normalised (may hold `*` and a final `$`). */
  path: string;
}

export interface RobotsGroup {
  /** The user-agent values the group names, as written. */
  userAgents: string[];
  rules: RobotsRule[];
  crawlDelaySeconds?: number;
}

export interface RobotsTxt {
  groups: RobotsGroup[];
  sitemaps: string[];
}

/** What applies to one crawler on one site. */
export interface RobotsPolicy {
  /** `rules`: from the file; `allow-all`/`disallow-all`: the file was missing or unreachable. */
  kind: 'rules' | 'allow-all' | 'disallow-all';
  rules: RobotsRule[];
  crawlDelaySeconds?: number;
  /** Why the policy is what it is, for messages (e.g. "robots.txt answered HTTP 503"). */
  reason: string;
}

export interface RobotsDecision {
  allowed: boolean;
  /** The rule that decided, when one did. */
  rule?: RobotsRule;
  /** Human-readable, naming the rule or the reason of the policy. */
  reason: string;
}

/**
 * Field names as written in the wild: Google accepts these misspellings, and site owners who
 * wrote them meant the rule.
 */
const FIELD_ALIASES: Readonly<Record<string, 'user-agent' | 'allow' | 'disallow' | 'crawl-delay'>> =
  {
    'user-agent': 'user-agent',
    useragent: 'user-agent',
    'user agent': 'user-agent',
    allow: 'allow',
    disallow: 'disallow',
    dissallow: 'disallow',
    dissalow: 'disallow',
    disalow: 'disallow',
    diasllow: 'disallow',
    disallaw: 'disallow',
    'crawl-delay': 'crawl-delay',
    crawldelay: 'crawl-delay',
  };

/** Reads a robots.txt; never throws (lines it cannot read are skipped, as RFC 9309 asks). */
export function parseRobots(text: string): RobotsTxt {
  const groups: RobotsGroup[] = [];
  const sitemaps: string[] = [];
  let current: RobotsGroup | undefined;
  // A group's user-agent lines are consecutive; any rule ends that run.
  let collectingAgents = false;
  for (const rawLine of text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/)) {
    const hash = rawLine.indexOf('#');
    const line = (hash >= 0 ? rawLine.slice(0, hash) : rawLine).trim();
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'sitemap') {
      if (value !== '') sitemaps.push(value);
      continue;
    }
    const field = FIELD_ALIASES[name];
    if (field === undefined) continue;
    if (field === 'user-agent') {
      if (!collectingAgents || current === undefined) {
        current = { userAgents: [], rules: [] };
        groups.push(current);
        collectingAgents = true;
      }
      current.userAgents.push(value);
      continue;
    }
    collectingAgents = false;
    // Rules before the first user-agent line belong to no group.
    if (current === undefined) continue;
    if (field === 'crawl-delay') {
      const seconds = Number(value);
      if (value !== '' && Number.isFinite(seconds) && seconds >= 0) {
        current.crawlDelaySeconds ??= seconds;
      }
      continue;
    }
    // An empty Disallow allows everything; it is no rule at all.
    if (value === '') continue;
    current.rules.push({ allow: field === 'allow', path: normalisePattern(value) });
  }
  return { groups, sitemaps };
}

/** The groups for `productToken` (merged, per RFC 9309), else those for `*`, else no rules. */
export function policyFor(robots: RobotsTxt, productToken = ROBOTS_PRODUCT_TOKEN): RobotsPolicy {
  const token = productToken.toLowerCase();
  const agentOf = (ua: string): string => (ua.split(/[\s/]/)[0] ?? '').toLowerCase();
  let matched = robots.groups.filter((g) => g.userAgents.some((ua) => agentOf(ua) === token));
  let who = `User-agent: ${productToken}`;
  if (matched.length === 0) {
    matched = robots.groups.filter((g) => g.userAgents.some((ua) => agentOf(ua) === '*'));
    who = 'User-agent: *';
  }
  if (matched.length === 0) {
    return { kind: 'rules', rules: [], reason: 'robots.txt has no group for this crawler' };
  }
  const policy: RobotsPolicy = {
    kind: 'rules',
    rules: matched.flatMap((g) => g.rules),
    reason: `robots.txt (${who})`,
  };
  const delay = matched.find((g) => g.crawlDelaySeconds !== undefined)?.crawlDelaySeconds;
  if (delay !== undefined) policy.crawlDelaySeconds = delay;
  return policy;
}

/**
 * Whether `url` may be fetched under `policy`: the longest matching pattern decides, Allow
 * winning a tie; no match allows. `/robots.txt` itself is always allowed.
 */
export function checkPolicy(policy: RobotsPolicy, url: string | URL): RobotsDecision {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return { allowed: false, reason: 'not a valid address' };
  }
  const target = normalisePercent(parsed.pathname + parsed.search);
  if (parsed.pathname === '/robots.txt') return { allowed: true, reason: 'robots.txt itself' };
  if (policy.kind !== 'rules')
    return { allowed: policy.kind === 'allow-all', reason: policy.reason };
  let best: RobotsRule | undefined;
  for (const rule of policy.rules) {
    if (!patternMatches(rule.path, target)) continue;
    if (
      best === undefined ||
      rule.path.length > best.path.length ||
      (rule.path.length === best.path.length && rule.allow && !best.allow)
    ) {
      best = rule;
    }
  }
  if (best === undefined) return { allowed: true, reason: `${policy.reason}: no rule matches` };
  return {
    allowed: best.allow,
    rule: best,
    reason: `${policy.reason}: ${best.allow ? 'Allow' : 'Disallow'}: ${best.path}`,
  };
}

/** Patterns are written as paths: non-ASCII encoded as UTF-8 percent-escapes, a leading `/`. */
function normalisePattern(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    out += code > 0x7e || code <= 0x20 ? encodeURIComponent(ch) : ch;
  }
  if (!out.startsWith('/') && !out.startsWith('*')) out = `/${out}`;
  return normalisePercent(out);
}

/** Upper-case percent-escapes, and decode those of unreserved characters (RFC 3986 6.2.2). */
function normalisePercent(s: string): string {
  return s.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => {
    const ch = String.fromCharCode(parseInt(hex, 16));
    return /^[A-Za-z0-9\-._~]$/.test(ch) ? ch : `%${hex.toUpperCase()}`;
  });
}

/**
 * Whether `pattern` matches the start of `path` (all of it when the pattern ends in `$`), `*`
 * matching any run of characters. Greedy matching with one back-track point: O(n·m) at worst,
 * never exponential, whatever a hostile robots.txt holds.
 */
export function patternMatches(pattern: string, path: string): boolean {
  const anchored = pattern.endsWith('$');
  const p = anchored ? pattern.slice(0, -1) : `${pattern}*`;
  let pi = 0;
  let ti = 0;
  let starAt = -1;
  let starText = 0;
  while (ti < path.length) {
    if (pi < p.length && p[pi] !== '*' && p[pi] === path[ti]) {
      pi++;
      ti++;
    } else if (pi < p.length && p[pi] === '*') {
      starAt = pi++;
      starText = ti;
    } else if (starAt >= 0) {
      pi = starAt + 1;
      ti = ++starText;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

// ---------------------------------------------------------------------------------------------

export interface RobotsCacheOptions {
  /** Spaces the robots.txt request with the site's other requests; told the Crawl-delay. */
  limiter?: HostLimiter;
  fetchOptions?: FetchOptions;
  /** How long a fetched (or missing) robots.txt is trusted. Default 24 h (RFC 9309's maximum). */
  ttlMs?: number;
  /** How long "unreachable, so disallow all" stands before trying again. Default 15 min. */
  failureTtlMs?: number;
  productToken?: string;
  now?: () => number;
  /** Origins kept; the oldest are dropped beyond it. Default 1000. */
  maxEntries?: number;
}

interface CacheEntry {
  expires: number;
  policy: Promise<RobotsPolicy>;
}

/** Per-origin robots.txt policies, fetched on demand (once at a time per origin) and cached. */
export class RobotsCache {
  private readonly entries = new Map<string, CacheEntry>();
  private readonly ttlMs: number;
  private readonly failureTtlMs: number;
  private readonly now: () => number;
  private readonly maxEntries: number;

  constructor(private readonly opts: RobotsCacheOptions = {}) {
    this.ttlMs = opts.ttlMs ?? 24 * 60 * 60 * 1000;
    this.failureTtlMs = opts.failureTtlMs ?? 15 * 60 * 1000;
    this.now = opts.now ?? Date.now;
    this.maxEntries = opts.maxEntries ?? 1000;
  }

  /**
   * Whether Yuqing may fetch `url`. `fetchOptions` apply to the robots.txt request when it has
   * to be made (e.g. `blockPrivateAddresses` for links found on a public page).
   */
  async check(url: string, fetchOptions?: FetchOptions): Promise<RobotsDecision> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return { allowed: false, reason: 'not a valid address' };
    }
    const policy = await this.policy(parsed, fetchOptions);
    return checkPolicy(policy, parsed);
  }

  /** The policy for the origin of `url`, from the cache or freshly fetched. */
  policy(url: URL, fetchOptions?: FetchOptions): Promise<RobotsPolicy> {
    const origin = url.origin;
    const now = this.now();
    const cached = this.entries.get(origin);
    if (cached !== undefined && cached.expires > now) return cached.policy;
    // Until the fetch settles, concurrent callers share it; its expiry is set when it does.
    const loaded = this.load(origin, fetchOptions)
      .catch((e: unknown): { policy: RobotsPolicy; ttlMs: number } => ({
        // Not expected (load reports its own failures); a safe default if it happens.
        policy: {
          kind: 'disallow-all',
          rules: [],
          reason: `robots.txt could not be read: ${e instanceof Error ? e.message : String(e)}`,
        },
        ttlMs: this.failureTtlMs,
      }))
      .then(({ policy, ttlMs }) => {
        if (ttlMs > 0) entry.expires = this.now() + ttlMs;
        else if (this.entries.get(origin) === entry) this.entries.delete(origin);
        if (policy.crawlDelaySeconds !== undefined) {
          this.opts.limiter?.setHostInterval(url, policy.crawlDelaySeconds * 1000);
        }
        return policy;
      });
    const entry: CacheEntry = { expires: Number.POSITIVE_INFINITY, policy: loaded };
    this.entries.delete(origin);
    this.entries.set(origin, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return entry.policy;
  }

  private async load(
    origin: string,
    fetchOptions: FetchOptions | undefined,
  ): Promise<{ policy: RobotsPolicy; ttlMs: number }> {
    const robotsUrl = `${origin}/robots.txt`;
    await this.opts.limiter?.acquire(robotsUrl);
    const res = await fetchResource(robotsUrl, {
      ...this.opts.fetchOptions,
      ...fetchOptions,
      etag: undefined,
      lastModified: undefined,
      accept: 'text/plain, */*;q=0.5',
      maxBytes: MAX_ROBOTS_BYTES,
      truncate: true,
    });
    const where = redactUrl(robotsUrl);
    if (res.ok) {
      const text = new TextDecoder('utf-8').decode(res.bytes);
      const policy = policyFor(parseRobots(text), this.opts.productToken);
      return { policy, ttlMs: this.ttlMs };
    }
    const { error } = res;
    switch (error.kind) {
      case 'http': {
        const status = error.status ?? 0;
        // RFC 9309 2.3.1: a missing file (4xx), or more than five redirects, means no rules.
        // 429 is the server asking us to slow down, not saying the file is absent.
        if ((status >= 400 && status < 500 && status !== 429) || (status >= 300 && status < 400)) {
          return {
            policy: { kind: 'allow-all', rules: [], reason: `${where} answered HTTP ${status}` },
            ttlMs: this.ttlMs,
          };
        }
        return {
          policy: {
            kind: 'disallow-all',
            rules: [],
            reason: `${where} answered HTTP ${status}; the site is treated as disallowed until it can be read`,
          },
          ttlMs: this.failureTtlMs,
        };
      }
      case 'blocked':
        // Depends on the caller's options, so it is not remembered for the origin.
        return {
          policy: { kind: 'disallow-all', rules: [], reason: error.message },
          ttlMs: 0,
        };
      case 'timeout':
      case 'network':
      case 'too_large':
        return {
          policy: {
            kind: 'disallow-all',
            rules: [],
            reason: `${where} unreachable (${error.message}); the site is treated as disallowed until it can be read`,
          },
          ttlMs: this.failureTtlMs,
        };
    }
  }
}
