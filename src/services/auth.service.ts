// Sign-in, sessions, API-token authentication and password change.
// Sessions live on the server; the browser holds only a random value in an httpOnly cookie,
// and the store holds only its sha256.
import { createHash, randomBytes } from 'node:crypto';
import {
  ROLES,
  scopeForUnit,
  TOKEN_SCOPES,
  type Principal,
  type Role,
  type TokenScope,
} from '../domain/access.ts';
import { errors } from '../errors.ts';
import { AccountRepository } from '../store/account.repository.ts';
import { OrgRepository } from '../store/org.repository.ts';
import type { UserRow } from '../store/schema.ts';
import { audit, type Actor, type ServiceDeps } from './context.ts';
import { hashPassword, passwordProblem, UNUSABLE_HASH, verifyPassword } from './password.ts';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;
/** Sign-in attempts one address may make per minute, whatever the user name. */
export const LOGIN_ATTEMPTS_PER_MINUTE = 10;

export function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

export function parseRoles(json: string): Role[] {
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? parsed.filter((r): r is Role => ROLES.includes(r as Role)) : [];
}

export function parseScopes(json: string): TokenScope[] {
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed)
    ? parsed.filter((s): s is TokenScope => TOKEN_SCOPES.includes(s as TokenScope))
    : [];
}

/** Fixed-window counter per key, kept in memory: enough for one server process. */
class WindowLimiter {
  private readonly hits = new Map<string, { start: number; count: number }>();
  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** Counts a hit; returns seconds to wait when over the limit, else 0. */
  hit(key: string, nowMs: number): number {
    const w = this.hits.get(key);
    if (!w || nowMs - w.start >= this.windowMs) {
      this.hits.set(key, { start: nowMs, count: 1 });
      if (this.hits.size > 10_000) this.prune(nowMs);
      return 0;
    }
    w.count += 1;
    return w.count > this.max ? Math.ceil((w.start + this.windowMs - nowMs) / 1000) : 0;
  }

  private prune(nowMs: number): void {
    for (const [k, w] of this.hits) if (nowMs - w.start >= this.windowMs) this.hits.delete(k);
  }
}

export interface LoginResult {
  sessionToken: string;
  expiresAt: string;
  principal: Principal;
}

/**
 * How long a token's principal is answered from memory. A pushing collector sends many requests
 * a second, and each read the token and its unit (two queries waiting for SQLite's one
 * connection behind the ingest transactions). Revoking through this server takes effect at once
 * (`forgetToken`); a change made by another process (the CLI, a second server on PostgreSQL)
 * within this many milliseconds. Real time, not the services' clock (tests move that).
 */
const TOKEN_CACHE_MS = 5_000;
const TOKEN_CACHE_MAX = 1_000;

export class AuthService {
  private readonly loginLimiter = new WindowLimiter(LOGIN_ATTEMPTS_PER_MINUTE, 60_000);
  private readonly tokens = new Map<string, { principal: Principal; until: number }>();

  constructor(private readonly deps: ServiceDeps) {}

  private get db() {
    return this.deps.store.db;
  }

  async principalForUser(user: UserRow): Promise<Principal> {
    const unit = await new OrgRepository(this.db).getUnit(user.unit_id);
    if (!unit) throw new Error(`user ${user.id} has no unit`);
    return {
      kind: 'user',
      id: user.id,
      username: user.username,
      displayName: user.display_name,
      roles: parseRoles(user.roles),
      leaderKind: user.leader_kind,
      unitId: user.unit_id,
      scope: scopeForUnit(unit),
    };
  }

