// The clusterer in a worker thread (ClusterWorker) answers as the same clusterer in this thread
// (LocalClusterHandle) does, call for call, merges and splits in between included; a dead
// thread, a failed call and a closed handle make every pending and later call reject.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sharedData } from '../../test/shared-data.ts';
import {
  LocalClusterHandle,
  makeClusterer,
  type ClusterBatchResult,
  type ClusterHandle,
  type ClusterHandleOptions,
} from './cluster-handle.ts';
import { ClusterWorker, STATE_LOST } from './cluster-worker.ts';
import type { ClusterPost } from './event-cluster.ts';
import { analysisText } from './normalise.ts';

const STREAM = sharedData('stream/covid19_weibo_daily', 'cluster-worker.test.ts');

const T0 = Date.UTC(2024, 6, 1, 8);
const MINUTE = 60_000;
/** Ids e1, e2, ... in both threads; a two-hour window, so events close within the tests. */
const OPTIONS: ClusterHandleOptions = { timeOrderedIds: false, windowMs: 2 * 60 * MINUTE };

const started: ClusterWorker[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((w) => w.close()));
});

async function startWorker(options: ClusterHandleOptions = OPTIONS): Promise<ClusterWorker> {
  const w = await ClusterWorker.start(options, { info: () => undefined, warn: () => undefined });
  started.push(w);
  return w;
}

const local = (options: ClusterHandleOptions = OPTIONS) =>
  new LocalClusterHandle(makeClusterer(options));

/** Hand-made posts of four stories, some tied by structure, an hour and more apart at times. */
const HANDMADE: readonly ClusterPost[] = [
  ['兰州市城关区一辆公交车与货车相撞，多人受伤送医', 0],
  ['城关区公交车和货车相撞事故，伤者已送往兰州大学第一医院', 3],
  ['#天水暴雨# 秦州区多条道路积水严重，车辆无法通行', 5],
  ['兰州公交车事故最新消息：交警部门正在调查货车司机', 9],
  ['#天水暴雨# 麦积区部分村庄受灾，群众已转移安置', 12],
  ['转发微博//@兰州交警:城关区公交车与货车相撞事故，请市民绕行南滨河路', 14],
  ['天水暴雨导致秦州区停电，电力抢修队伍连夜作业', 20],
  ['甘南州玛曲县普降大雪，国道213线部分路段封闭', 25],
  ['玛曲县大雪封路，牧民的牛羊缺少草料', 31],
  ['#天水暴雨# 气象台发布暴雨橙色预警，请注意防范山洪', 40],
  ['兰州公交车与货车相撞事故伤者情况稳定，医院全力救治', 55],
  ['武汉多家药店口罩告急，市民排队购买', 70],
  ['武汉口罩价格上涨，市场监管部门介入调查', 75],
  ['甘南大雪：玛曲县组织力量清理国道积雪，道路恢复通行', 190],
  ['口罩告急！武汉部分医院物资紧缺，呼吁社会捐赠', 200],
  ['武汉医院口罩紧缺，多家企业捐赠医用口罩', 210],
].map(([text, minutes], i) => ({
  id: `h${i}`,
  text: text as string,
  time: T0 + (minutes as number) * MINUTE,
  ...(i === 10 ? { parentId: 'h0' } : {}),
}));

/** The first `n` posts of the real daily Weibo stream, a minute apart, some replying. */
function streamPosts(n: number): ClusterPost[] {
  const out: ClusterPost[] = [];
  for (const file of fs.readdirSync(STREAM!).sort()) {
    for (const line of fs.readFileSync(path.join(STREAM!, file), 'utf8').split('\n').slice(1)) {
      const comma = line.indexOf(',');
      const text = analysisText({ text: line.slice(comma + 1) });
      if (comma <= 0 || !text) continue;
      const i = out.length;
      out.push({
        id: `p${i}`,
        text,
        time: T0 + i * MINUTE,
        ...(i % 11 === 0 && i > 0 ? { parentId: `p${i - 7}` } : {}),
      });
      if (out.length >= n) return out;
    }
  }
  return out;
}

type Step =
  | { seed: number }
  | { assign: ClusterBatchResult }
  | { merge: [string, string[]] }
  | { split: [string[], string] };

/**
 * Seeds the first `seeded` posts into two events, then assigns the rest in batches; after some
 * batches merges the batch's second and third events into its first, after others splits up to
 * two posts of the batch's biggest event off into a new one. Every call's answer and every choice is logged.
 */
async function drive(
  handle: ClusterHandle,
  posts: readonly ClusterPost[],
  seeded: number,
  batch: number,
): Promise<Step[]> {
  const log: Step[] = [];
  const seeds = posts.slice(0, seeded).map((post, i) => ({ post, event: `s${i % 2}` }));
  await handle.seed(seeds);
  log.push({ seed: seeds.length });
  for (let start = seeded, k = 0; start < posts.length; start += batch, k++) {
    const part = posts.slice(start, start + batch);
    const r = await handle.assign(part, part.at(-1)!.time!, 5);
    log.push({ assign: r });
    const byEvent = new Map<string, string[]>();
    r.assignments.forEach((a, i) => {
      byEvent.set(a.event, [...(byEvent.get(a.event) ?? []), part[i]!.id]);
    });
    if (k % 3 === 1 && byEvent.size >= 2) {
      const [into, ...from] = [...byEvent.keys()].slice(0, 3) as [string, ...string[]];
      await handle.merge(into, from);
      log.push({ merge: [into, from] });
    } else if (k % 3 === 2) {
      const biggest = [...byEvent.values()].sort((a, b) => b.length - a.length)[0]!;
      if (biggest.length >= 2) {
        const moved = biggest.slice(0, Math.min(2, biggest.length - 1));
        await handle.split(moved, `m${k}`);
        log.push({ split: [moved, `m${k}`] });
      }
    }
  }
  return log;
}

