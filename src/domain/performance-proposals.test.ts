import { describe, expect, it } from 'vitest';
import {
  canReadProposal,
  createProposal,
  decideProposal,
  latestProposal,
  performanceScope,
  proposalContentHash,
  proposalInputSchema,
  proposalProblems,
  proposalSigners,
  proposalUpdateProblem,
  reviseProposal,
  type Proposal,
  type ProposalContent,
} from './performance-proposals.ts';
import { userPrincipal } from './test-principals.ts';

const T = '2026-06-01T02:00:00.000Z';
const later = (m: number) => new Date(Date.parse(T) + m * 60_000);

const head = userPrincipal('u-head', ['leader']);
const deputy = userPrincipal('u-deputy', ['leader']);
const office = userPrincipal('u-office', ['office']);

const content = (over: Partial<ProposalContent> = {}): ProposalContent => ({
  id: 'v1',
  documentId: 'doc',
  version: 1,
  kind: 'commendation',
  personId: 'p-1',
  personName: '张三',
  unitId: 'unit-hs',
  incidentId: 'inc-1',
  incidentTitle: '事件',
  year: 2026,
  reasons: '首报及时',
  facts: [{ ref: 'report:r1', text: '「事件」首报按时' }],
  signer: { rule: 'leadership_group', userIds: ['u-head', 'u-deputy'] },
  submittedBy: 'u-office',
  submittedAt: T,
  ...over,
});

const next = (over: Partial<ProposalContent> = {}) => {
  const {
    documentId: _d,
    version: _v,
    ...rest
  } = content({
    id: 'v2',
    reasons: '首报及时，处置得当',
    submittedAt: later(10).toISOString(),
    ...over,
  });
  return rest;
};

const decided = (p: Proposal, decision: 'approve' | 'reject' | 'return', by = head): Proposal => {
  const out = decideProposal(p, { decision, comment: '意见' }, by, ['u-subject'], later(5));
  if (!out.ok) throw new Error(out.error.message);
  return out.value;
};

