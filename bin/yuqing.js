#!/usr/bin/env node
// The `yuqing` command. It runs the TypeScript sources directly through tsx, so a clone
// works right after `npm install` with no separate server build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv);
