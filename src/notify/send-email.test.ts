// Email through nodemailer to a real SMTP server in this process (smtp-server on 127.0.0.1),
// the message parsed back with mailparser to check that the Chinese arrives intact.
import net from 'node:net';
import type { AddressInfo } from 'node:net';

import { simpleParser } from 'mailparser';
import type { ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { SMTPServerAddress, SMTPServerSession } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';

import type { EmailChannelConfig } from './channel-config.ts';
import { renderEmail } from './notice.ts';
import { sendNotice } from './send.ts';
import { buildNotice, failure, refusedBase } from './test-fixtures.ts';

const USER = 'duty';
const PASS = 'smtp-password-93kd';

interface Delivery {
  envelope: { from: string; to: string[] };
  user: unknown;
  mail: ParsedMail;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((close) => close()));
});

/** An SMTP server that requires USER/PASS and rejects RCPT with `rcptReply` when given. */
async function startSmtp(opts: { rcptReply?: number } = {}) {
  const deliveries: Delivery[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASS) {
        callback(null, { user: auth.username });
      } else {
        callback(new Error('Invalid username or password'));
      }
    },
    onRcptTo(_address: SMTPServerAddress, _session: SMTPServerSession, callback) {
      if (!opts.rcptReply) return callback();
      const err = Object.assign(new Error('Mailbox unavailable'), {
        responseCode: opts.rcptReply,
      });
      callback(err);
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          deliveries.push({
            envelope: {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
            },
            user: session.user,
            mail,
          });
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port, deliveries };
}

function configFor(port: number, overrides: Partial<EmailChannelConfig> = {}): EmailChannelConfig {
  return {
    kind: 'email',
    host: '127.0.0.1',
    port,
    secure: false,
    user: USER,
    pass: PASS,
    from: '甘肃舆情值班室 <duty@example.org>',
    ...overrides,
  };
}

describe('email', () => {
  it('delivers subject and Chinese body intact to the recipients with an address', async () => {
    const smtp = await startSmtp();
    const notice = buildNotice();
    const { detail } = await sendNotice(configFor(smtp.port), notice);
    expect(detail).toBe(`accepted by 127.0.0.1:${smtp.port} for 2 recipient(s)`);

    expect(smtp.deliveries).toHaveLength(1);
    const [{ envelope, user, mail }] = smtp.deliveries as [Delivery];
    const rendered = renderEmail(notice);
    expect(user).toBe(USER);
    expect(envelope).toEqual({
      from: 'duty@example.org',
      to: ['zhangsan@example.org', 'wangwu@example.org'],
    });
    expect(mail.subject).toBe('【重大预警】新预警：某县自来水停水引发集中投诉');
    expect(mail.text?.trim()).toBe(rendered.text);
    expect(mail.html).toContain('两小时内 37 条相关信息，微博转发增长较快。');
    expect(mail.from?.value).toEqual([{ name: '甘肃舆情值班室', address: 'duty@example.org' }]);
    const to = Array.isArray(mail.to) ? mail.to.flatMap((a) => a.value) : (mail.to?.value ?? []);
    expect(to).toEqual([
      { name: '张三', address: 'zhangsan@example.org' },
      { name: '王五', address: 'wangwu@example.org' },
    ]);
    expect(mail.headers.get('x-yuqing-alert')).toBe('alert-0001');
  });

  it('a wrong password is refused, not retryable, and the password is not repeated', async () => {
    const smtp = await startSmtp();
    const err = await failure(
      sendNotice(configFor(smtp.port, { pass: 'wrong-pass-77' }), buildNotice()),
    );
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(
      new RegExp(`^SMTP login refused by 127\\.0\\.0\\.1:${smtp.port}: 535`),
    );
    expect(err.message).not.toContain('wrong-pass-77');
    expect(smtp.deliveries).toHaveLength(0);
  });

  it('a temporary RCPT refusal (450) is retryable, a permanent one (550) is not', async () => {
    const busy = await startSmtp({ rcptReply: 450 });
    const err = await failure(sendNotice(configFor(busy.port), buildNotice()));
    expect(err.retryable).toBe(true);
    expect(err.message).toMatch(/^SMTP 450 from 127\.0\.0\.1:\d+/);

    const gone = await startSmtp({ rcptReply: 550 });
    const err2 = await failure(sendNotice(configFor(gone.port), buildNotice()));
    expect(err2.retryable).toBe(false);
    expect(err2.message).toMatch(/^SMTP 550 from 127\.0\.0\.1:\d+/);
  });

  it('refuses a notice without any email address before connecting', async () => {
    const base = await refusedBase();
    const notice = buildNotice({ recipients: [{ name: '李四', email: null, phone: '1380' }] });
    const err = await failure(sendNotice(configFor(Number(base.split(':')[2])), notice));
    expect([err.retryable, err.message]).toEqual([false, 'no recipient has an email address']);
  });

  it('a refused connection is retryable', async () => {
    const port = Number((await refusedBase()).split(':')[2]);
    const err = await failure(sendNotice(configFor(port), buildNotice()));
    expect([err.retryable, err.message]).toEqual([true, `connection refused by 127.0.0.1:${port}`]);
  });

  it('a server that never greets times out, retryable', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    });
    const { port } = silent.address() as AddressInfo;
    const err = await failure(sendNotice(configFor(port), buildNotice(), { timeoutMs: 300 }));
    expect([err.retryable, err.message]).toEqual([
      true,
      `timeout after 300 ms waiting for 127.0.0.1:${port}`,
    ]);
  });
});
