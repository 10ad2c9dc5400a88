// Who may do what, and over which units. Pure rules: the server calls them on every request;
// nothing here trusts the client.

export const ROLES = [
  'admin',
  'leader',
  'office',
  'division',
  'informant',
  'investigator',
  'viewer',
] as const;
export type Role = (typeof ROLES)[number];

export const LEADER_KINDS = ['principal', 'in_charge'] as const;
export type LeaderKind = (typeof LEADER_KINDS)[number];

/** Scopes a machine's API token may carry. */
export const TOKEN_SCOPES = ['ingest', 'read'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const PERMISSIONS = [
  'org.read',
  'unit.write',
  'person.write',
  'position.write',
  'informant.write',
  'contact.read',
  'contact.write',
  'user.manage',
  'token.manage',
  'audit.read',
  'ingest.write',
  'mention.read',
  'source.read',
  'source.write',
  'quarantine.manage',
  'report.create',
  'report.read',
  'scheme.read',
  'scheme.write',
  'analysis.manage',
  'event.read',
  'event.write',
  'duty.write',
  'alert.read',
  'alert.handle',
  'alert.manage',
  /** Incident settings: clocks, signers, emergency levels. (Steps have their own rules.) */
  'incident.manage',
  /** Read statements with their publications, share kits and effect (the text is public). */
  'release.read',
  /** Publishing's own work: retry a channel, record a proof ([P8]: the office only). */
  'release.publish',
  /** Read the case library (典型案例, [P17]): every member of staff but informants. */
  'case.read',
  /** Write cases, attach files, withdraw ([P17]: the office only). */
  'case.write',
  /** Read briefings (简报): province-wide ones need briefing.province, else the own bureau's. */
  'briefing.read',
  /** Generate a briefing now (日报/周报/月报/专报). */
  'briefing.create',
  /** Briefings of the whole province ([P3]: the office, the leadership, admins). */
  'briefing.province',
  /** The briefing schedule and its subscribers. */
  'briefing.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** What every member of staff may do: read the organisation and the stream, and report ([P16]). */
const STAFF: readonly Permission[] = [
  'org.read',
  'mention.read',
  'source.read',
  'report.create',
  'scheme.read',
  'event.read',
  'release.read',
];

const ROLE_GRANTS: Record<Role, readonly Permission[]> = {
  admin: [
    ...STAFF,
    'unit.write',
    'person.write',
    'position.write',
    'informant.write',
    'contact.read',
    'contact.write',
    'user.manage',
    'token.manage',
    'audit.read',
    'source.write',
    'quarantine.manage',
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
    ...STAFF,
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
    ...STAFF,
    'person.write',
    'position.write',
    'informant.write',
    'contact.read',
    'contact.write',
    'audit.read',
    'source.write',
    'quarantine.manage',
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
  // A division (or a city bureau) watches its own area: it keeps its unit's schemes.
  // ...and its duty roster, and handles its own alerts.
  division: [
    ...STAFF,
    'scheme.write',
    'duty.write',
    'alert.read',
    'alert.handle',
    'case.read',
    'briefing.read',
    'briefing.create',
  ],
  informant: STAFF,
  investigator: [...STAFF, 'contact.read', 'alert.read', 'case.read', 'briefing.read'],
  viewer: [...STAFF, 'alert.read', 'case.read', 'briefing.read'],
};

const TOKEN_GRANTS: Record<TokenScope, readonly Permission[]> = {
  ingest: ['ingest.write'],
  read: ['org.read', 'mention.read', 'source.read', 'scheme.read', 'event.read', 'alert.read'],
};

/** Province: every unit. Unit: one city/prefecture bureau. */
export type UnitScope = { kind: 'province' } | { kind: 'unit'; unitId: string };

export type Principal =
  | {
      kind: 'user';
      id: string;
      username: string;
      displayName: string;
      roles: readonly Role[];
      leaderKind: LeaderKind | null;
      unitId: string;
      scope: UnitScope;
    }
  | {
      kind: 'token';
      id: string;
      name: string;
      scopes: readonly TokenScope[];
      unitId: string;
      scope: UnitScope;
    };

export function can(p: Principal, permission: Permission): boolean {
  if (p.kind === 'user') return p.roles.some((r) => ROLE_GRANTS[r].includes(permission));
  return p.scopes.some((s) => TOKEN_GRANTS[s].includes(permission));
}

/** A city bureau's people see their bureau; provincial units (bureau, divisions) see all. */
export function scopeForUnit(unit: { id: string; kind: string }): UnitScope {
  return unit.kind === 'city' ? { kind: 'unit', unitId: unit.id } : { kind: 'province' };
}

export function inScope(scope: UnitScope, unitId: string): boolean {
  return scope.kind === 'province' || scope.unitId === unitId;
}

/** Permissions that only make sense province-wide (the group, the office, outside contacts). */
export function requiresProvince(permission: Permission): boolean {
  return (
    permission === 'unit.write' ||
    permission === 'position.write' ||
    permission === 'contact.read' ||
    permission === 'contact.write' ||
    permission === 'user.manage' ||
    permission === 'token.manage' ||
    permission === 'audit.read' ||
    permission === 'incident.manage' ||
    permission === 'release.publish' ||
    permission === 'case.write' ||
    permission === 'briefing.province' ||
    permission === 'briefing.manage' ||
    permission === 'quarantine.manage' ||
    permission === 'analysis.manage' ||
    permission === 'event.write' ||
    permission === 'alert.manage'
  );
}

/** Whether a principal holds a permission where it applies, including the province rule. */
export function allowed(p: Principal, permission: Permission): boolean {
  if (!can(p, permission)) return false;
  return !requiresProvince(permission) || p.scope.kind === 'province';
}

export function principalName(p: Principal): string {
  return p.kind === 'user' ? p.username : `token:${p.name}`;
}
