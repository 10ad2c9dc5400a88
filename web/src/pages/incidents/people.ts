// Who is who on an incident: names of the people the record names (the server sends them with
// the view), the choices of the people pickers, and whether the signed-in user may open one.
import type { IncidentView } from '../../api/incidents.ts';
import type { Me, User } from '../../api/types.ts';

/** The office, a leader or a division opens an incident (the server checks it again). */
export function mayOpenIncident(me: Me): boolean {
  return (
    me.kind === 'user' && me.roles.some((r) => r === 'office' || r === 'leader' || r === 'division')
  );
}

/** A person's name, or a short form of the id when the view does not name them. */
export function nameOf(view: Pick<IncidentView, 'people'>, id: string | null | undefined): string {
  if (!id) return '—';
  return view.people[id] ?? `${id.slice(0, 8)}…`;
}

export interface PersonOption {
  value: string;
  label: string;
}

/**
 * The people a picker offers: everyone the view names (the leadership group, the people
 * working the case, signers), the signed-in user, and the staff directory; by name.
 */
export function peopleOptions(
  view: Pick<IncidentView, 'people'>,
  me: Me,
  users: readonly Pick<User, 'id' | 'display_name' | 'disabled'>[] = [],
): PersonOption[] {
  const names = new Map<string, string>(Object.entries(view.people));
  if (me.kind === 'user') names.set(me.id, me.display_name);
  for (const u of users) if (!u.disabled) names.set(u.id, u.display_name);
  return [...names]
    .map(([value, label]) => ({ value, label }))
    .sort((a, b) => a.label.localeCompare(b.label, 'zh-CN'));
}
