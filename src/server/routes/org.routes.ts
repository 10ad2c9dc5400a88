// The organisation: units, people, the leadership group and office, informants, contacts.
import { z } from 'zod';
import { LEADER_KINDS } from '../../domain/access.ts';
import type { Router, Services } from '../app.ts';
import {
  CONTACT_KINDS,
  contactSchema,
  id,
  idParams,
  listQuery,
  optionalText,
  page,
  personSchema,
  positionSchema,
  text,
  unitSchema,
} from '../schemas.ts';

const unitBody = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, _ or -, up to 40'),
  name: text(100),
  name_en: optionalText(200),
  kind: z.enum(['bureau', 'division', 'city']),
  parent_id: id.nullable().optional(),
  region_code: z
    .string()
    .regex(/^\d{6}$/, 'six digits')
    .nullable()
    .optional(),
  hosts_office: z.boolean().optional(),
  sort_order: z.number().int().optional(),
});

const personBody = z.object({
  unit_id: id,
  name: text(50),
  title: text(50),
  email: z.email().max(200).nullable().optional(),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9+\-() ]{3,30}$/, 'digits, spaces, + - ( )')
    .nullable()
    .optional(),
  active: z.boolean().optional(),
});

const contactBody = z.object({
  kind: z.enum(CONTACT_KINDS),
  organisation: text(200),
  name: optionalText(50),
  title: optionalText(100),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9+\-() ]{3,30}$/, 'digits, spaces, + - ( )')
    .nullable()
    .optional(),
  email: z.email().max(200).nullable().optional(),
  note: optionalText(1000),
});

const structureSchema = z.object({
  leadership_group: z.array(positionSchema),
  office: z.object({ host_unit: unitSchema.nullable(), members: z.array(positionSchema) }),
  informants: z.array(
    z.object({
      unit_id: z.string(),
      person_id: z.string(),
      person_name: z.string(),
      since: z.string(),
    }),
  ),
});

export function registerOrgRoutes(route: Router, s: Services): void {
  const tag = 'organisation';
  route(
    {
      method: 'GET',
      url: '/api/v1/units',
      summary: 'Units in your scope',
      tag,
      access: 'signed-in',
      response: page(unitSchema),
    },
    async ({ actor }) => ({ items: await s.org.listUnits(actor), next_cursor: null }),
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/units/:id',
      summary: 'One unit',
      tag,
      access: 'signed-in',
      params: idParams,
      response: unitSchema,
    },
    async ({ actor, params }) => s.org.getUnit(actor, params.id),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/units',
      summary: 'Add a unit (admin)',
      tag,
      access: 'signed-in',
      body: unitBody,
      status: 201,
      response: unitSchema,
    },
    async ({ actor, body }) => s.org.createUnit(actor, body),
  );
  route(
    {
      method: 'PATCH',
      url: '/api/v1/units/:id',
      summary: 'Change a unit (admin)',
      tag,
      access: 'signed-in',
      params: idParams,
      body: unitBody.partial(),
      response: unitSchema,
    },
    async ({ actor, params, body }) => s.org.updateUnit(actor, params.id, body),
  );
  route(
    {
      method: 'PUT',
      url: '/api/v1/units/:id/informant',
      summary: 'Name the unit’s informant (信息员)',
      tag,
      access: 'signed-in',
      params: idParams,
      body: z.object({ person_id: id }),
      status: 204,
    },
    async ({ actor, params, body }) => s.org.setInformant(actor, params.id, body.person_id),
  );

  route(
    {
      method: 'GET',
      url: '/api/v1/people',
      summary: 'People in your scope',
      tag,
      access: 'signed-in',
      query: listQuery.extend({ unit_id: id.optional() }),
      response: page(personSchema),
    },
    async ({ actor, query }) => s.org.listPeople(actor, query),
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/people/:id',
      summary: 'One person',
      tag,
      access: 'signed-in',
      params: idParams,
      response: personSchema,
    },
    async ({ actor, params }) => s.org.getPerson(actor, params.id),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/people',
      summary: 'Add a person',
      tag,
      access: 'signed-in',
      body: personBody,
      status: 201,
      response: personSchema,
    },
    async ({ actor, body }) => s.org.createPerson(actor, body),
  );
  route(
    {
      method: 'PATCH',
      url: '/api/v1/people/:id',
      summary: 'Change a person',
      tag,
      access: 'signed-in',
      params: idParams,
      body: personBody.partial(),
      response: personSchema,
    },
    async ({ actor, params, body }) => s.org.updatePerson(actor, params.id, body),
  );

  route(
    {
      method: 'GET',
      url: '/api/v1/org/structure',
      summary: 'The leadership group (领导小组), the office (舆情处置办公室) and informants',
      tag,
      access: 'signed-in',
      response: structureSchema,
    },
    async ({ actor }) => s.org.structure(actor),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/positions',
      summary: 'Appoint a person to the leadership group or the office',
      tag,
      access: 'signed-in',
      body: z.object({
        person_id: id,
        body: z.enum(['leadership_group', 'office']),
        position: z.string().min(1).max(40),
        leader_kind: z.enum(LEADER_KINDS).nullable().optional(),
      }),
      status: 201,
      response: positionSchema,
    },
    async ({ actor, body }) => s.org.appoint(actor, body),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/positions/:id/end',
      summary: 'End a position (kept on record)',
      tag,
      access: 'signed-in',
      params: idParams,
      status: 204,
    },
    async ({ actor, params }) => s.org.endPosition(actor, params.id),
  );

  route(
    {
      method: 'GET',
      url: '/api/v1/contacts',
      summary: 'Outside contacts (propaganda, public security, media, ...)',
      tag,
      access: 'signed-in',
      response: page(contactSchema),
    },
    async ({ actor }) => ({ items: await s.org.listContacts(actor), next_cursor: null }),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/contacts',
      summary: 'Add an outside contact',
      tag,
      access: 'signed-in',
      body: contactBody,
      status: 201,
      response: contactSchema,
    },
    async ({ actor, body }) =>
      s.org.createContact(actor, {
        kind: body.kind,
        organisation: body.organisation,
        name: body.name ?? null,
        title: body.title ?? null,
        phone: body.phone ?? null,
        email: body.email ?? null,
        note: body.note ?? null,
      }),
  );
  route(
    {
      method: 'PATCH',
      url: '/api/v1/contacts/:id',
      summary: 'Change an outside contact',
      tag,
      access: 'signed-in',
      params: idParams,
      body: contactBody.partial(),
      response: contactSchema,
    },
    async ({ actor, params, body }) => s.org.updateContact(actor, params.id, body),
  );
}