  async login(
    username: string,
    password: string,
    meta: { ip: string | null; userAgent: string | null },
  ): Promise<LoginResult> {
    const now = this.deps.now();
    const wait = this.loginLimiter.hit(meta.ip ?? 'unknown', now.getTime());
    if (wait > 0) throw errors.rateLimited(wait);

    const accounts = new AccountRepository(this.db);
    const user = await accounts.getUserByUsername(username);
    if (!user || user.disabled) {
      await verifyPassword(password, UNUSABLE_HASH); // same time as a real check
      throw errors.invalidCredentials();
    }
    if (user.locked_until && user.locked_until > now.toISOString()) {
      const seconds = Math.ceil((Date.parse(user.locked_until) - now.getTime()) / 1000);
      throw errors.locked(seconds);
    }
    if (!(await verifyPassword(password, user.password_hash))) {
      const failed = user.failed_logins + 1;
      const actor: Actor = { principal: null, ip: meta.ip };
      await this.db.transaction().execute(async (trx) => {
        if (failed >= MAX_FAILED_LOGINS) {
          const until = new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString();
          await new AccountRepository(trx).updateUser(user.id, {
            failed_logins: 0,
            locked_until: until,
          });
          await audit(trx, actor, now, {
            action: 'auth.lockout',
            objectType: 'user',
            objectId: user.id,
            after: { username: user.username, locked_until: until, failed_logins: failed },
          });
        } else {
          await new AccountRepository(trx).updateUser(user.id, { failed_logins: failed });
        }
      });
      throw errors.invalidCredentials();
    }

    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + this.deps.sessionHours * 3_600_000).toISOString();
    const principal = await this.principalForUser(user);
    await this.db.transaction().execute(async (trx) => {
      const repo = new AccountRepository(trx);
      await repo.updateUser(user.id, { failed_logins: 0, locked_until: null });
      await repo.insertSession({
        id: sha256(token),
        user_id: user.id,
        created_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        expires_at: expiresAt,
        ip: meta.ip,
        user_agent: meta.userAgent?.slice(0, 300) ?? null,
      });
      await audit(trx, { principal, ip: meta.ip }, now, {
        action: 'auth.login',
        objectType: 'user',
        objectId: user.id,
      });
    });
    return { sessionToken: token, expiresAt, principal };
  }

  /** The principal behind a session cookie, sliding its expiry; null when not valid. */
  async authenticateSession(
    token: string,
  ): Promise<{ principal: Principal; sessionId: string } | null> {
    const now = this.deps.now();
    const id = sha256(token);
    const accounts = new AccountRepository(this.db);
    const s = await accounts.getLiveSession(id, now.toISOString());
    if (!s) return null;
    const user = await accounts.getUser(s.user_id);
    if (!user || user.disabled) return null;
    // Slide the expiry at most once a minute, not on every request.
    if (now.getTime() - Date.parse(s.last_seen_at) > 60_000) {
      const expires = new Date(now.getTime() + this.deps.sessionHours * 3_600_000).toISOString();
      await accounts.touchSession(id, now.toISOString(), expires);
    }
    return { principal: await this.principalForUser(user), sessionId: id };
  }

  async authenticateToken(token: string): Promise<Principal | null> {
    const hash = sha256(token);
    const cached = this.tokens.get(hash);
    if (cached && cached.until > performance.now()) return cached.principal;
    if (cached) this.tokens.delete(hash);
    const principal = await this.readToken(hash);
    if (principal) {
      if (this.tokens.size >= TOKEN_CACHE_MAX) this.tokens.clear();
      this.tokens.set(hash, { principal, until: performance.now() + TOKEN_CACHE_MS });
    }
    return principal;
  }

  /** A revoked token is refused from now on (see TOKEN_CACHE_MS). */
  forgetToken(id: string): void {
    for (const [hash, entry] of this.tokens)
      if (entry.principal.id === id) this.tokens.delete(hash);
  }

  private async readToken(hash: string): Promise<Principal | null> {
    const accounts = new AccountRepository(this.db);
    const row = await accounts.getTokenByHash(hash);
    if (!row || row.revoked_at) return null;
    const unit = await new OrgRepository(this.db).getUnit(row.unit_id);
    if (!unit) return null;
    const now = this.deps.now();
    if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > 60_000) {
      await accounts.updateToken(row.id, { last_used_at: now.toISOString() });
    }
    return {
      kind: 'token',
      id: row.id,
      name: row.name,
      scopes: parseScopes(row.scopes),
      unitId: row.unit_id,
      scope: scopeForUnit(unit),
    };
  }

  async logout(sessionId: string, actor: Actor): Promise<void> {
    const now = this.deps.now();
    await this.db.transaction().execute(async (trx) => {
      await new AccountRepository(trx).deleteSession(sessionId);
      if (actor.principal) {
        await audit(trx, actor, now, {
          action: 'auth.logout',
          objectType: 'user',
          objectId: actor.principal.id,
        });
      }
    });
  }

  /** Changes one's own password; ends the user's other sessions. */
  async changePassword(
    actor: Actor,
    sessionId: string,
    current: string,
    next: string,
  ): Promise<void> {
    const p = actor.principal;
    if (!p || p.kind !== 'user')
      throw errors.forbidden('only a signed-in person can change a password');
    const accounts = new AccountRepository(this.db);
    const user = await accounts.getUser(p.id);
    if (!user) throw errors.notFound('user');
    if (!(await verifyPassword(current, user.password_hash))) {
      throw errors.invalidInput('the current password is wrong', [
        { path: 'current_password', message: 'wrong password' },
      ]);
    }
    const problem = passwordProblem(next);
    if (problem) throw errors.invalidInput(problem, [{ path: 'new_password', message: problem }]);
    if (current === next) {
      throw errors.invalidInput('the new password must differ from the current one', [
        { path: 'new_password', message: 'same as the current password' },
      ]);
    }
    const hash = await hashPassword(next);
    const now = this.deps.now();
    await this.db.transaction().execute(async (trx) => {
      const repo = new AccountRepository(trx);
      await repo.updateUser(user.id, {
        password_hash: hash,
        password_changed_at: now.toISOString(),
        updated_at: now.toISOString(),
      });
      await repo.deleteUserSessions(user.id, sessionId);
      await audit(trx, actor, now, {
        action: 'user.password_change',
        objectType: 'user',
        objectId: user.id,
      });
    });
  }
}
