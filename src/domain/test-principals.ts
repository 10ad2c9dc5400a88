// Test helper: a signed-in person with the given roles (province scope unless given).
import type { Principal, Role } from './access.ts';

export function userPrincipal(
  id: string,
  roles: Role[],
  unitId = 'gs',
  scope: Principal['scope'] = { kind: 'province' },
): Principal {
  return {
    kind: 'user',
    id,
    username: id,
    displayName: id,
    roles,
    leaderKind: null,
    unitId,
    scope,
  };
}
