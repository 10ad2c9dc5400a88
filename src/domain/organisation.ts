// The vocabulary of the organisation ([P2]-[P4]): kinds of unit, the two bodies of the plan
// and their positions, kinds of outside contact. Shared by the server and the web UI.

/** bureau: the provincial bureau; division: a provincial division; city: a 市州 bureau. */
export const UNIT_KINDS = ['bureau', 'division', 'city'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** The leadership group (领导小组) and the office (舆情处置办公室), with their positions. */
export const POSITIONS = {
  leadership_group: ['head', 'deputy_head', 'member'],
  office: ['director', 'deputy_director', 'staff'],
} as const;
export type OrgBody = keyof typeof POSITIONS;
export const ORG_BODIES = Object.keys(POSITIONS) as OrgBody[];
export type PositionName = (typeof POSITIONS)[OrgBody][number];

export const CONTACT_KINDS = [
  'propaganda',
  'public_security',
  'media',
  'superior',
  'statistics',
  'other',
] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];
