// Managing people's accounts (admin): create, change roles or unit, disable, reset password.
// Password hashes never leave this module; views carry what a screen needs.
import { randomUUID } from 'node:crypto';
import type { LeaderKind, Role } from '../domain/access.ts';
import { errors } from '../errors.ts';
import { AccountRepository } from '../store/account.repository.ts';
import { OrgRepository } from '../store/org.repository.ts';
import type { Db } from '../store/db.ts';
import type { UserRow } from '../store/schema.ts';
import { parseRoles } from './auth.service.ts';
import { authorize } from './authorize.ts';
import { audit, type Actor, type ServiceDeps } from './context.ts';
import { hashPassword, passwordProblem } from './password.ts';

export interface UserView {
  id: string;
  username: string;
  display_name: string;
  unit_id: string;
  person_id: string | null;
  roles: Role[];
  leader_kind: LeaderKind | null;
  disabled: boolean;
  locked_until: string | null;
  created_at: string;
}

export function userView(u: UserRow): UserView {
  return {
    id: u.id,
    username: u.username,
    display_name: u.display_name,
    unit_id: u.unit_id,
    person_id: u.person_id,
    roles: parseRoles(u.roles),
    leader_kind: u.leader_kind,
    disabled: u.disabled === 1,
    locked_until: u.locked_until,
    created_at: u.created_at,
  };
}

export interface NewUserInput {
  username: string;
  display_name: string;
  password: string;
  unit_id: string;
  roles: Role[];
  leader_kind?: LeaderKind | null | undefined;
  person_id?: string | null | undefined;
}

export interface UserPatch {
  display_name?: string | undefined;
  unit_id?: string | undefined;
  roles?: Role[] | undefined;
  leader_kind?: LeaderKind | null | undefined;
  person_id?: string | null | undefined;
  disabled?: boolean | undefined;
}

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9_.-]{1,39}$/;

export class UserService {
  constructor(private readonly deps: ServiceDeps) {}

  private get db() {
    return this.deps.store.db;
  }

  async list(actor: Actor): Promise<UserView[]> {
    authorize(actor, 'user.manage');
    return (await new AccountRepository(this.db).listUsers()).map(userView);
  }

  async get(actor: Actor, id: string): Promise<UserView> {
    authorize(actor, 'user.manage');
    const u = await new AccountRepository(this.db).getUser(id);
    if (!u) throw errors.notFound('user');
    return userView(u);
  }

  async create(actor: Actor, input: NewUserInput): Promise<UserView> {
    authorize(actor, 'user.manage');
    if (!USERNAME_PATTERN.test(input.username)) {
      throw errors.invalidInput('the user name must be 2-40 lower-case letters, digits, _ . or -', [
        { path: 'username', message: 'invalid user name' },
      ]);
    }
    const problem = passwordProblem(input.password);
    if (problem) throw errors.invalidInput(problem, [{ path: 'password', message: problem }]);
    await this.checkAssignment(
      this.db,
      input.unit_id,
      input.roles,
      input.leader_kind ?? null,
      input.person_id ?? null,
    );
    const accounts = new AccountRepository(this.db);
    if (await accounts.getUserByUsername(input.username)) {
      throw errors.conflict(`the user name ${input.username} is taken`, [
        { path: 'username', message: 'taken' },
      ]);
    }
    const hash = await hashPassword(input.password);
    const now = this.deps.now().toISOString();
    const row: UserRow = {
      id: randomUUID(),
      username: input.username,
      display_name: input.display_name,
      password_hash: hash,
      unit_id: input.unit_id,
      person_id: input.person_id ?? null,
      roles: JSON.stringify([...new Set(input.roles)]),
      leader_kind: input.leader_kind ?? null,
      disabled: 0,
      failed_logins: 0,
      locked_until: null,
      password_changed_at: now,
      created_at: now,
      updated_at: now,
    };
    await this.db.transaction().execute(async (trx) => {
      await new AccountRepository(trx).insertUser(row);
      await audit(trx, actor, this.deps.now(), {
        action: 'user.create',
        objectType: 'user',
        objectId: row.id,
        after: userView(row),
      });
    });
    return userView(row);
  }

