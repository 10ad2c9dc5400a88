// What the signed-in user may do, for showing and hiding controls only: the same rules as the
// server (src/domain/access.ts), which enforces them on every request anyway.
import { allowed, type Permission, type Principal } from '../../../src/domain/access.ts';
import type { Me } from '../api/types.ts';

export type { Permission };

function principalOf(me: Me): Principal {
  return me.kind === 'user'
    ? {
        kind: 'user',
        id: me.id,
        username: me.username,
        displayName: me.display_name,
        roles: me.roles,
        leaderKind: me.leader_kind,
        unitId: me.unit.id,
        scope: me.scope,
      }
    : {
        kind: 'token',
        id: me.id,
        name: me.display_name,
        scopes: me.scopes,
        unitId: me.unit.id,
        scope: me.scope,
      };
}

/** Whether the user holds the permission where it applies (province-only ones included). */
export function may(me: Me, permission: Permission): boolean {
  return allowed(principalOf(me), permission);
}
