// The organisation's rules on the real stores: positions of the plan's two bodies, one
// informant per unit who works there, unit codes and parents, and the audit of each change.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestStore, testDeps } from '../../test/helpers.ts';
import type { Principal } from '../domain/access.ts';
import type { Store } from '../store/db.ts';
import { migrateToLatest } from '../store/migrate.ts';
import { AuditService } from './audit.service.ts';
import { SYSTEM, type Actor } from './context.ts';
import { OrgService } from './org.service.ts';

describe.each(DIALECTS)('organisation rules on %s', (dialect) => {
  let store: Store | undefined;
  let org: OrgService;
  let audit: AuditService;
  beforeEach(async () => {
    store = await openTestStore(dialect);
    await migrateToLatest(store.db);
    org = new OrgService(testDeps(store));
    audit = new AuditService(testDeps(store));
  });
  afterEach(async () => {
    await store?.close();
  });

  async function setup() {
    const bureau = await org.createUnit(SYSTEM, {
      code: 'GS',
      name: '甘肃省统计局',
      kind: 'bureau',
    });
    const zh = await org.createUnit(SYSTEM, {
      code: 'GS-ZH',
      name: '综合处',
      kind: 'division',
      parent_id: bureau.id,
      hosts_office: true,
    });
    const lz = await org.createUnit(SYSTEM, {
      code: 'C620100',
      name: '兰州市统计局',
      kind: 'city',
      parent_id: bureau.id,
      region_code: '620100',
    });
    const chief = await org.createPerson(SYSTEM, { unit_id: bureau.id, name: '甲', title: '局长' });
    const deputy = await org.createPerson(SYSTEM, {
      unit_id: bureau.id,
      name: '乙',
      title: '副局长',
    });
    const zhHead = await org.createPerson(SYSTEM, { unit_id: zh.id, name: '丙', title: '处长' });
    const lzInformant = await org.createPerson(SYSTEM, {
      unit_id: lz.id,
      name: '丁',
      title: '信息员',
    });
    return { bureau, zh, lz, chief, deputy, zhHead, lzInformant };
  }

  it('builds the leadership group and the office, in order, with leader kinds', async () => {
    const o = await setup();
    await org.appoint(SYSTEM, {
      person_id: o.zhHead.id,
      body: 'leadership_group',
      position: 'member',
    });
    await org.appoint(SYSTEM, {
      person_id: o.deputy.id,
      body: 'leadership_group',
      position: 'deputy_head',
    });
    await org.appoint(SYSTEM, {
      person_id: o.chief.id,
      body: 'leadership_group',
      position: 'head',
    });
    await org.appoint(SYSTEM, { person_id: o.zhHead.id, body: 'office', position: 'director' });
    const s = await org.structure(SYSTEM);
    expect(s.leadership_group.map((p) => [p.position, p.person.name, p.leader_kind])).toEqual([
      ['head', '甲', 'principal'],
      ['deputy_head', '乙', 'in_charge'],
      ['member', '丙', null],
    ]);
    expect(s.office.host_unit?.name).toBe('综合处');
    expect(s.office.members.map((p) => p.person.name)).toEqual(['丙']);
  });

  it('refuses a second head, a double seat and positions a body does not have', async () => {
    const o = await setup();
    const head = await org.appoint(SYSTEM, {
      person_id: o.chief.id,
      body: 'leadership_group',
      position: 'head',
    });
    await expect(
      org.appoint(SYSTEM, { person_id: o.deputy.id, body: 'leadership_group', position: 'head' }),
    ).rejects.toMatchObject({ status: 409 });
    await expect(
      org.appoint(SYSTEM, { person_id: o.chief.id, body: 'leadership_group', position: 'member' }),
    ).rejects.toMatchObject({ status: 409 });
    await expect(
      org.appoint(SYSTEM, { person_id: o.deputy.id, body: 'office', position: 'head' }),
    ).rejects.toMatchObject({ status: 400, code: 'invalid_input' });
    // Ending a position keeps it on record and frees the seat.
    await org.endPosition(SYSTEM, head.id);
    await expect(org.endPosition(SYSTEM, head.id)).rejects.toMatchObject({ status: 409 });
    await org.appoint(SYSTEM, {
      person_id: o.deputy.id,
      body: 'leadership_group',
      position: 'head',
    });
    const ended = await store!.db
      .selectFrom('positions')
      .selectAll()
      .where('id', '=', head.id)
      .executeTakeFirstOrThrow();
    expect(ended.until).not.toBeNull();
  });

  it('names one informant per unit, who must work there', async () => {
    const o = await setup();
    await expect(org.setInformant(SYSTEM, o.zh.id, o.lzInformant.id)).rejects.toMatchObject({
      status: 400,
    });
    await org.setInformant(SYSTEM, o.lz.id, o.lzInformant.id);
    const second = await org.createPerson(SYSTEM, { unit_id: o.lz.id, name: '戊', title: '科员' });
    await org.setInformant(SYSTEM, o.lz.id, second.id);
    expect((await org.structure(SYSTEM)).informants).toEqual([
      expect.objectContaining({ unit_id: o.lz.id, person_id: second.id }),
    ]);
    const log = await audit.list(SYSTEM, { limit: 10, object_type: 'unit', object_id: o.lz.id });
    const replaced = log.items.find((e) => e.action === 'informant.set' && e.before !== null);
    expect(replaced?.before).toMatchObject({ person_id: o.lzInformant.id });
    expect(replaced?.after).toMatchObject({ person_id: second.id });
  });

  it('keeps unit codes unique and parents real', async () => {
    const o = await setup();
    await expect(
      org.createUnit(SYSTEM, { code: 'GS-ZH', name: '重复', kind: 'division' }),
    ).rejects.toMatchObject({ status: 409 });
    await expect(
      org.createUnit(SYSTEM, { code: 'X', name: '孤儿', kind: 'division', parent_id: 'nope' }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(org.updateUnit(SYSTEM, o.zh.id, { parent_id: o.zh.id })).rejects.toMatchObject({
      status: 400,
    });
    const renamed = await org.updateUnit(SYSTEM, o.zh.id, { name_en: 'General Affairs' });
    expect(renamed).toMatchObject({
      code: 'GS-ZH',
      name: '综合处',
      name_en: 'General Affairs',
      hosts_office: true,
    });
  });

  it('lets a city user see only their bureau, whatever they ask for', async () => {
    const o = await setup();
    const cityViewer: Principal = {
      kind: 'user',
      id: 'u',
      username: 'lz',
      displayName: 'lz',
      roles: ['viewer'],
      leaderKind: null,
      unitId: o.lz.id,
      scope: { kind: 'unit', unitId: o.lz.id },
    };
    const actor: Actor = { principal: cityViewer, ip: null };
    expect((await org.listUnits(actor)).map((u) => u.code)).toEqual(['C620100']);
    expect((await org.listPeople(actor, { limit: 100 })).items.map((p) => p.name)).toEqual(['丁']);
    await expect(org.getPerson(actor, o.chief.id)).rejects.toMatchObject({
      status: 403,
      code: 'out_of_scope',
    });
    await expect(org.listPeople(actor, { limit: 100, unit_id: o.zh.id })).rejects.toMatchObject({
      status: 403,
    });
  });

  it('writes one verifiable audit entry per change', async () => {
    await setup();
    const r = await audit.verify(SYSTEM);
    expect(r).toMatchObject({ ok: true, entries: 7 }); // 3 units + 4 people
  });
});
