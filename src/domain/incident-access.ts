// Who may read an incident ([P15] confidentiality) and whether the read must be audited.
// Acting on an incident needs reading it first: incident.ts asks this before any step.
import { inScope, type Principal } from './access.ts';
import type { Incident } from './incident.ts';

/** How a reader got access (for the audit entry of a restricted read). */
export type ReadBasis = 'open' | 'named' | 'participant' | 'role' | 'office' | 'handling_division';

export interface ReadAccess {
  allowed: boolean;
  /** The read must be written to the audit log (every read of a restricted or secret incident). */
  audit: boolean;
  basis: ReadBasis | null;
  /** Why not, when not allowed. */
  reason: string;
}

type Readable = Pick<
  Incident,
  | 'unitId'
  | 'confidentiality'
  | 'openedBy'
  | 'leaderInChargeId'
  | 'commanderId'
  | 'handler'
  | 'signerIds'
>;

/**
 * The people working the case, who read it at every level: whoever opened it, its leader in
 * charge and commander, the investigation team, and everyone asked to sign one of its
 * documents (asking someone to sign shows them the case).
 */
export function participantIds(inc: Readable): Set<string> {
  const ids = new Set<string>([inc.openedBy, ...inc.signerIds]);
  if (inc.leaderInChargeId) ids.add(inc.leaderInChargeId);
  if (inc.commanderId) ids.add(inc.commanderId);
  if (inc.handler?.kind === 'team') {
    ids.add(inc.handler.leaderId);
    for (const m of inc.handler.memberIds) ids.add(m);
  }
  return ids;
}

/**
 * open: any member of staff whose unit scope holds the incident's unit. restricted: the named
 * people, the named roles (within their unit scope), the office (province-wide), the handling
 * division and the participants. secret: the named people and the participants only; no role
 * opens it, not even admin (running the system is not a reason to read a case). Machine tokens
 * never read incidents.
 */
export function readAccess(inc: Readable, p: Principal): ReadAccess {
  const audit = inc.confidentiality.level !== 'open';
  const grant = (basis: ReadBasis): ReadAccess => ({ allowed: true, audit, basis, reason: '' });
  const deny = (reason: string): ReadAccess => ({ allowed: false, audit, basis: null, reason });
  if (p.kind !== 'user') return deny('machine tokens do not read incidents');
  if (p.roles.length === 0) return deny('an account without a role reads nothing');
  const { level, userIds, roles } = inc.confidentiality;
  if (level === 'open') {
    if (inScope(p.scope, inc.unitId)) return grant('open');
    return participantIds(inc).has(p.id)
      ? grant('participant')
      : deny('this incident belongs to a unit outside your scope');
  }
  if (userIds.includes(p.id)) return grant('named');
  if (participantIds(inc).has(p.id)) return grant('participant');
  if (level === 'secret') return deny('this incident is secret: only the people named may read it');
  if (p.roles.includes('office') && p.scope.kind === 'province') return grant('office');
  if (p.roles.some((r) => roles.includes(r)) && inScope(p.scope, inc.unitId)) return grant('role');
  if (
    inc.handler?.kind === 'division' &&
    p.unitId === inc.handler.unitId &&
    p.roles.includes('division')
  ) {
    return grant('handling_division');
  }
  return deny('this incident is restricted to named people and roles');
}

export function canRead(inc: Readable, p: Principal): boolean {
  return readAccess(inc, p).allowed;
}
