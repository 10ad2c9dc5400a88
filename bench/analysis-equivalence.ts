// `npx tsx bench/analysis-equivalence.ts OUT.ndjson`: every output of the per-post pipeline
// (AnalysisPipeline.analyse: analysis text, sentiment with its full-precision probabilities,
// regions, risk, schemes, keywords, fingerprint, content hash, duplicate group) as one JSON line
// per post, over real posts from ../shared/data, so that a speed-up can be checked to change
// nothing: run it before and after, then `cmp` the two files.
//
// Two runs, each with a pipeline of its own and the benchmark's 1,000 schemes:
//   1. the benchmark's posts (the first 50,000 rumdect thread posts), as the benchmark feeds them;
//   2. the other rumdect posts, the daily COVID-19 stream and the Weibo sentiment sets, where
//      every 5th post gets a news title, an author, a source and a region, every 11th is written
//      in traditional script (opencc-js cn2t, Hong Kong or Taiwan forms) and every 13th is
//      wrapped in HTML.
// Env: EQUIV_POSTS bounds the posts of run 2 (default: all of them).
import fs from 'node:fs';
import path from 'node:path';
import * as openccCn2t from 'opencc-js/cn2t';
import { AnalysisPipeline, type PipelinePost } from '../src/analysis/pipeline.ts';
import { DATA, loadThreadPosts, makeSchemes } from './analysis-data.ts';

const out = process.argv[2];
if (out === undefined) {
  console.error('usage: tsx bench/analysis-equivalence.ts OUT.ndjson');
  process.exit(2);
}
const LIMIT = Number(process.env.EQUIV_POSTS ?? Infinity);

/** The part of opencc-js used here (its declarations do not resolve under NodeNext). */
const opencc = openccCn2t as unknown as {
  Converter(options: { from: string; to: string }): (text: string) => string;
};

/** The text column of a small CSV (after the first comma, or before the last), unquoted. */
function csvTexts(file: string, column: 'afterFirst' | 'beforeLast'): string[] {
  const lines = fs
    .readFileSync(file, 'utf8')
    .replace(/^\uFEFF/u, '')
    .split(/\r?\n/u)
    .slice(1);
  const texts: string[] = [];
  for (const line of lines) {
    const comma = column === 'beforeLast' ? line.lastIndexOf(',') : line.indexOf(',');
    if (comma < 0) continue;
    let t = column === 'beforeLast' ? line.slice(0, comma) : line.slice(comma + 1);
    if (t.startsWith('"') && t.endsWith('"')) t = t.slice(1, -1).replace(/""/gu, '"');
    if (t.trim() !== '') texts.push(t);
  }
  return texts;
}

function otherTexts(): string[] {
  const texts: string[] = [];
  const all = loadThreadPosts(Infinity);
  for (const p of all.slice(50_000)) texts.push(p.text);
  const stream = path.join(DATA, 'stream/covid19_weibo_daily');
  for (const f of fs.readdirSync(stream).sort()) {
    texts.push(...csvTexts(path.join(stream, f), 'afterFirst'));
  }
  const senti = path.join(DATA, 'sentiment');
  for (const line of fs.readFileSync(path.join(senti, 'weibo_senti_dev.tsv'), 'utf8').split('\n')) {
    const tab = line.indexOf('\t');
    if (tab > 0 && line.slice(tab + 1).trim() !== '') texts.push(line.slice(tab + 1));
  }
  texts.push(...csvTexts(path.join(senti, 'nlpcc2013_weibo_emotion.csv'), 'afterFirst'));
  texts.push(...csvTexts(path.join(senti, 'covid19_weibo_emotion.csv'), 'beforeLast'));
  for (const f of fs.readdirSync(path.join(senti, 'smp2020_ewect')).sort()) {
    const rows = JSON.parse(fs.readFileSync(path.join(senti, 'smp2020_ewect', f), 'utf8')) as {
      content: string;
    }[];
    for (const r of rows) if (r.content.trim() !== '') texts.push(r.content);
  }
  return texts;
}

function titles(): string[] {
  return fs
    .readFileSync(path.join(DATA, 'news/thucnews_titles_dev.txt'), 'utf8')
    .split('\n')
    .map((l) => l.split('\t')[0] ?? '')
    .filter((t) => t.trim() !== '');
}

const fd = fs.openSync(out, 'w');
let buffer: string[] = [];
function emit(line: string): void {
  buffer.push(line);
  if (buffer.length >= 2000) {
    fs.writeSync(fd, `${buffer.join('\n')}\n`);
    buffer = [];
  }
}

const benchPosts = loadThreadPosts(50_000);
const schemes = makeSchemes(benchPosts, 1000);
emit(JSON.stringify({ schemes }));
const t0 = process.hrtime.bigint();
let count = 0;

const first = new AnalysisPipeline({ schemes });
for (const p of benchPosts) {
  emit(JSON.stringify(first.analyse(p)));
  count++;
}

const second = new AnalysisPipeline({ schemes });
const toHk = opencc.Converter({ from: 'cn', to: 'hk' });
const toTw = opencc.Converter({ from: 'cn', to: 'twp' });
const heads = titles();
const regionNames = ['甘肃省', '兰州', '定西市', '北京', '', '上海市浦东新区', '天水'];
const others = otherTexts();
for (let i = 0; i < others.length && i < LIMIT; i++) {
  let text = others[i]!;
  if (i % 11 === 3) text = (i % 2 === 0 ? toHk : toTw)(text);
  const post: PipelinePost = { id: `o${i}`, text };
  if (i % 13 === 5) {
    post.text = `<div><p>${text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;')}</p><br/></div>`;
    post.isHtml = i % 2 === 0;
  }
  if (i % 5 === 2) {
    post.title = heads[i % heads.length]!;
    post.author = i % 3 === 0 ? '新华社' : `用户${i % 97}`;
    post.source = i % 2 === 0 ? 'weibo' : 'Ｒｅｕｔｅｒｓ';
    post.region = regionNames[i % regionNames.length]!;
  }
  emit(JSON.stringify(second.analyse(post)));
  count++;
}
if (buffer.length > 0) fs.writeSync(fd, `${buffer.join('\n')}\n`);
fs.closeSync(fd);
const s = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(`${count} posts written to ${out} (${Math.round(count / s)} posts/s)`);