describe('proposals', () => {
  it('a version is sealed by the SHA-256 of its content at submission', () => {
    const p = createProposal(content());
    expect(p.status).toBe('pending');
    expect(p.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(p.contentHash).toBe(proposalContentHash(content()));
    expect(proposalProblems(p)).toEqual([]);
    expect(proposalProblems({ ...p, reasons: '改过' })).toEqual([
      'content does not match its content hash',
    ]);
    expect(proposalProblems({ ...p, facts: [{ ref: 'report:r1', text: '改过' }] })).toEqual([
      'content does not match its content hash',
    ]);
    expect(proposalContentHash(content({ year: 2025 }))).not.toBe(p.contentHash);
  });

  it('the group’s head or a deputy head decides; never the subject, the submitter or others', () => {
    const p = createProposal(content());
    const tryAs = (who: Parameters<typeof decideProposal>[2], subject: string[] = []) =>
      decideProposal(p, { decision: 'approve' }, who, subject, later(5));
    const code = (o: ReturnType<typeof tryAs>) => (o.ok ? 'ok' : o.error.code);
    expect(code(tryAs(office))).toBe('forbidden');
    expect(code(tryAs(userPrincipal('u-div', ['division'])))).toBe('forbidden');
    expect(code(tryAs(userPrincipal('u-other', ['leader'])))).toBe('forbidden');
    expect(code(tryAs(head, ['u-head']))).toBe('forbidden');
    expect(
      code(
        decideProposal(
          createProposal(content({ submittedBy: 'u-head' })),
          { decision: 'approve' },
          head,
          [],
          later(5),
        ),
      ),
    ).toBe('forbidden');
    const ok = tryAs(deputy);
    expect(ok.ok && ok.value.status).toBe('approved');
    if (!ok.ok) return;
    expect(ok.value.decision).toMatchObject({ decision: 'approve', decidedBy: 'u-deputy' });
    expect(ok.value.decision?.sealHash).toMatch(/^[0-9a-f]{64}$/);
    expect(proposalProblems(ok.value)).toEqual([]);
    // The seal covers the decision: an edited comment shows.
    const edited = { ...ok.value, decision: { ...ok.value.decision!, comment: '改' } };
    expect(proposalProblems(edited)).toEqual(['decision does not match its seal hash']);
    // Decided once: final.
    const again = decideProposal(
      ok.value,
      { decision: 'reject', comment: 'x' },
      head,
      [],
      later(6),
    );
    expect(!again.ok && again.error.status).toBe(409);
  });

  it('a rejection or a return says why; a version edited outside the rules is not decided', () => {
    const p = createProposal(content());
    const bare = decideProposal(p, { decision: 'return' }, head, [], later(5));
    expect(!bare.ok && bare.error.details).toEqual([
      { path: 'body.comment', message: 'required to reject or return' },
    ]);
    const bad = decideProposal(p, { decision: 'maybe' as 'approve' }, head, [], later(5));
    expect(!bad.ok && bad.error.details?.[0]?.path).toBe('body.decision');
    const tampered = decideProposal(
      { ...p, reasons: 'x' },
      { decision: 'approve' },
      head,
      [],
      later(5),
    );
    expect(!tampered.ok && tampered.error.code).toBe('invalid_state');
  });

  it('an edit is a new version: a pending one is superseded, a returned one stays', () => {
    const v1 = createProposal(content());
    const out = reviseProposal([v1], 'v1', next());
    if (!out.ok) throw new Error(out.error.message);
    expect(out.value.created).toMatchObject({
      id: 'v2',
      documentId: 'doc',
      version: 2,
      status: 'pending',
    });
    expect(out.value.superseded).toMatchObject({
      id: 'v1',
      status: 'superseded',
      closure: { by: 'u-office', supersededBy: 'v2' },
    });
    expect(proposalProblems(out.value.superseded!)).toEqual([]);
    expect(proposalUpdateProblem(v1, out.value.superseded!)).toBeNull();

    const returned = decided(v1, 'return');
    const r2 = reviseProposal([returned], 'v1', next());
    expect(r2.ok && r2.value.superseded).toBeNull();
    expect(latestProposal([returned, ...(r2.ok ? [r2.value.created] : [])], 'doc')?.id).toBe('v2');
  });

  it('an approved or rejected proposal ends; an old version, another person or no change is refused', () => {
    const v1 = createProposal(content());
    for (const d of ['approve', 'reject'] as const) {
      const out = reviseProposal([decided(v1, d)], 'v1', next());
      expect(!out.ok && out.error.code, d).toBe('invalid_state');
    }
    const v2 = reviseProposal([v1], 'v1', next());
    if (!v2.ok) throw new Error('revise');
    const stale = reviseProposal(
      [v2.value.superseded!, v2.value.created],
      'v1',
      next({ id: 'v3' }),
    );
    expect(!stale.ok && stale.error.message).toContain('latest version (2)');
    const other = reviseProposal([v1], 'v1', next({ personId: 'p-2' }));
    expect(!other.ok && other.error.details?.[0]?.path).toBe('body.personId');
    const same = reviseProposal([v1], 'v1', next({ reasons: '首报及时' }));
    expect(!same.ok && same.error.message).toContain('nothing changed');
    const missing = reviseProposal([v1], 'nope', next());
    expect(!missing.ok && missing.error.details?.[0]?.path).toBe('body.revises');
  });

  it('the store may change only a pending version, never its content', () => {
    const v1 = createProposal(content());
    const approved = decided(v1, 'approve');
    expect(proposalUpdateProblem(v1, approved)).toBeNull();
    expect(proposalUpdateProblem(v1, { ...approved, reasons: 'x' })).toContain('content');
    expect(proposalUpdateProblem(approved, { ...approved, status: 'rejected' })).toContain(
      'cannot change',
    );
    expect(proposalUpdateProblem(approved, approved)).toBeNull();
  });

  it('the signers are the group’s head and deputy heads; the input is checked', () => {
    expect(proposalSigners({ headId: 'h', deputyHeadIds: ['d1', 'd2'], memberIds: ['m'] })).toEqual(
      ['h', 'd1', 'd2'],
    );
    expect(proposalSigners({ headId: null, deputyHeadIds: [], memberIds: ['m'] })).toEqual([]);
    const parsed = proposalInputSchema.safeParse({
      kind: 'praise',
      personId: '',
      year: 1999,
      reasons: '',
    });
    expect(parsed.success).toBe(false);
    if (!parsed.success)
      expect(parsed.error.issues.map((i) => i.path.join('.')).sort()).toEqual(
        ['kind', 'personId', 'reasons', 'year'].sort(),
      );
  });
});

describe('who reads what', () => {
  it('the scope of each role', () => {
    expect(performanceScope(userPrincipal('a', ['admin']))).toEqual({ kind: 'all' });
    expect(performanceScope(office)).toEqual({ kind: 'all' });
    expect(performanceScope(head)).toEqual({ kind: 'all' });
    expect(performanceScope(userPrincipal('d', ['division'], 'unit-hs'))).toEqual({
      kind: 'unit',
      unitId: 'unit-hs',
    });
    expect(
      performanceScope(
        userPrincipal('c', ['office'], 'unit-city', { kind: 'unit', unitId: 'unit-city' }),
      ),
    ).toEqual({ kind: 'unit', unitId: 'unit-city' });
    for (const r of ['informant', 'viewer', 'investigator'] as const)
      expect(performanceScope(userPrincipal('x', [r]))).toEqual({ kind: 'own' });
    expect(
      performanceScope({
        kind: 'token',
        id: 't',
        name: 't',
        scopes: ['read'],
        unitId: 'u',
        scope: { kind: 'province' },
      }),
    ).toBeNull();
  });

  it('the person concerned and their unit read it once decided; signers the pending ones', () => {
    const pending = createProposal(content());
    const returned = decided(pending, 'return');
    const approved = decided(pending, 'approve');
    const rejected = decided(pending, 'reject');
    const subject = { scope: { kind: 'own' as const }, personId: 'p-1', userId: 'u-1' };
    const unit = {
      scope: { kind: 'unit' as const, unitId: 'unit-hs' },
      personId: 'p-9',
      userId: 'u-9',
    };
    const otherUnit = { ...unit, scope: { kind: 'unit' as const, unitId: 'unit-zh' } };
    const all = { scope: { kind: 'all' as const }, personId: 'p-o', userId: 'u-office' };
    const signer = { scope: { kind: 'own' as const }, personId: 'p-h', userId: 'u-head' };
    const table = [pending, returned, approved, rejected].map((p) => [
      p.status,
      canReadProposal(p, subject),
      canReadProposal(p, unit),
      canReadProposal(p, otherUnit),
      canReadProposal(p, all),
      canReadProposal(p, signer),
    ]);
    expect(table).toEqual([
      ['pending', false, false, false, true, true],
      ['returned', false, false, false, true, false],
      ['approved', true, true, false, true, false],
      ['rejected', true, true, false, true, false],
    ]);
  });
});
