import { describe, expect, it } from 'vitest';
import {
  allowed,
  can,
  inScope,
  PERMISSIONS,
  ROLES,
  scopeForUnit,
  type Permission,
  type Principal,
  type Role,
} from './access.ts';

const user = (roles: Role[], scope: Principal['scope'] = { kind: 'province' }): Principal => ({
  kind: 'user',
  id: 'u',
  username: 'u',
  displayName: 'u',
  roles,
  leaderKind: null,
  unitId: scope.kind === 'unit' ? scope.unitId : 'root',
  scope,
});

describe('access rules', () => {
  it('grants each role exactly its permissions', () => {
    const reader: Permission[] = [
      'org.read',
      'mention.read',
      'source.read',
      'report.create',
      'scheme.read',
      'event.read',
      'release.read',
    ];
    const expected: Record<Role, Permission[]> = {
      admin: [
        ...reader,
        'unit.write',
        'person.write',
        'position.write',
        'informant.write',
        'contact.read',
        'contact.write',
        'user.manage',
        'token.manage',
        'audit.read',
        'quarantine.manage',
        'source.write',
        'report.read',
        'scheme.write',
        'analysis.manage',
        'event.write',
        'duty.write',
        'alert.read',
        'alert.manage',
        'incident.manage',
        'case.read',
        'briefing.read',
        'briefing.create',
        'briefing.province',
        'briefing.manage',
      ],
      leader: [
        ...reader,
        'contact.read',
        'audit.read',
        'report.read',
        'alert.read',
        'alert.handle',
        'case.read',
        'briefing.read',
        'briefing.create',
        'briefing.province',
      ],
      office: [
        ...reader,
        'person.write',
        'position.write',
        'informant.write',
        'contact.read',
        'contact.write',
        'audit.read',
        'quarantine.manage',
        'source.write',
        'report.read',
        'scheme.write',
        'analysis.manage',
        'event.write',
        'duty.write',
        'alert.read',
        'alert.handle',
        'alert.manage',
        'incident.manage',
        'release.publish',
        'case.read',
        'case.write',
        'briefing.read',
        'briefing.create',
        'briefing.province',
        'briefing.manage',
      ],
      division: [
        ...reader,
        'scheme.write',
        'duty.write',
        'alert.read',
        'alert.handle',
        'case.read',
        'briefing.read',
        'briefing.create',
      ],
      informant: reader,
      investigator: [...reader, 'contact.read', 'alert.read', 'case.read', 'briefing.read'],
      viewer: [...reader, 'alert.read', 'case.read', 'briefing.read'],
    };
    for (const role of ROLES) {
      for (const perm of PERMISSIONS) {
        expect(can(user([role]), perm), `${role} ${perm}`).toBe(expected[role].includes(perm));
      }
    }
  });

  it('unions the permissions of several roles', () => {
    expect(can(user(['viewer', 'office']), 'person.write')).toBe(true);
    expect(can(user([]), 'org.read')).toBe(false);
  });

  it('limits a city bureau user to their bureau', () => {
    const city = scopeForUnit({ id: 'lanzhou', kind: 'city' });
    expect(city).toEqual({ kind: 'unit', unitId: 'lanzhou' });
    expect(inScope(city, 'lanzhou')).toBe(true);
    expect(inScope(city, 'tianshui')).toBe(false);
    expect(scopeForUnit({ id: 'zh', kind: 'division' })).toEqual({ kind: 'province' });
    expect(scopeForUnit({ id: 'gs', kind: 'bureau' })).toEqual({ kind: 'province' });
    expect(inScope({ kind: 'province' }, 'anything')).toBe(true);
  });

  it('keeps province-wide permissions from city users even with the role', () => {
    const cityOffice = user(['office'], { kind: 'unit', unitId: 'lanzhou' });
    expect(allowed(cityOffice, 'person.write')).toBe(true);
    expect(allowed(cityOffice, 'position.write')).toBe(false);
    expect(allowed(cityOffice, 'contact.read')).toBe(false);
    expect(allowed(cityOffice, 'audit.read')).toBe(false);
    expect(allowed(user(['office']), 'position.write')).toBe(true);
    // Briefings: a city bureau's office makes its own, not the province's.
    expect(allowed(cityOffice, 'briefing.create')).toBe(true);
    expect(allowed(cityOffice, 'briefing.province')).toBe(false);
    expect(allowed(user(['leader']), 'briefing.province')).toBe(true);
  });

  it('gives tokens only what their scopes name', () => {
    const token: Principal = {
      kind: 'token',
      id: 't',
      name: 'feed',
      scopes: ['ingest'],
      unitId: 'root',
      scope: { kind: 'province' },
    };
    expect(can(token, 'ingest.write')).toBe(true);
    expect(can(token, 'org.read')).toBe(false);
    expect(can({ ...token, scopes: ['read'] }, 'org.read')).toBe(true);
    expect(can({ ...token, scopes: ['read'] }, 'mention.read')).toBe(true);
    expect(can(token, 'mention.read')).toBe(false);
    expect(can({ ...token, scopes: ['read'] }, 'user.manage')).toBe(false);
  });
});