/** What the log shows happened (so a test knows it exercised merges, splits and closing). */
function summary(log: readonly Step[]) {
  const results = log.flatMap((s) => ('assign' in s ? [s.assign] : []));
  return {
    events: new Set(results.flatMap((r) => r.assignments.map((a) => a.event))).size,
    closed: results.reduce((n, r) => n + r.closed.length, 0),
    keywords: results.reduce((n, r) => n + Object.values(r.keywords).flat().length, 0),
    merges: log.filter((s) => 'merge' in s).length,
    splits: log.filter((s) => 'split' in s).length,
  };
}

describe('ClusterWorker', () => {
  it('answers hand-made posts as the clusterer in this thread does, merges and splits included', async () => {
    const worker = await startWorker();
    const inThread = await drive(local(), HANDMADE, 2, 3);
    const inWorker = await drive(worker, HANDMADE, 2, 3);
    expect(inWorker).toEqual(inThread);
    const s = summary(inThread);
    expect(s.events).toBeGreaterThanOrEqual(3);
    expect(s.closed).toBeGreaterThan(0);
    expect(s.keywords).toBeGreaterThan(0);
    expect(s.merges).toBeGreaterThan(0);
    expect(s.splits).toBeGreaterThan(0);
    expect(inThread.some((s) => 'assign' in s && s.assign.assignments[0]?.event === 'e1')).toBe(
      true,
    );
  });

  it('answers calls made without waiting in the order they were made', async () => {
    const worker = await startWorker();
    const handle = local();
    const batches = [0, 4, 8, 12].map((i) => HANDMADE.slice(i, i + 4));
    const expected: ClusterBatchResult[] = [];
    for (const b of batches) expected.push(await handle.assign(b, b.at(-1)!.time!, 3));
    const answers = await Promise.all(batches.map((b) => worker.assign(b, b.at(-1)!.time!, 3)));
    expect(answers).toEqual(expected);
  });

  it('makes time-ordered event ids when asked', async () => {
    const worker = await startWorker({ ...OPTIONS, timeOrderedIds: true });
    const r = await worker.assign(HANDMADE.slice(0, 3), T0, 3);
    for (const a of r.assignments) {
      expect(a.event).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-/);
    }
  });

  it('rejects pending and later calls once the thread crashes', async () => {
    const worker = await startWorker();
    await worker.assign(HANDMADE.slice(0, 2), T0, 3);
    worker.crashForTest();
    const pending = worker.assign(HANDMADE.slice(2, 4), T0, 3);
    await expect(pending).rejects.toThrow(/thread crashed: cluster worker: crash requested/);
    await expect(worker.merge('e1', ['e2'])).rejects.toThrow(/thread crashed/);
    expect(worker.error?.message).toMatch(/thread crashed/);
  });

  it('rejects pending and later calls once the thread exits', async () => {
    const worker = await startWorker();
    worker.crashForTest('exit');
    await expect(worker.seed([{ post: HANDMADE[0]!, event: 's1' }])).rejects.toThrow(
      /thread exited \(code 3\)/,
    );
    await expect(worker.split(['h0'], 'x')).rejects.toThrow(/thread exited \(code 3\)/);
  });

  it('rejects the call the clusterer threw on, and every call after it', async () => {
    const worker = await startWorker();
    await worker.assign(HANDMADE.slice(0, 2), T0, 3);
    const bad = { id: 'bad', text: null } as unknown as ClusterPost;
    const failed = worker.assign([HANDMADE[2]!, bad], T0, 3);
    const next = worker.assign(HANDMADE.slice(3, 5), T0, 3);
    await expect(failed).rejects.toThrow(/^cluster worker: assign failed: /);
    await expect(failed).rejects.not.toThrow(STATE_LOST);
    await expect(next).rejects.toThrow(STATE_LOST);
    await expect(worker.merge('e1', ['e2'])).rejects.toThrow(STATE_LOST);
  });

  it('rejects calls after close(), and those pending at it; close() twice is fine', async () => {
    const worker = await startWorker();
    const pending = worker.assign(HANDMADE.slice(0, 4), T0, 3);
    const closing = worker.close();
    await expect(pending).rejects.toThrow('cluster worker: closed');
    await closing;
    await worker.close();
    await expect(worker.assign(HANDMADE.slice(0, 2), T0, 3)).rejects.toThrow(
      'cluster worker: closed',
    );
    await expect(worker.seed([])).rejects.toThrow('cluster worker: closed');
  });

  it('rejects start() when the thread cannot start', async () => {
    const options = { windowMs: () => 1 } as unknown as ClusterHandleOptions;
    await expect(ClusterWorker.start(options)).rejects.toThrow(/^cluster worker: .*start/);
  });
});

describe.skipIf(!STREAM)('ClusterWorker on the real Weibo stream', () => {
  it('answers 600 real posts as the clusterer in this thread does, merges and splits included', async () => {
    const posts = streamPosts(600);
    expect(posts).toHaveLength(600);
    const worker = await startWorker();
    const inThread = await drive(local(), posts, 50, 50);
    const inWorker = await drive(worker, posts, 50, 50);
    expect(inWorker).toEqual(inThread);
    const s = summary(inThread);
    expect(s.events).toBeGreaterThan(20);
    expect(s.closed).toBeGreaterThan(0);
    expect(s.merges).toBeGreaterThan(0);
    expect(s.splits).toBeGreaterThan(0);
  });
});
