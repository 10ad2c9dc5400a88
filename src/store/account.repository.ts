// Accounts: users, their server-side sessions and machines' API tokens. Secrets never reach
// this layer in the clear: passwords arrive hashed, session and token values as sha256.
import type { Db } from './db.ts';
import type { ApiTokenRow, ApiTokenTable, SessionTable, UserRow, UserTable } from './schema.ts';

export class AccountRepository {
  constructor(private readonly db: Db) {}

  getUser(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  getUserByUsername(username: string): Promise<UserRow | undefined> {
    return this.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', username)
      .executeTakeFirst();
  }

  listUsers(): Promise<UserRow[]> {
    return this.db.selectFrom('users').selectAll().orderBy('username').execute();
  }

  async insertUser(row: UserTable): Promise<UserRow> {
    await this.db.insertInto('users').values(row).execute();
    return row;
  }

  async updateUser(id: string, patch: Partial<UserTable>): Promise<void> {
    await this.db.updateTable('users').set(patch).where('id', '=', id).execute();
  }

  async insertSession(row: SessionTable): Promise<void> {
    await this.db.insertInto('sessions').values(row).execute();
  }

  /** A live session with its user, or undefined when absent or expired. */
  async getLiveSession(id: string, now: string) {
    return this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select([
        'sessions.id as session_id',
        'sessions.last_seen_at',
        'sessions.expires_at',
        'users.id as user_id',
      ])
      .where('sessions.id', '=', id)
      .where('sessions.expires_at', '>', now)
      .executeTakeFirst();
  }

  async touchSession(id: string, lastSeen: string, expires: string): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ last_seen_at: lastSeen, expires_at: expires })
      .where('id', '=', id)
      .execute();
  }

  async deleteSession(id: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  /** Ends every session of a user except one (after a password change). */
  async deleteUserSessions(userId: string, exceptId?: string): Promise<void> {
    let q = this.db.deleteFrom('sessions').where('user_id', '=', userId);
    if (exceptId) q = q.where('id', '!=', exceptId);
    await q.execute();
  }

  async deleteExpiredSessions(now: string): Promise<number> {
    const r = await this.db
      .deleteFrom('sessions')
      .where('expires_at', '<=', now)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async insertToken(row: ApiTokenTable): Promise<ApiTokenRow> {
    await this.db.insertInto('api_tokens').values(row).execute();
    return row;
  }

  getTokenByHash(hash: string): Promise<ApiTokenRow | undefined> {
    return this.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('token_hash', '=', hash)
      .executeTakeFirst();
  }

  getToken(id: string): Promise<ApiTokenRow | undefined> {
    return this.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  }

  listTokens(): Promise<ApiTokenRow[]> {
    return this.db.selectFrom('api_tokens').selectAll().orderBy('created_at', 'desc').execute();
  }

  async updateToken(id: string, patch: Partial<ApiTokenTable>): Promise<void> {
    await this.db.updateTable('api_tokens').set(patch).where('id', '=', id).execute();
  }
}
