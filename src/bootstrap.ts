// First start: bring the schema up to date, make sure there is a root unit and an admin,
// and on an empty database (or with YUQING_DEMO=1) load the demo organisation and users.
import { AuthService } from './services/auth.service.ts';
import type { Actor } from './services/context.ts';
import { IncidentService } from './services/incident.service.ts';
import { AuditService } from './services/audit.service.ts';
import { randomBytes } from 'node:crypto';
import type { Config } from './config.ts';
import {
  DEMO_BUREAU,
  DEMO_CITY_BUREAUS,
  DEMO_CONTACTS,
  DEMO_DIVISIONS,
  DEMO_DUTY_SHIFTS,
  DEMO_DUTY_STARTS_ON,
  DEMO_DUTY_UNIT,
  DEMO_PASSWORD,
  DEMO_USERS,
  ROOT_CODE,
  demoName,
  type DemoUser,
} from './demo/demo-organisation.ts';
import { DEMO_SCHEMES } from './demo/demo-schemes.ts';
import { AlertService } from './services/alert.service.ts';
import { AnalysisService } from './services/analysis.service.ts';
import { DutyService } from './services/duty.service.ts';
import { SchemeService } from './services/scheme.service.ts';
import { SYSTEM, type ServiceDeps } from './services/context.ts';
import { OrgService, type PersonView, type UnitView } from './services/org.service.ts';
import { UserService } from './services/user.service.ts';
import { migrateToLatest } from './store/migrate.ts';
import { AccountRepository } from './store/account.repository.ts';
import { OrgRepository } from './store/org.repository.ts';

export interface BootstrapResult {
  migrations: string[];
  /** Set when this start created the admin with a generated password (shown once). */
  generatedAdminPassword: string | null;
  adminCreated: boolean;
  demoLoaded: boolean;
}

export async function bootstrap(
  deps: ServiceDeps,
  config: Pick<Config, 'adminPassword' | 'demo'>,
): Promise<BootstrapResult> {
  const { db } = deps.store;
  const { applied } = await migrateToLatest(db);
  const org = new OrgRepository(db);
  const accounts = new AccountRepository(db);
  const empty = (await org.countUnits()) === 0 && (await accounts.listUsers()).length === 0;
  const wantDemo = config.demo ?? empty;

  let demoLoaded = false;
  if (wantDemo && !(await org.getUnitByCode(ROOT_CODE))) {
    await loadDemoOrganisation(deps);
    demoLoaded = true;
  }
  if (!(await org.rootUnit())) {
    await new OrgService(deps).createUnit(SYSTEM, {
      code: 'ROOT',
      name: '本单位',
      name_en: 'Our institution',
      kind: 'bureau',
    });
  }

  let generatedAdminPassword: string | null = null;
  let adminCreated = false;
  if (!(await accounts.getUserByUsername('admin'))) {
    const root = await org.rootUnit();
    if (!root) throw new Error('no root unit after bootstrap');
    const password = config.adminPassword ?? randomBytes(12).toString('base64url');
    if (!config.adminPassword) generatedAdminPassword = password;
    await new UserService(deps).create(SYSTEM, {
      username: 'admin',
      display_name: '系统管理员',
      password,
      unit_id: root.id,
      roles: ['admin'],
    });
    adminCreated = true;
  }
  if (demoLoaded) {
    await loadDemoUsers(deps);
    await loadDemoSchemes(deps);
    await loadDemoDuty(deps);
    await loadDemoIncident(deps);
  }
  await new AuditService(deps).anchorUnsealedOnce();
  return { migrations: applied, generatedAdminPassword, adminCreated, demoLoaded };
}

/**
 * One demo incident in progress (labelled 【演示】), so the 事件处置 board, the incident page and
 * the approvals inboxes show something on first start: a general incident handed to a division,
 * with a task, a release plan awaiting the leadership group and talking points (a clarification)
 * awaiting the leader in charge; once both are signed, the office can publish the statement.
 */
