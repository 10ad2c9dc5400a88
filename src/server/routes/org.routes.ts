// The organisation: units, people, the leadership group and office, informants, contacts.
import { z } from 'zod';
import type { Router, Services } from '../app.ts';
import {
  contactBody,
  contactSchema,
  idParams,
  listQuery,
  page,
  personBody,
  personSchema,
  positionBody,
  positionSchema,
  structureSchema,
  unitBody,
  unitSchema,
  id,
} from '../schemas.ts';

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
      body: positionBody,
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
