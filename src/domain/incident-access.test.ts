import { describe, expect, it } from 'vitest';
import { ROLES, type Principal, type Role } from './access.ts';
import { canRead, participantIds, readAccess } from './incident-access.ts';
import { userPrincipal } from './test-principals.ts';
import type { Incident } from './incident.ts';

type Readable = Parameters<typeof readAccess>[0];

const person = userPrincipal;

const incident = (over: Partial<Readable> = {}): Readable => ({
  unitId: 'lz',
  confidentiality: { level: 'open', userIds: [], roles: [] },
  openedBy: 'opener',
  leaderInChargeId: 'lic',
  commanderId: 'cmd',
  handler: { kind: 'team', name: 't', leaderId: 'team-lead', memberIds: ['team-lead', 'member'] },
  signerIds: ['signer'],
  ...over,
});

const restricted = (
  userIds: string[] = ['named'],
  roles: Role[] = ['viewer'],
): Incident['confidentiality'] => ({
  level: 'restricted',
  userIds,
  roles,
});
const secret = (userIds: string[] = ['named']): Incident['confidentiality'] => ({
  level: 'secret',
  userIds,
  roles: [],
});

const cityUser = (roles: Role[], unit = 'lz') =>
  person(`city-${unit}`, roles, unit, { kind: 'unit', unitId: unit });

describe('reading an open incident', () => {
  it('every role within the unit scope reads it, unaudited', () => {
    for (const role of ROLES) {
      expect(readAccess(incident(), person('x', [role])), role).toEqual({
        allowed: true,
        audit: false,
        basis: 'open',
        reason: '',
      });
    }
    expect(canRead(incident(), cityUser(['informant']))).toBe(true);
  });

  it('another city’s bureau does not, unless it works the case; tokens and role-less accounts never', () => {
    expect(readAccess(incident(), cityUser(['division'], 'ts'))).toMatchObject({ allowed: false });
    expect(readAccess(incident(), { ...cityUser(['viewer'], 'ts'), id: 'member' })).toMatchObject({
      allowed: true,
      basis: 'participant',
    });
    const token: Principal = {
      kind: 'token',
      id: 't',
      name: 't',
      scopes: ['read'],
      unitId: 'gs',
      scope: { kind: 'province' },
    };
    expect(canRead(incident(), token)).toBe(false);
    expect(canRead(incident(), person('x', []))).toBe(false);
  });
});

describe('reading a restricted incident', () => {
  const inc = incident({ confidentiality: restricted() });
  const basis = (p: Principal) => {
    const r = readAccess(inc, p);
    expect(r.audit).toBe(true);
    return r.allowed ? r.basis : 'denied';
  };

  it('named people, named roles, the office, the handling division and the participants read it; every read is audited', () => {
    expect(basis(person('named', ['informant']))).toBe('named');
    expect(basis(person('v', ['viewer']))).toBe('role');
    expect(basis(person('o', ['office']))).toBe('office');
    for (const id of ['opener', 'lic', 'cmd', 'team-lead', 'member', 'signer'])
      expect(basis(person(id, ['viewer', 'informant']))).not.toBe('denied');
    expect(basis(person('lic', ['informant']))).toBe('participant');
    const divisionCase = incident({
      confidentiality: restricted(),
      handler: { kind: 'division', unitId: 'hs' },
    });
    expect(readAccess(divisionCase, person('d', ['division'], 'hs')).basis).toBe(
      'handling_division',
    );
    expect(readAccess(divisionCase, person('d', ['division'], 'ks')).allowed).toBe(false);
  });

  it('others do not: other roles, admin, a city office, a named role outside its scope', () => {
    for (const role of ['admin', 'leader', 'division', 'informant', 'investigator'] as const) {
      expect(basis(person('x', [role])), role).toBe('denied');
    }
    expect(basis(cityUser(['office']))).toBe('denied');
    expect(basis(cityUser(['viewer'], 'ts'))).toBe('denied');
    expect(basis(cityUser(['viewer'], 'lz'))).toBe('role');
  });
});

describe('reading a secret incident', () => {
  const inc = incident({ confidentiality: secret() });

  it('only the named people and the participants, audited; no role opens it', () => {
    expect(readAccess(inc, person('named', ['viewer']))).toEqual({
      allowed: true,
      audit: true,
      basis: 'named',
      reason: '',
    });
    expect(readAccess(inc, person('signer', ['leader']))).toMatchObject({
      allowed: true,
      basis: 'participant',
    });
    for (const role of ROLES) expect(canRead(inc, person('x', [role])), role).toBe(false);
    expect(canRead(inc, person('x', [...ROLES]))).toBe(false);
    expect(readAccess(inc, person('x', ['office'])).reason).toMatch(/secret/);
  });

  it('roles named on a secret incident are ignored', () => {
    const withRoles = incident({
      confidentiality: { level: 'secret', userIds: [], roles: ['office'] },
    });
    expect(canRead(withRoles, person('o', ['office']))).toBe(false);
  });
});

describe('participants', () => {
  it('are the opener, leader in charge, commander, team and everyone asked to sign', () => {
    expect([...participantIds(incident())].sort()).toEqual([
      'cmd',
      'lic',
      'member',
      'opener',
      'signer',
      'team-lead',
    ]);
    expect([
      ...participantIds(
        incident({ leaderInChargeId: null, commanderId: null, handler: null, signerIds: [] }),
      ),
    ]).toEqual(['opener']);
  });
});
