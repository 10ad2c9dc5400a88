// Where the shared real corpora live (../shared/data beside the repository, see its README), and
// whether they are here. Tests that need them skip with a clear message when they are absent.
import { existsSync } from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..');
export const SHARED_DATA = path.resolve(REPO_ROOT, '../shared/data');

/** Whether a file or folder of the shared data exists; warns once naming the test that skips. */
export function sharedData(relative: string, testName: string): string | undefined {
  const p = path.join(SHARED_DATA, relative);
  if (existsSync(p)) return p;
  console.warn(`${testName}: ${p} is missing; the tests on real data are skipped`);
  return undefined;
}
