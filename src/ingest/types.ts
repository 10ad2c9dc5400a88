// What every connector (feeds, web pages, push API, file import, informant reports, demo
// replay) hands to the ingest service: posts as found, not yet validated or normalised, and
// the errors met on the way. A connector never throws for bad input; it reports.

/** A post as a connector found it (SPEC "API surface", POST /api/v1/ingest). */
export interface IncomingPost {
  /** The post's id at its source, when it has one. */
  id?: string | undefined;
  /** Name of the source (a registered source key, or a platform name for pushed posts). */
  source: string;
  url?: string | undefined;
  /** Author handle as published. */
  author?: string | undefined;
  title?: string | undefined;
  /** Body text; may hold HTML (feeds, pages). */
  text: string;
  /** Publication time as found: ISO 8601, RFC 822, or a Chinese form such as `3分钟前`. */
  published_at?: string | undefined;
  lang?: string | undefined;
  parent_id?: string | undefined;
  metrics?:
    | { reposts?: number; comments?: number; likes?: number; views?: number; followers?: number }
    | undefined;
  region?: string | undefined;
}

export interface ConnectorError {
  /** 0-based position of the item the error is about, when it is about one. */
  index?: number | undefined;
  /** The field at fault, e.g. `published_at`. */
  field?: string | undefined;
  message: string;
}

export interface ConnectorResult<T = IncomingPost> {
  items: T[];
  errors: ConnectorError[];
}
