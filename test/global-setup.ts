// Runs once before all test files: builds the web UI when web/dist is missing or older than
// its sources, so the browser tests always exercise the current code and never rebuild it
// while another file's server is serving it.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const REPO = path.resolve(import.meta.dirname, '..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    const m = entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs;
    if (m > newest) newest = m;
  }
  return newest;
}

export function webBuildStale(): boolean {
  const index = path.join(REPO, 'web/dist/index.html');
  if (!existsSync(index)) return true;
  const sources = Math.max(
    newestMtime(path.join(REPO, 'web/src')),
    statSync(path.join(REPO, 'web/index.html')).mtimeMs,
    statSync(path.join(REPO, 'web/vite.config.ts')).mtimeMs,
  );
  return sources > statSync(index).mtimeMs;
}

export default async function setup(): Promise<void> {
  if (!webBuildStale()) return;
  console.log('[tests] building the web UI (web/dist is missing or stale)');
  const { build } = await import('vite');
  await build({ configFile: path.join(REPO, 'web/vite.config.ts'), logLevel: 'warn' });
}