  async update(actor: Actor, id: string, patch: UserPatch): Promise<UserView> {
    authorize(actor, 'user.manage');
    return this.db.transaction().execute(async (trx) => {
      const repo = new AccountRepository(trx);
      const before = await repo.getUser(id);
      if (!before) throw errors.notFound('user');
      const roles = patch.roles ?? parseRoles(before.roles);
      const leaderKind = patch.leader_kind !== undefined ? patch.leader_kind : before.leader_kind;
      const unitId = patch.unit_id ?? before.unit_id;
      const personId = patch.person_id !== undefined ? patch.person_id : before.person_id;
      await this.checkAssignment(trx, unitId, roles, leaderKind, personId);
      const disabled = patch.disabled ?? before.disabled === 1;
      if (parseRoles(before.roles).includes('admin') && (!roles.includes('admin') || disabled)) {
        const otherAdmins = (await repo.listUsers()).filter(
          (u) => u.id !== id && !u.disabled && parseRoles(u.roles).includes('admin'),
        );
        if (otherAdmins.length === 0) {
          throw errors.conflict('this is the last active admin: name another admin first');
        }
      }
      const now = this.deps.now();
      const changes: Partial<UserRow> = {
        display_name: patch.display_name ?? before.display_name,
        unit_id: unitId,
        roles: JSON.stringify([...new Set(roles)]),
        leader_kind: leaderKind,
        person_id: personId,
        disabled: disabled ? 1 : 0,
        updated_at: now.toISOString(),
      };
      await repo.updateUser(id, changes);
      if (disabled) await repo.deleteUserSessions(id);
      const after = { ...before, ...changes };
      await audit(trx, actor, now, {
        action: 'user.update',
        objectType: 'user',
        objectId: id,
        before: userView(before),
        after: userView(after),
      });
      return userView(after);
    });
  }

  /** Sets a new password (admin reset or `yuqing user passwd`), unlocks, ends sessions. */
  async setPassword(actor: Actor, id: string, password: string): Promise<void> {
    authorize(actor, 'user.manage');
    const problem = passwordProblem(password);
    if (problem) throw errors.invalidInput(problem, [{ path: 'password', message: problem }]);
    const hash = await hashPassword(password);
    await this.db.transaction().execute(async (trx) => {
      const repo = new AccountRepository(trx);
      const user = await repo.getUser(id);
      if (!user) throw errors.notFound('user');
      const now = this.deps.now();
      await repo.updateUser(id, {
        password_hash: hash,
        password_changed_at: now.toISOString(),
        failed_logins: 0,
        locked_until: null,
        updated_at: now.toISOString(),
      });
      await repo.deleteUserSessions(id);
      await audit(trx, actor, now, {
        action: 'user.password_reset',
        objectType: 'user',
        objectId: id,
      });
    });
  }

  async findByUsername(username: string): Promise<UserView | undefined> {
    const u = await new AccountRepository(this.db).getUserByUsername(username);
    return u ? userView(u) : undefined;
  }

  /** Takes the caller's db or transaction: a second connection inside a transaction deadlocks SQLite. */
  private async checkAssignment(
    db: Db,
    unitId: string,
    roles: Role[],
    leaderKind: LeaderKind | null,
    personId: string | null,
  ): Promise<void> {
    const org = new OrgRepository(db);
    const unit = await org.getUnit(unitId);
    if (!unit)
      throw errors.invalidInput(`unit ${unitId} does not exist`, [
        { path: 'unit_id', message: 'no such unit' },
      ]);
    if (roles.length === 0)
      throw errors.invalidInput('give at least one role', [{ path: 'roles', message: 'empty' }]);
    if (leaderKind && !roles.includes('leader')) {
      throw errors.invalidInput('leader_kind is only for the leader role', [
        { path: 'leader_kind', message: 'needs role leader' },
      ]);
    }
    if (roles.includes('leader') && !leaderKind) {
      throw errors.invalidInput('a leader is principal or in_charge', [
        { path: 'leader_kind', message: 'required for role leader' },
      ]);
    }
    if (personId) {
      const person = await org.getPerson(personId);
      if (!person)
        throw errors.invalidInput('no such person', [
          { path: 'person_id', message: 'no such person' },
        ]);
      if (person.unit_id !== unitId) {
        throw errors.invalidInput('the person belongs to another unit', [
          { path: 'person_id', message: 'unit differs' },
        ]);
      }
    }
  }
}