async function loadDemoIncident(deps: ServiceDeps): Promise<void> {
  const accounts = new AccountRepository(deps.store.db);
  const auth = new AuthService(deps);
  const who = async (username: string): Promise<Actor> => {
    const user = await accounts.getUserByUsername(username);
    if (!user) throw new Error(`demo user ${username} missing`);
    return { principal: await auth.principalForUser(user), ip: null };
  };
  const [office, leader, deputy, division] = await Promise.all(
    ['office', 'leader', 'deputy', 'division'].map(who),
  );
  const root = await new OrgRepository(deps.store.db).getUnitByCode(ROOT_CODE);
  if (!office || !leader || !deputy?.principal || !division?.principal || !root)
    throw new Error('demo incident: users or bureau missing');
  const incidents = new IncidentService(deps);
  const opened = await incidents.open(
    office,
    {
      title: '【演示】网传某市统计数据“注水”',
      unitId: root.id,
      source: { kind: 'manual', refId: null },
      mentionIds: [],
      eventIds: [],
    },
    { isDemo: true },
  );
  const id = opened.incident.id;
  const now = deps.now();
  await incidents.act(office, id, { type: 'start_assessment', note: '演示数据' });
  await incidents.act(office, id, { type: 'set_leader_in_charge', userId: deputy.principal.id });
  await incidents.act(office, id, {
    type: 'grade',
    grade: 'general',
    reason: '影响范围有限（演示）',
  });
  await incidents.act(leader, id, {
    type: 'assign_handler',
    handler: { kind: 'division', unitId: division.principal.unitId },
  });
  await incidents.act(office, id, {
    type: 'add_task',
    unitId: division.principal.unitId,
    title: '核实网传数据并提供权威数据来源',
    deadline: new Date(now.getTime() + 24 * 3_600_000).toISOString(),
  });
  await incidents.act(office, id, {
    type: 'submit_document',
    document: {
      docType: 'release_plan',
      title: '信息发布方案（演示）',
      body: '在官方网站发布情况说明，并在例行新闻发布会上回应。',
      channels: ['website', 'press_conference'],
      aim: '说明数据来源和核算方法，回应“注水”传言',
      audience: '公众与媒体',
      timing: '口径批准后一小时内',
      spokesperson: '新闻发言人',
    },
  });
  await incidents.act(office, id, {
    type: 'submit_document',
    document: {
      docType: 'talking_points',
      title: '关于网传某市统计数据“注水”的说明（演示）',
      body: '经核实，该市统计数据按国家统计调查制度依法采集、审核和发布，网传“注水”说法与事实不符。',
      pointsKind: 'clarification',
      claim: '网传某市统计数据“注水”',
      facts: '该市主要统计数据由上级统计机构统一核算，与公布数据一致。',
      factSource: '省统计局核算处',
      qa: [
        {
          question: '数据是如何核算的？',
          answer: '按照国家统一核算制度，由上级统计机构核定后发布。',
        },
      ],
    },
  });
}

/** The demo schemes, kept by the office on the provincial bureau, and their alert rules. */
async function loadDemoSchemes(deps: ServiceDeps): Promise<void> {
  const accounts = new AccountRepository(deps.store.db);
  const office = await accounts.getUserByUsername('office');
  const root = await new OrgRepository(deps.store.db).getUnitByCode(ROOT_CODE);
  if (!office || !root) throw new Error('demo office user or bureau missing');
  const schemes = new SchemeService(deps, new AnalysisService(deps));
  const alerts = new AlertService(deps);
  for (const s of DEMO_SCHEMES) {
    const scheme = await schemes.create(
      SYSTEM,
      { ...s, unit_id: root.id },
      { isDemo: true, ownerId: office.id },
    );
    // Schemes with default alert settings get their alert rule, so the demo raises alerts.
    if (scheme.alert) await alerts.createRuleFromScheme(SYSTEM, scheme);
  }
}

/** The office unit's duty roster, so "who is on duty now" names someone in the demo. */
async function loadDemoDuty(deps: ServiceDeps): Promise<void> {
  const org = new OrgRepository(deps.store.db);
  const unit = await org.getUnitByCode(DEMO_DUTY_UNIT);
  if (!unit) throw new Error(`demo unit ${DEMO_DUTY_UNIT} missing`);
  const people = await org.listPeople({ unitId: unit.id, limit: 100 });
  const duty = new DutyService(deps);
  for (const [i, s] of DEMO_DUTY_SHIFTS.entries()) {
    const shift = await duty.createShift(SYSTEM, { ...s, unit_id: unit.id, sort_order: i });
    await duty.setRotation(SYSTEM, shift.id, {
      person_ids: s.rotation.map(
        (title) => people.find((p) => p.title === title)?.id ?? fail(`${title} of ${unit.code}`),
      ),
      starts_on: DEMO_DUTY_STARTS_ON,
      period_days: 1,
    });
  }
}

let nameCounter = 0;
function nextName(): string {
  return demoName(nameCounter++);
}

