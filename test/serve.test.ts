// `yuqing serve` as a process: first start, restart, crash, and a graceful shutdown that
// finishes the request in flight.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from './helpers.ts';

const root = path.resolve(import.meta.dirname, '..');

interface Running {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

async function start(dataDir: string, env: Record<string, string> = {}): Promise<Running> {
  const child = spawn(process.execPath, ['bin/yuqing.js', 'serve'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: '',
      PORT: '0',
      YUQING_DATA_DIR: dataDir,
      YUQING_LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const m = /"address":"(http:\/\/[^"]+)"/.exec(out);
    if (m?.[1]) return { child, url: m[1], output: () => out, exited };
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`server did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('yuqing serve', { timeout: 120_000 }, () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yq-serve-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  let adminPassword = '';
  let personId = '';

  it('first start: migrates, creates admin with a password shown once, loads the demo', async () => {
    const s = await start(dir);
    try {
      const m = /created user "admin" with password (\S+)/.exec(s.output());
      expect(m?.[1]).toBeTruthy();
      adminPassword = m?.[1] ?? '';
      const admin = await new Client(s.url).login('admin', adminPassword);
      expect((await admin.get('/api/v1/units')).body.items).toHaveLength(30);
      // The password is printed for the operator, never written through the logger; nor
      // are session cookies or request bodies.
      await new Promise((r) => setTimeout(r, 200));
      const logged = s
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .join('\n');
      expect(logged).toContain('/api/v1/auth/login');
      expect(logged).not.toContain(adminPassword);
      expect(logged).not.toContain(admin.cookie?.split('=')[1] ?? 'no cookie');
      const zh = (await admin.get('/api/v1/units')).body.items.find(
        (u: { code: string }) => u.code === 'GS-ZH',
      );
      const p = await admin.post('/api/v1/people', {
        unit_id: zh.id,
        name: '崩溃前',
        title: '科员',
      });
      expect(p.status).toBe(201);
      personId = p.body.id;
      // Killed without warning right after the answer: the write must already be durable.
      s.child.kill('SIGKILL');
      await s.exited;
    } finally {
      s.child.kill('SIGKILL');
    }
  });

  it('restarts on the same data: nothing lost, no second admin password, chain intact', async () => {
    const s = await start(dir);
    try {
      expect(s.output()).not.toContain('created user "admin"');
      const admin = await new Client(s.url).login('admin', adminPassword);
      expect((await admin.get(`/api/v1/people/${personId}`)).body.name).toBe('崩溃前');
      expect((await admin.get('/api/v1/units')).body.items).toHaveLength(30); // demo not loaded twice
      expect((await admin.get('/api/v1/audit/verify')).body.ok).toBe(true);
    } finally {
      s.child.kill('SIGTERM');
      await s.exited;
    }
  });

  it('on SIGTERM finishes the request in flight, then exits 0', async () => {
    const s = await start(dir);
    const body = JSON.stringify({ username: 'admin', password: adminPassword });
    const { hostname, port } = new URL(s.url);
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(
        {
          hostname,
          port,
          path: '/api/v1/auth/login',
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      // Half the body now, the rest after the server was told to stop.
      req.write(body.slice(0, 10));
      setTimeout(() => {
        s.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(10)), 500);
      }, 300);
    });
    const r = await answer;
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text).user.username).toBe('admin');
    expect(await s.exited).toBe(0);
    expect(s.output()).toContain('shutting down');
  });

  it('refuses to start on a bad configuration, naming the variable', async () => {
    await expect(start(dir, { YUQING_DEMO: 'perhaps' })).rejects.toThrow(
      /YUQING_DEMO: must be 0 or 1/,
    );
  });
});
