// Runs on `npm install` (the `prepare` script): builds the web UI so `npm start` serves it.
// Skipped when the build tools are absent (a production install without devDependencies).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('node_modules/vite')) {
  console.log('yuqing: vite is not installed; skipping the web build');
  process.exit(0);
}
const result = spawnSync(
  'npx',
  ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
  {
    stdio: 'inherit',
  },
);
process.exit(result.status ?? 1);