async function loadDemoOrganisation(deps: ServiceDeps): Promise<void> {
  nameCounter = 0;
  const orgs = new OrgService(deps);
  const bureau = await orgs.createUnit(SYSTEM, { ...DEMO_BUREAU, sort_order: 0 });
  const units: UnitView[] = [];
  let order = 1;
  for (const u of [...DEMO_DIVISIONS, ...DEMO_CITY_BUREAUS]) {
    units.push(await orgs.createUnit(SYSTEM, { ...u, parent_id: bureau.id, sort_order: order++ }));
  }

  const email = (n: number) => `demo.${n}@example.org`;
  let emailNo = 1;
  const person = (unit: UnitView, title: string): Promise<PersonView> =>
    orgs.createPerson(SYSTEM, {
      unit_id: unit.id,
      name: nextName(),
      title,
      email: email(emailNo++),
    });

  // The leadership: the director heads the group, two deputy directors are deputy heads.
  const head = await person(bureau, '局长');
  const deputy = await person(bureau, '副局长');
  const deputy2 = await person(bureau, '副局长');
  await orgs.appoint(SYSTEM, {
    person_id: head.id,
    body: 'leadership_group',
    position: 'head',
    leader_kind: 'principal',
  });
  await orgs.appoint(SYSTEM, {
    person_id: deputy.id,
    body: 'leadership_group',
    position: 'deputy_head',
    leader_kind: 'in_charge',
  });
  await orgs.appoint(SYSTEM, {
    person_id: deputy2.id,
    body: 'leadership_group',
    position: 'deputy_head',
    leader_kind: 'in_charge',
  });

  // Every division head is a member of the group ([P2]); each division has an informant ([P4]).
  for (const unit of units) {
    const isCity = unit.kind === 'city';
    const chief = await person(
      unit,
      isCity ? '局长' : unit.name.endsWith('中心') ? '主任' : '处长',
    );
    const informant = await person(unit, '舆情信息员');
    await orgs.setInformant(SYSTEM, unit.id, informant.id);
    if (!isCity) {
      await orgs.appoint(SYSTEM, {
        person_id: chief.id,
        body: 'leadership_group',
        position: 'member',
      });
    }
    if (unit.hosts_office) {
      await orgs.appoint(SYSTEM, { person_id: chief.id, body: 'office', position: 'director' });
      const staff = await person(unit, '一级主任科员');
      await orgs.appoint(SYSTEM, { person_id: staff.id, body: 'office', position: 'staff' });
      await orgs.appoint(SYSTEM, { person_id: informant.id, body: 'office', position: 'staff' });
    }
  }
  for (const c of DEMO_CONTACTS) {
    await orgs.createContact(SYSTEM, { ...c, name: null, phone: null, email: null });
  }
}

async function loadDemoUsers(deps: ServiceDeps): Promise<void> {
  const org = new OrgRepository(deps.store.db);
  const units = await org.listUnits();
  const byCode = (code: string) => {
    const u = units.find((x) => x.code === code);
    if (!u) throw new Error(`demo unit ${code} missing`);
    return u;
  };
  const peopleOf = async (code: string) =>
    org.listPeople({ unitId: byCode(code).id, limit: 100 }).then((ps) => ps);
  const firstWithTitle = async (code: string, title: string) => {
    const p = (await peopleOf(code)).find((x) => x.title === title);
    if (!p) throw new Error(`demo person ${title} in ${code} missing`);
    return p;
  };
  const bureauPeople = await peopleOf(ROOT_CODE);
  const heads = await org.currentPositions('leadership_group');
  const headPos = heads.find((p) => p.position === 'head');
  const deputyPos = heads.find((p) => p.position === 'deputy_head');
  const pick: Record<
    DemoUser['person'],
    () => Promise<{ id: string; unit_id: string; name: string }>
  > = {
    head: () =>
      Promise.resolve(bureauPeople.find((p) => p.id === headPos?.person_id) ?? fail('head')),
    deputy: () =>
      Promise.resolve(bureauPeople.find((p) => p.id === deputyPos?.person_id) ?? fail('deputy')),
    office_director: () => firstWithTitle('GS-ZH', '处长'),
    division_head: () => firstWithTitle('GS-HS', '处长'),
    city_informant: () => firstWithTitle('C620100', '舆情信息员'),
    investigator: () => firstWithTitle('GS-ZF', '处长'),
    viewer: () => firstWithTitle('GS-SJZX', '舆情信息员'),
  };
  const users = new UserService(deps);
  for (const u of DEMO_USERS) {
    const p = await pick[u.person]();
    await users.create(SYSTEM, {
      username: u.username,
      display_name: p.name,
      password: DEMO_PASSWORD,
      unit_id: p.unit_id,
      person_id: p.id,
      roles: u.roles,
      leader_kind: u.leader_kind ?? null,
    });
  }
}

function fail(what: string): never {
  throw new Error(`demo ${what} missing`);
}
