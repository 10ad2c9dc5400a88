// `yuqing drill`: the tabletop exercise runs a whole major incident against a real server
// through its API, with the demo users in their roles; from an active alert (or by hand when
// there is none) to the termination of the response. A refused step ends it with exit code 1
// and names the step; bad usage exits 2. The drill in-process (runDrill) and the real CLI.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDrill, type DrillOutput } from '../src/cli/drill-command.ts';
import {
  ADMIN_PASSWORD,
  Client,
  collectorClient,
  DEMO_PASSWORD_FOR_TESTS,
  startTestServer,
  type TestServer,
} from './helpers.ts';

const root = path.resolve(import.meta.dirname, '..');

/** Collects what the drill writes. */
function collector(): DrillOutput & { text: () => string } {
  const chunks: string[] = [];
  return { write: (t: string) => chunks.push(t), text: () => chunks.join('') };
}

/** Runs the CLI as a user runs it (node bin/yuqing.js); its exit code and what it printed. */
async function yuqing(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['bin/yuqing.js', ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: '', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
  child.stdin.end();
  const [code] = (await once(child, 'close')) as [number | null];
  return { code: code ?? 1, stdout, stderr };
}

const RUMOUR = '网传青石县统计局篡改农民人均可支配收入数据，数据造假严重，要求彻查';

/** A server where pushed posts about the demo's made-up county fired one (real) alert. */
async function serverWithAlert(): Promise<{
  server: TestServer;
  alertId: string;
  alertTitle: string;
}> {
  const server = await startTestServer('sqlite');
  // Posts about the demo's made-up county meet its major alert rule: one alert fires.
  const machine = await collectorClient(server);
  const ingested = await machine.post(
    '/api/v1/ingest',
    [1, 2, 3, 4].map((i) => ({
      id: `drill-${i}`,
      source: 'weibo',
      author: `网友${i}`,
      text: `${RUMOUR}（${i}）`,
      url: `https://weibo.example/drill-${i}`,
    })),
  );
  expect(ingested.body.accepted).toBe(4);
  const office = await new Client(server.url).login('office', DEMO_PASSWORD_FOR_TESTS);
  const alerts = (await office.get('/api/v1/alerts?status=active&kind=event')).body.items;
  expect(alerts).toHaveLength(1);
  return { server, alertId: alerts[0].id as string, alertTitle: alerts[0].title as string };
}

describe('yuqing drill', { timeout: 120_000 }, () => {
  describe('against a server with an active alert', () => {
    let server: TestServer;
    let alertId: string;
    let alertTitle: string;
    beforeAll(async () => {
      ({ server, alertId, alertTitle } = await serverWithAlert());
    });
    afterAll(async () => server?.close());

    it('takes a major incident from the alert to the termination of the response', async () => {
      const out = collector();
      const result = await runDrill(
        { url: server.url, password: DEMO_PASSWORD_FOR_TESTS, fromAlert: 'any' },
        out,
      );
      const text = out.text();
      expect(result.failure, text).toBeNull();
      expect(result.exitCode).toBe(0);
      expect(result.steps.every((s) => s.ok)).toBe(true);
      expect(result.source).toBe('alert');
      expect(result.alertId).toBe(alertId);
      expect(result.finalState).toBe('terminated');
      expect(result.incidentUrl).toBe(`${server.url}/api/v1/incidents/${result.incidentId}`);

      // Every part played its step, in the plan's order.
      const steps = result.steps.map((s) => `${s.actor}:${s.step}`);
      expect(steps).toEqual([
        'office:sign_in',
        'leader:sign_in',
        'deputy:sign_in',
        'investigator:sign_in',
        'division:sign_in',
        'office:find_alert',
        'office:ack_alert',
        'office:link_alert',
        'office:start_assessment',
        'office:set_leader_in_charge',
        'office:grade',
        'leader:assign_handler',
        'leader:record_commander',
        'office:record_report first',
        'office:record_receipt',
        'office:submit_document handling_opinion',
        'deputy:approve handling_opinion',
        'office:add_task',
        'division:task_feedback',
        'investigator:record_facts',
        'investigator:record_plan',
        'investigator:report_progress',
        'office:submit_document release_plan',
        'leader:approve release_plan',
        'office:submit_document talking_points',
        'leader:approve talking_points',
        'office:propose_response_activation',
        'leader:approve response_activation',
        'office:publish_release',
        'office:check_release',
        'office:log_contact',
        'office:record_report follow_up',
        'office:propose_adjustment',
        'leader:approve response_adjustment',
        'office:propose_termination',
        'leader:approve response_termination',
        'office:record_report final',
      ]);
      const stateAfter = (step: string) => result.steps.find((s) => s.step === step)?.state;
      expect(stateAfter('link_alert')).toBe('reported');
      expect(stateAfter('grade')).toBe('graded');
      expect(stateAfter('approve response_activation')).toBe('responding');
      expect(stateAfter('approve response_termination')).toBe('terminated');

      // The clocks: every one met, the first report's among them.
      const clock = (key: string) => result.clocks.find((c) => c.key === key);
      expect(clock('first_report')?.status).toBe('met');
      expect(clock('handling_opinion')?.status).toBe('met');
      expect(clock('first_statement')?.status).toBe('met');
      expect(clock('final_report')?.status).toBe('met');
      expect(result.clocks.filter((c) => c.status === 'breached')).toEqual([]);

      // The record on the server, as the office reads it.
      const office = await new Client(server.url).login('office', DEMO_PASSWORD_FOR_TESTS);
      const view = (await office.get(`/api/v1/incidents/${result.incidentId}`)).body;
      expect(view.incident.state).toBe('terminated');
      expect(view.incident.grade).toBe('major');
      expect(view.incident.source).toEqual({ kind: 'alert', refId: alertId });
      expect(view.incident.title).toBe(`【演练】${alertTitle}`);
      expect(view.incident.reports.map((r: { kind: string }) => r.kind)).toEqual([
        'first',
        'follow_up',
        'final',
      ]);
      expect(view.incident.reports[0].receipt).not.toBeNull();
      expect(view.incident.releases).toHaveLength(1);
      // The drill's statement: on the public record, with the press conference's proof.
      const releaseId: string = view.incident.releases[0].id;
      const publicPage = await fetch(`${server.url}/releases/${releaseId}`);
      expect(publicPage.status).toBe(200);
      expect(await publicPage.text()).toContain('网传某市统计数据造假（演练）');
      const release = (await office.get(`/api/v1/releases/${releaseId}`)).body;
      expect(release.content.kind).toBe('clarification');
      expect(release.publications).toMatchObject([
        { channel: 'press_conference', adapter: 'manual', status: 'published' },
      ]);
      expect(release.publications[0].proof.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(view.incident.tasks[0].completedAt).not.toBeNull();
      expect(view.incident.response.level).toBe('I');
      expect(
        view.approvals.map((a: { docType: string; status: string }) => [a.docType, a.status]),
      ).toEqual(
        expect.arrayContaining([
          ['handling_opinion', 'approved'],
          ['release_plan', 'approved'],
          ['talking_points', 'approved'],
          ['response_activation', 'approved'],
          ['response_adjustment', 'approved'],
          ['response_termination', 'approved'],
        ]),
      );
      expect(view.approvals.every((a: { status: string }) => a.status === 'approved')).toBe(true);
      const kinds: string[] = view.timeline.map((e: { kind: string }) => e.kind);
      for (const kind of [
        'opened',
        'start_assessment',
        'set_leader_in_charge',
        'grade',
        'assign_handler',
        'record_commander',
        'record_report',
        'record_receipt',
        'submit_document',
        'approval_decided',
        'add_task',
        'task_feedback',
        'record_facts',
        'record_plan',
        'report_progress',
        'propose_response_activation',
        'response_activated',
        'publish_release',
        'log_contact',
        'propose_adjustment',
        'response_adjusted',
        'propose_termination',
        'response_terminated',
      ])
        expect(kinds, kind).toContain(kind);
      expect(kinds.filter((k) => k === 'approval_decided')).toHaveLength(6);
      expect(kinds.filter((k) => k === 'record_report')).toHaveLength(3);

      // The alert was linked to the incident it opened; the audit chain holds.
      const alert = (await office.get(`/api/v1/alerts/${alertId}`)).body;
      expect(alert.status).toBe('linked');
      expect(alert.incident_id).toBe(result.incidentId);
      expect((await office.get('/api/v1/audit/verify')).body.ok).toBe(true);

      // What it printed: a line per step with the state, the clocks, a summary and the URL.
      expect(text).toMatch(/\+\s*\d+\.\d\ds\s+deputy\s+approve handling_opinion\s+→ graded/u);
      expect(text).toContain('⏱ 首报时限 met');
      expect(text).toContain('terminated（响应已终止）');
      expect(text).toContain('✓ drill complete');
      expect(text).toMatch(/首报时限\s+met\s/u);
      expect(text).toContain(`incident: ${server.url}/api/v1/incidents/${result.incidentId}`);
    });

    it('a wrong password stops it at sign-in: exit code 1, the step and the server’s answer', async () => {
      const out = collector();
      const result = await runDrill({ url: server.url, password: 'not-the-password' }, out);
      expect(result.exitCode).toBe(1);
      expect(result.failure).toMatchObject({
        step: 'sign_in',
        actor: 'office',
        status: 401,
        code: 'invalid_credentials',
      });
      expect(result.steps.at(-1)).toMatchObject({ step: 'sign_in', ok: false });
      expect(result.incidentId).toBeNull();
      expect(out.text()).toContain(
        'FAILED at step "sign_in" by office: HTTP 401 invalid_credentials',
      );
    });

    it('an unreachable server fails the first step, not the drill itself', async () => {
      const out = collector();
      const result = await runDrill(
        { url: 'http://127.0.0.1:9', password: DEMO_PASSWORD_FOR_TESTS, timeoutMs: 5000 },
        out,
      );
      expect(result.exitCode).toBe(1);
      expect(result.failure).toMatchObject({ step: 'sign_in', status: null, code: 'unreachable' });
    });
  });

  describe('when the demo users’ roles have changed', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer('sqlite');
      // The admin takes the leader role from the leader in charge: they can no longer sign.
      const admin = await new Client(server.url).login('admin', ADMIN_PASSWORD);
      const users = (await admin.get('/api/v1/users')).body.items as {
        id: string;
        username: string;
      }[];
      const deputy = users.find((u) => u.username === 'deputy');
      const changed = await admin.patch(`/api/v1/users/${deputy?.id}`, {
        roles: ['viewer'],
        leader_kind: null,
      });
      expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    });
    afterAll(async () => server?.close());

    it('stops at the refused step with exit code 1 and names it', async () => {
      const out = collector();
      const result = await runDrill(
        { url: server.url, password: DEMO_PASSWORD_FOR_TESTS, fromAlert: 'any' },
        out,
      );
      expect(result.exitCode).toBe(1);
      expect(result.source).toBe('manual');
      expect(result.failure).toMatchObject({
        step: 'approve handling_opinion',
        actor: 'deputy',
        status: 403,
        code: 'forbidden',
      });
      expect(result.failure?.message).toContain('only a leader signs');
      // Everything before it went through; nothing after it was tried.
      expect(result.steps.filter((s) => !s.ok)).toHaveLength(1);
      expect(result.steps.at(-1)?.step).toBe('approve handling_opinion');
      expect(result.finalState).toBe('graded');
      const text = out.text();
      expect(text).toContain(
        'FAILED at step "approve handling_opinion" by deputy: HTTP 403 forbidden',
      );
      expect(text).not.toContain('propose_response_activation');
      expect(text).toContain(`incident: ${server.url}/api/v1/incidents/${result.incidentId}`);
    });
  });

  describe('against a server with a real alert, by default', () => {
    let server: TestServer;
    let alertId: string;
    beforeAll(async () => {
      ({ server, alertId } = await serverWithAlert());
    });
    afterAll(async () => server?.close());

    it('by default leaves a real alert on the duty queue and opens its incident by hand', async () => {
      const out = collector();
      const result = await runDrill({ url: server.url, password: DEMO_PASSWORD_FOR_TESTS }, out);
      expect(result.failure, out.text()).toBeNull();
      expect(result.source).toBe('manual');
      expect(out.text()).toContain('no active demo alert');
      const office = await new Client(server.url).login('office', DEMO_PASSWORD_FOR_TESTS);
      const alert = (await office.get(`/api/v1/alerts/${alertId}`)).body;
      expect(alert.status).toBe('open');
      expect(alert.incident_id).toBeNull();
    });
  });

  describe('the command line', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer('sqlite');
    });
    afterAll(async () => server?.close());

    it('runs the drill and exits 0; bad usage exits 2', async () => {
      const [run, noUrl, badPart, badUrl] = await Promise.all([
        yuqing(['drill', '--url', server.url, '--title', '命令行演练'], {
          YUQING_DRILL_PASSWORD: DEMO_PASSWORD_FOR_TESTS,
        }),
        yuqing(['drill']),
        yuqing(['drill', '--url', server.url, '--users', 'boss=leader']),
        yuqing(['drill', '--url', 'ftp://example.org']),
      ]);
      expect(run.code, run.stderr + run.stdout).toBe(0);
      expect(run.stdout).toContain('no active demo alert');
      expect(run.stdout).toContain('approve response_termination');
      expect(run.stdout).toContain('terminated（响应已终止）');
      expect(run.stdout).toContain('✓ drill complete');
      expect(run.stdout).toMatch(/incident: http:\/\/127\.0\.0\.1:\d+\/api\/v1\/incidents\/\S+/u);
      expect(noUrl.code).toBe(2);
      expect(noUrl.stderr).toContain('--url');
      expect(badPart.code).toBe(2);
      expect(badPart.stderr).toContain('unknown part "boss"');
      expect(badUrl.code).toBe(2);
      expect(badUrl.stderr).toContain('not an http(s) URL');
    });

    it('a wrong password from the environment exits 1 naming the step', async () => {
      const r = await yuqing(['drill', '--url', server.url], { YUQING_DRILL_PASSWORD: 'wrong' });
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('FAILED at step "sign_in"');
    });
  });
});
