// What a pure rule of incident response returns instead of throwing: the value, or an error
// with a stable code and the HTTP status a service should answer with. Services turn a failed
// outcome into an AppError (same status and code); nothing here throws for a person's mistake.

export const RULE_ERROR_CODES = [
  'invalid_input',
  'forbidden',
  'not_found',
  'invalid_state',
  'approval_required',
] as const;
/**
 * invalid_input (400): the request itself is wrong (missing text, unknown option, a time in
 * the future). forbidden (403): the actor may not take this step (role, position, unit,
 * confidentiality). not_found (404): it names a task, entry, report or approval the incident
 * does not have. invalid_state (409): the step is not possible in the incident's current state.
 * approval_required (409): the step needs a signed (approved, current) document first.
 */
export type RuleErrorCode = (typeof RULE_ERROR_CODES)[number];

const STATUS: Record<RuleErrorCode, 400 | 403 | 404 | 409> = {
  invalid_input: 400,
  forbidden: 403,
  not_found: 404,
  invalid_state: 409,
  approval_required: 409,
};

export interface RuleError {
  code: RuleErrorCode;
  status: 400 | 403 | 404 | 409;
  /** Says what is wrong in words a person can act on (English; the UI translates by code). */
  message: string;
  /** Field problems, for invalid_input: `path` as in the request body. */
  details?: { path: string; message: string }[];
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: RuleError };

export const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });

export function fail<T = never>(
  code: RuleErrorCode,
  message: string,
  details?: { path: string; message: string }[],
): Outcome<T> {
  const error: RuleError = { code, status: STATUS[code], message };
  if (details) error.details = details;
  return { ok: false, error };
}

/** The HTTP status of an error code. */
export function statusOf(code: RuleErrorCode): 400 | 403 | 404 | 409 {
  return STATUS[code];
}
