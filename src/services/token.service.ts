// API tokens for machines (an admin creates them). The token is shown once; only its sha256
// is stored. Tokens are revoked, never deleted, so the audit log keeps making sense.
import { randomBytes, randomUUID } from 'node:crypto';
import type { TokenScope } from '../domain/access.ts';
import { errors } from '../errors.ts';
import { AccountRepository } from '../store/account.repository.ts';
import { OrgRepository } from '../store/org.repository.ts';
import type { ApiTokenRow } from '../store/schema.ts';
import { parseScopes, sha256 } from './auth.service.ts';
import { authorize } from './authorize.ts';
import { audit, type Actor, type ServiceDeps } from './context.ts';

export interface TokenView {
  id: string;
  name: string;
  prefix: string;
  scopes: TokenScope[];
  unit_id: string;
  created_by: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

function tokenView(t: ApiTokenRow): TokenView {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    scopes: parseScopes(t.scopes),
    unit_id: t.unit_id,
    created_by: t.created_by,
    created_at: t.created_at,
    last_used_at: t.last_used_at,
    revoked_at: t.revoked_at,
  };
}

export class TokenService {
  /** `revoked`: told the id of a token just revoked (the server's token cache forgets it). */
  constructor(
    private readonly deps: ServiceDeps,
    private readonly revoked: (id: string) => void = () => {},
  ) {}

  private get db() {
    return this.deps.store.db;
  }

  /** Creates a token; `createdBy` is the admin's user id (the CLI passes the admin's). */
  async create(
    actor: Actor,
    input: { name: string; scopes: TokenScope[]; unit_id?: string | undefined; created_by: string },
  ): Promise<{ token: string } & TokenView> {
    authorize(actor, 'token.manage');
    if (input.scopes.length === 0) {
      throw errors.invalidInput('give at least one scope', [{ path: 'scopes', message: 'empty' }]);
    }
    const org = new OrgRepository(this.db);
    const unitId = input.unit_id ?? (await org.rootUnit())?.id;
    if (!unitId || !(await org.getUnit(unitId))) {
      throw errors.invalidInput('no such unit', [{ path: 'unit_id', message: 'no such unit' }]);
    }
    const token = `yq_${randomBytes(32).toString('base64url')}`;
    const now = this.deps.now();
    const row: ApiTokenRow = {
      id: randomUUID(),
      name: input.name,
      token_hash: sha256(token),
      prefix: token.slice(0, 10),
      scopes: JSON.stringify([...new Set(input.scopes)]),
      unit_id: unitId,
      created_by: input.created_by,
      created_at: now.toISOString(),
      last_used_at: null,
      revoked_at: null,
    };
    await this.db.transaction().execute(async (trx) => {
      await new AccountRepository(trx).insertToken(row);
      await audit(trx, actor, now, {
        action: 'token.create',
        objectType: 'api_token',
        objectId: row.id,
        after: tokenView(row),
      });
    });
    return { token, ...tokenView(row) };
  }

  async list(actor: Actor): Promise<TokenView[]> {
    authorize(actor, 'token.manage');
    return (await new AccountRepository(this.db).listTokens()).map(tokenView);
  }

  async revoke(actor: Actor, id: string): Promise<TokenView> {
    authorize(actor, 'token.manage');
    const view = await this.db.transaction().execute(async (trx) => {
      const repo = new AccountRepository(trx);
      const before = await repo.getToken(id);
      if (!before) throw errors.notFound('token');
      if (before.revoked_at) return tokenView(before);
      const now = this.deps.now();
      await repo.updateToken(id, { revoked_at: now.toISOString() });
      const after = { ...before, revoked_at: now.toISOString() };
      await audit(trx, actor, now, {
        action: 'token.revoke',
        objectType: 'api_token',
        objectId: id,
        before: tokenView(before),
        after: tokenView(after),
      });
      return tokenView(after);
    });
    this.revoked(id);
    return view;
  }
}
