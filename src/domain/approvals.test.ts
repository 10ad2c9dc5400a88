import { describe, expect, it } from 'vitest';
import type { Principal, Role } from './access.ts';
import { userPrincipal } from './test-principals.ts';
import {
  approvalProblems,
  approvalSettingsSchema,
  approvalUpdateProblem,
  canonicalJson,
  contentHashOf,
  createApproval,
  currentApproval,
  decide,
  DEFAULT_APPROVAL_SETTINGS,
  delegationActive,
  delegationProblems,
  DOCUMENT_TYPES,
  hashJson,
  inbox,
  latestVersion,
  resolveSigners,
  reviseApproval,
  sha256Hex,
  signerRuleFor,
  withdrawApproval,
  type Approval,
  type Delegation,
  type LeadershipGroup,
  type NewApproval,
} from './approvals.ts';

const T0 = new Date('2025-06-01T02:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

const user = (id: string, roles: Role[] = ['leader']): Principal => userPrincipal(id, roles);

const GROUP: LeadershipGroup = {
  headId: 'head',
  deputyHeadIds: ['dep1', 'dep2'],
  memberIds: ['m1', 'm2'],
};

const draft = (over: Partial<NewApproval> = {}): NewApproval => ({
  id: 'a1',
  incidentId: 'inc1',
  documentId: 'doc1',
  version: 1,
  docType: 'handling_opinion',
  grade: 'major',
  title: '关于某舆情的处置意见',
  body: '一、迅速核实……',
  payload: { level: 'II', channels: ['weibo'] },
  signer: { rule: 'leader_in_charge', userIds: ['dep1'] },
  submittedBy: 'office1',
  submittedAt: T0.toISOString(),
  ...over,
});

const approved = (a: Approval, by = 'dep1', when = at(5)): Approval => {
  const r = decide(a, { decision: 'approve', comment: '同意' }, user(by), when, []);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

const delegation = (over: Partial<Delegation> = {}): Delegation => ({
  id: 'd1',
  fromUserId: 'dep1',
  toUserId: 'dep2',
  docTypes: null,
  from: at(-60).toISOString(),
  until: at(60).toISOString(),
  revokedAt: null,
  reason: '出差',
  ...over,
});

describe('canonical JSON and hashing', () => {
  it('writes one text whatever the key order, keeps array order', () => {
    expect(canonicalJson({ b: 1, a: [3, 'x', null, true, { d: 1, c: 2 }] })).toBe(
      '{"a":[3,"x",null,true,{"c":2,"d":1}],"b":1}',
    );
    expect(canonicalJson({ z: { y: 1, x: 2 }, a: 0 })).toBe(
      canonicalJson({ a: 0, z: { x: 2, y: 1 } }),
    );
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it('sorts keys by UTF-16 code units and escapes strings as JSON does', () => {
    expect(canonicalJson({ 处: 1, B: 2, a: 3, '\u00e9': 4 })).toBe('{"B":2,"a":3,"é":4,"处":1}');
    expect(canonicalJson('引号"与\n换行')).toBe(JSON.stringify('引号"与\n换行'));
  });

  it('hashes the same before and after a JSON round trip', () => {
    const v = { a: undefined, b: [1, undefined, 2.5], c: -0, d: '文' };
    expect(canonicalJson(v)).toBe('{"b":[1,null,2.5],"c":0,"d":"文"}');
    expect(hashJson(v)).toBe(hashJson(JSON.parse(JSON.stringify(v))));
  });

  it('refuses what JSON cannot carry faithfully', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalJson(Infinity)).toThrow(TypeError);
    expect(() => canonicalJson(new Date())).toThrow(TypeError);
    expect(() => canonicalJson(10n)).toThrow(TypeError);
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
  });

  it('hashes the canonical JSON with SHA-256 (FIPS 180-2 vectors), UTF-8 for Chinese text', () => {
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    // Key order does not matter; the hash is of the canonical text.
    expect(hashJson({ b: '口径', a: 1 })).toBe(hashJson({ a: 1, b: '口径' }));
    expect(hashJson({ a: 1, b: '口径' })).toBe(sha256Hex('{"a":1,"b":"口径"}'));
    expect(hashJson({ a: 1, b: '口径' })).not.toBe(hashJson({ a: 1, b: '口径 ' }));
  });
});

describe('signers', () => {
  it('defaults: leader in charge signs the handling opinion, the head a major response, the group a release plan', () => {
    const s = DEFAULT_APPROVAL_SETTINGS;
    expect(signerRuleFor(s, 'handling_opinion', 'major')).toBe('leader_in_charge');
    expect(signerRuleFor(s, 'response_activation', 'major')).toBe('principal_leader');
    expect(signerRuleFor(s, 'response_activation', 'general')).toBe('leader_in_charge');
    expect(signerRuleFor(s, 'response_termination', 'major')).toBe('principal_leader');
    expect(signerRuleFor(s, 'grade_lowering', 'major')).toBe('principal_leader');
    expect(signerRuleFor(s, 'release_plan', 'general')).toBe('leadership_group');
    expect(approvalSettingsSchema.parse(s)).toEqual(s);
  });

  it('is configurable per document type and grade, and validated', () => {
    const custom = structuredClone(DEFAULT_APPROVAL_SETTINGS);
    custom.signers.talking_points.general = 'principal_leader';
    expect(signerRuleFor(approvalSettingsSchema.parse(custom), 'talking_points', 'general')).toBe(
      'principal_leader',
    );
    const bad = structuredClone(DEFAULT_APPROVAL_SETTINGS) as unknown as {
      signers: Record<string, unknown>;
    };
    bad.signers.release_plan = { major: 'office', general: 'leadership_group' };
    expect(approvalSettingsSchema.safeParse(bad).success).toBe(false);
    const missing = structuredClone(DEFAULT_APPROVAL_SETTINGS) as unknown as {
      signers: Record<string, unknown>;
    };
    delete missing.signers.handling_opinion;
    expect(approvalSettingsSchema.safeParse(missing).success).toBe(false);
  });

  it('resolves each rule against the leadership group', () => {
    expect(resolveSigners('principal_leader', GROUP, 'dep2')).toEqual(['head']);
    expect(resolveSigners('leader_in_charge', GROUP, 'dep2')).toEqual(['dep2']);
    expect(resolveSigners('leader_in_charge', GROUP, null)).toEqual(['dep1', 'dep2']);
    expect(resolveSigners('leadership_group', GROUP, null)).toEqual(['head', 'dep1', 'dep2']);
    const vacant = { headId: null, deputyHeadIds: [], memberIds: ['m1'] };
    expect(resolveSigners('principal_leader', vacant, null)).toEqual([]);
    expect(resolveSigners('leadership_group', vacant, null)).toEqual([]);
  });
});

describe('approval records', () => {
  it('a new version is pending, hashed and sound', () => {
    const a = createApproval(draft());
    expect(a.status).toBe('pending');
    expect(a.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.contentHash).toBe(contentHashOf(draft()));
    expect(approvalProblems(a)).toEqual([]);
  });

  it('the content hash changes with any edit of any submitted field', () => {
    const base = createApproval(draft());
    const edits: ((a: Approval) => Approval)[] = [
      (a) => ({ ...a, id: 'a2' }),
      (a) => ({ ...a, incidentId: 'inc2' }),
      (a) => ({ ...a, documentId: 'doc2' }),
      (a) => ({ ...a, version: 2 }),
      (a) => ({ ...a, docType: 'release_plan' }),
      (a) => ({ ...a, grade: 'general' }),
      (a) => ({ ...a, title: a.title + ' ' }),
      (a) => ({ ...a, body: a.body.replace('迅速', '立即') }),
      (a) => ({ ...a, payload: { ...a.payload, level: 'I' } }),
      (a) => ({ ...a, payload: { ...a.payload, channels: ['weibo', 'wechat'] } }),
      (a) => ({ ...a, payload: { ...a.payload, extra: null } }),
      (a) => ({ ...a, signer: { ...a.signer, rule: 'principal_leader' } }),
      (a) => ({ ...a, signer: { ...a.signer, userIds: ['dep1', 'dep2'] } }),
      (a) => ({ ...a, submittedBy: 'office2' }),
      (a) => ({ ...a, submittedAt: at(1).toISOString() }),
    ];
    const hashes = new Set([base.contentHash]);
    for (const edit of edits) {
      const changed = edit(base);
      hashes.add(contentHashOf(changed));
      expect(approvalProblems(changed)).toContain('content does not match its content hash');
    }
    expect(hashes.size).toBe(edits.length + 1);
  });

  it('an approved version is sealed: its decision cannot change unnoticed', () => {
    const a = approved(createApproval(draft()));
    expect(a.status).toBe('approved');
    expect(approvalProblems(a)).toEqual([]);
    const d = a.decision!;
    for (const changed of [
      { ...d, comment: '同意。' },
      { ...d, decidedBy: 'dep2' },
      { ...d, decidedAt: at(6).toISOString() },
      { ...d, onBehalfOf: 'head' },
      { ...d, decision: 'reject' as const },
    ]) {
      expect(approvalProblems({ ...a, decision: changed }).length).toBeGreaterThan(0);
    }
    expect(approvalProblems({ ...a, status: 'rejected' })).toContain(
      'status rejected does not fit the decision approve',
    );
    expect(approvalProblems({ ...a, status: 'pending' })).toContain(
      'status pending with a decision',
    );
  });

  it('a store may decide or close a pending version, and change nothing else', () => {
    const pending = createApproval(draft());
    const ok = approved(pending);
    expect(approvalUpdateProblem(pending, ok)).toBeNull();
    expect(approvalUpdateProblem(pending, { ...ok, body: 'x' })).toMatch(/cannot change/);
    expect(approvalUpdateProblem(ok, ok)).toBeNull();
    expect(approvalUpdateProblem(ok, { ...ok, body: 'x' })).toMatch(/approved and cannot change/);
    expect(
      approvalUpdateProblem(ok, { ...ok, decision: { ...ok.decision!, comment: '改' } }),
    ).toMatch(/approved and cannot change/);
    expect(approvalUpdateProblem(ok, { ...ok, status: 'withdrawn' })).toMatch(/cannot change/);
    expect(approvalUpdateProblem(pending, { ...pending, id: 'other' })).toMatch(/id/);
    const withdrawn = withdrawApproval(pending, 'office1', '过时', at(3));
    expect(withdrawn.ok && approvalUpdateProblem(pending, withdrawn.value)).toBeNull();
  });
});

describe('deciding', () => {
  const pending = createApproval(draft());

  it('the named signer approves, rejects or returns; reject and return need a comment', () => {
    expect(approved(pending).decision).toMatchObject({
      decision: 'approve',
      decidedBy: 'dep1',
      onBehalfOf: null,
      delegationId: null,
      decidedAt: at(5).toISOString(),
    });
    for (const decision of ['reject', 'return'] as const) {
      const bare = decide(pending, { decision, comment: '  ' }, user('dep1'), at(5), []);
      expect(bare.ok || bare.error.code).toBe('invalid_input');
      const r = decide(pending, { decision, comment: '口径不准' }, user('dep1'), at(5), []);
      expect(r.ok && r.value.status).toBe(decision === 'reject' ? 'rejected' : 'returned');
      expect(r.ok && approvalProblems(r.value)).toEqual([]);
    }
    const wrong = decide(pending, { decision: 'maybe' } as never, user('dep1'), at(5), []);
    expect(wrong.ok || wrong.error.code).toBe('invalid_input');
  });

  it('nobody else decides: other leaders, non-leaders, the submitter, machine tokens', () => {
    const code = (p: Principal) => {
      const r = decide(pending, { decision: 'approve' }, p, at(5), []);
      return r.ok ? 'ok' : r.error.code;
    };
    expect(code(user('dep2'))).toBe('forbidden');
    expect(code(user('head'))).toBe('forbidden');
    expect(code(user('dep1', ['office']))).toBe('forbidden');
    expect(code(user('dep1', ['admin']))).toBe('forbidden');
    const self = createApproval(draft({ submittedBy: 'dep1' }));
    const r = decide(self, { decision: 'approve' }, user('dep1', ['leader', 'office']), at(5), []);
    expect(r.ok || r.error.message).toMatch(/submitted/);
    const token: Principal = {
      kind: 'token',
      id: 'dep1',
      name: 't',
      scopes: ['read'],
      unitId: 'gs',
      scope: { kind: 'province' },
    };
    expect(code(token)).toBe('forbidden');
  });

  it('decides once: a decided version stays as it is', () => {
    const a = approved(pending);
    for (const decision of ['approve', 'reject', 'return'] as const) {
      const r = decide(a, { decision, comment: 'x' }, user('dep1'), at(9), []);
      expect(r.ok || r.error.code).toBe('invalid_state');
    }
  });

  it('never decides a record that fails its hash check', () => {
    const tampered = { ...pending, body: '被改过的内容' };
    const r = decide(tampered, { decision: 'approve' }, user('dep1'), at(5), []);
    expect(r.ok || r.error.code).toBe('invalid_state');
  });
});

describe('delegation', () => {
  const pending = createApproval(draft());
  const by = (p: Principal, ds: Delegation[], when = at(5)) => {
    const r = decide(pending, { decision: 'approve' }, p, when, ds);
    return r.ok ? r.value.decision : r.error.code;
  };

  it('a delegate signs for the signer, and the record says so', () => {
    expect(by(user('dep2'), [delegation()])).toMatchObject({
      decidedBy: 'dep2',
      onBehalfOf: 'dep1',
      delegationId: 'd1',
    });
  });

  it('only while the delegation runs: from inclusive, until exclusive, not after revocation', () => {
    const d = delegation({ from: at(5).toISOString(), until: at(10).toISOString() });
    expect(by(user('dep2'), [d], at(4))).toBe('forbidden');
    expect(by(user('dep2'), [d], at(5))).toMatchObject({ onBehalfOf: 'dep1' });
    expect(by(user('dep2'), [d], new Date(at(10).getTime() - 1))).toMatchObject({
      onBehalfOf: 'dep1',
    });
    expect(by(user('dep2'), [d], at(10))).toBe('forbidden');
    const revoked = delegation({ revokedAt: at(2).toISOString() });
    expect(by(user('dep2'), [revoked], at(1))).toMatchObject({ onBehalfOf: 'dep1' });
    expect(by(user('dep2'), [revoked], at(2))).toBe('forbidden');
    expect(delegationActive(delegation({ until: null }), at(100_000))).toBe(true);
  });

  it('only for the kinds of document it covers', () => {
    expect(by(user('dep2'), [delegation({ docTypes: ['release_plan'] })])).toBe('forbidden');
    expect(
      by(user('dep2'), [delegation({ docTypes: ['release_plan', 'handling_opinion'] })]),
    ).toMatchObject({ onBehalfOf: 'dep1' });
  });

  it('not from someone who is not the signer, not passed on, not to a non-leader', () => {
    expect(by(user('dep2'), [delegation({ fromUserId: 'head' })])).toBe('forbidden');
    const chain = [delegation(), delegation({ id: 'd2', fromUserId: 'dep2', toUserId: 'm1' })];
    expect(by(user('m1'), chain)).toBe('forbidden');
    expect(by(user('dep2', ['division']), [delegation()])).toBe('forbidden');
    expect(by(user('dep2'), [delegation({ toUserId: 'dep3' })])).toBe('forbidden');
  });

  it('an invalid delegation counts for nothing', () => {
    expect(delegationProblems(delegation())).toEqual([]);
    const bad = [
      delegation({ toUserId: 'dep1' }),
      delegation({ until: at(-60).toISOString() }),
      delegation({ reason: ' ' }),
      delegation({ docTypes: [] }),
      delegation({ from: 'soon' }),
    ];
    for (const d of bad) expect(delegationProblems(d).length).toBeGreaterThan(0);
    expect(by(user('dep2'), [delegation({ reason: '' })])).toBe('forbidden');
  });

  it('a signer with a delegation as well signs as themself', () => {
    const multi = createApproval(
      draft({ signer: { rule: 'leadership_group', userIds: ['head', 'dep2'] } }),
    );
    const r = decide(multi, { decision: 'approve' }, user('dep2'), at(5), [delegation()]);
    expect(r.ok && r.value.decision?.onBehalfOf).toBeNull();
  });
});

describe('versions', () => {
  const v1 = createApproval(draft());
  const edit = (over: Partial<Parameters<typeof reviseApproval>[2]> = {}) => ({
    id: 'a2',
    grade: 'major' as const,
    title: v1.title,
    body: v1.body + '二、统一口径。',
    payload: v1.payload,
    signer: v1.signer,
    by: 'office1',
    now: at(10),
    ...over,
  });

  it('an edit of a pending version supersedes it with the next version', () => {
    const r = reviseApproval([v1], v1.id, edit());
    if (!r.ok) throw new Error(r.error.message);
    const { created, superseded } = r.value;
    expect(created).toMatchObject({ version: 2, documentId: 'doc1', status: 'pending' });
    expect(created.contentHash).not.toBe(v1.contentHash);
    expect(superseded).toMatchObject({ id: v1.id, status: 'superseded' });
    expect(superseded?.closure?.supersededBy).toBe('a2');
    expect(approvalProblems(superseded!)).toEqual([]);
    expect(approvalUpdateProblem(v1, superseded!)).toBeNull();
  });

  it('an edit after approval is a new version needing its own approval; the approved one stays', () => {
    const ok1 = approved(v1);
    const r = reviseApproval([ok1], ok1.id, edit());
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.superseded).toBeNull();
    const all = [ok1, r.value.created];
    expect(latestVersion(all, 'doc1')?.version).toBe(2);
    const cur = currentApproval(all, ok1.id);
    expect(cur.ok || cur.error.code).toBe('approval_required');
    expect(currentApproval([ok1], ok1.id).ok).toBe(true);
    const ok2 = approved(r.value.created, 'dep1', at(20));
    expect(currentApproval([ok1, ok2], ok2.id).ok).toBe(true);
    expect(approvalProblems(ok1)).toEqual([]);
  });

  it('a returned version is revised; a rejected or withdrawn document ends', () => {
    const returned = decide(v1, { decision: 'return', comment: '补充' }, user('dep1'), at(5), []);
    expect(returned.ok && reviseApproval([returned.value], v1.id, edit()).ok).toBe(true);
    const rejected = decide(v1, { decision: 'reject', comment: '不同意' }, user('dep1'), at(5), []);
    const r = rejected.ok ? reviseApproval([rejected.value], v1.id, edit()) : null;
    expect(r?.ok || r?.error.code).toBe('invalid_state');
    const withdrawn = withdrawApproval(v1, 'office1', '撤回', at(3));
    const w = withdrawn.ok ? reviseApproval([withdrawn.value], v1.id, edit()) : null;
    expect(w?.ok || w?.error.code).toBe('invalid_state');
  });

  it('only the latest version is revised, and only with a change', () => {
    const r = reviseApproval([v1], v1.id, edit());
    if (!r.ok) throw new Error(r.error.message);
    const all = [r.value.superseded!, r.value.created];
    const again = reviseApproval(all, v1.id, edit({ id: 'a3' }));
    expect(again.ok || again.error.code).toBe('invalid_state');
    const same = reviseApproval([v1], v1.id, edit({ body: v1.body }));
    expect(same.ok || same.error.code).toBe('invalid_input');
    const missing = reviseApproval([v1], 'nope', edit());
    expect(missing.ok || missing.error.code).toBe('not_found');
  });

  it('a pending, rejected or unknown approval is not in force', () => {
    expect(currentApproval([v1], v1.id)).toMatchObject({
      ok: false,
      error: { code: 'approval_required' },
    });
    expect(currentApproval([v1], 'x')).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const tampered = { ...approved(v1), title: '改' };
    expect(currentApproval([tampered], v1.id)).toMatchObject({
      ok: false,
      error: { code: 'invalid_state' },
    });
  });

  it('withdrawing needs a pending version and a reason', () => {
    expect(withdrawApproval(v1, 'office1', ' ', at(1)).ok).toBe(false);
    expect(withdrawApproval(approved(v1), 'office1', 'x', at(9))).toMatchObject({
      ok: false,
      error: { code: 'invalid_state' },
    });
  });
});

describe('the approvals inbox', () => {
  const a = (id: string, minutes: number, over: Partial<NewApproval> = {}) =>
    createApproval(draft({ id, documentId: id, submittedAt: at(minutes).toISOString(), ...over }));

  it('lists what awaits this person, oldest first, including what they sign for someone else', () => {
    const list = [
      a('late', 30),
      a('early', 10),
      a('head-only', 5, { signer: { rule: 'principal_leader', userIds: ['head'] } }),
      approved(a('done', 1)),
      a('own', 2, { submittedBy: 'dep1' }),
      a('release', 20, {
        docType: 'release_plan',
        signer: { rule: 'leadership_group', userIds: ['head', 'dep2'] },
      }),
    ];
    expect(inbox(list, user('dep1'), [], at(40)).map((i) => i.approval.id)).toEqual([
      'early',
      'late',
    ]);
    const forHead = inbox(
      list,
      user('dep2'),
      [delegation({ fromUserId: 'head', until: null })],
      at(40),
    );
    expect(forHead.map((i) => [i.approval.id, i.onBehalfOf])).toEqual([
      ['head-only', 'head'],
      ['release', null],
    ]);
    expect(inbox(list, user('dep1', ['office']), [], at(40))).toEqual([]);
  });

  it('covers every document type', () => {
    expect(DOCUMENT_TYPES).toHaveLength(8);
    for (const docType of DOCUMENT_TYPES) {
      const x = a(docType, 1, { docType });
      expect(inbox([x], user('dep1'), [], at(2))).toHaveLength(1);
    }
  });
});
