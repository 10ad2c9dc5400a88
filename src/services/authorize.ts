// One gate for every service call: the role must grant the permission, and the object must
// lie in the actor's unit scope. The system actor (CLI, first start) passes.
import { allowed, can, inScope, requiresProvince, type Permission } from '../domain/access.ts';
import { errors } from '../errors.ts';
import type { Actor } from './context.ts';

export function authorize(actor: Actor, permission: Permission, unitId?: string): void {
  const p = actor.principal;
  if (!p) return;
  if (!can(p, permission)) throw errors.forbidden();
  if (requiresProvince(permission) && !allowed(p, permission)) {
    throw errors.outOfScope('only provincial staff may do this');
  }
  if (unitId !== undefined && !inScope(p.scope, unitId)) throw errors.outOfScope();
}

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** Decodes a cursor made by encodeCursor; a bad one is the caller's error, said as such. */
export function decodeCursor<T>(cursor: string, check: (v: unknown) => v is T): T {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (check(v)) return v;
  } catch {
    // fall through
  }
  throw errors.invalidInput('cursor is not valid', [
    { path: 'query.cursor', message: 'not a cursor this list gave' },
  ]);
}
