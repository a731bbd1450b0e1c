#!/usr/bin/env node
// Runs a command on a machine made busy on purpose: N processes that each keep a core spinning
// (default 3 per core), so "slow must mean slow, not broken" can be checked rather than hoped.
//   node scripts/under-load.mjs [--hogs N] -- pnpm test
// The hogs are niced to 0 like the command, run until the command exits, and are killed with it.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';

const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
if (dash === -1 || dash === argv.length - 1) {
  console.error('usage: node scripts/under-load.mjs [--hogs N] -- <command> [args...]');
  process.exit(2);
}
const own = argv.slice(0, dash);
const command = argv.slice(dash + 1);
let hogs = 3 * availableParallelism();
for (let i = 0; i < own.length; i++) {
  if (own[i] === '--hogs') {
    const n = Number(own[++i]);
    if (!Number.isInteger(n) || n < 0) {
      console.error(`--hogs must be a whole number of at least 0, got "${own[i]}"`);
      process.exit(2);
    }
    hogs = n;
  } else {
    console.error(`unknown option "${own[i]}"`);
    process.exit(2);
  }
}

const spin = 'for(;;){Math.sqrt(Math.random())}';
const workers = Array.from({ length: hogs }, () =>
  spawn(process.execPath, ['-e', spin], { stdio: 'ignore' }),
);
console.error(
  `under-load: ${hogs} busy processes on ${availableParallelism()} cores; running ${command.join(' ')}`,
);
const started = Date.now();
const child = spawn(command[0], command.slice(1), { stdio: 'inherit' });
const stopHogs = () => {
  for (const w of workers) w.kill('SIGKILL');
};
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    child.kill(signal);
  });
}
child.on('exit', (code, signal) => {
  stopHogs();
  console.error(`under-load: exited ${signal ?? code} after ${Math.round((Date.now() - started) / 1000)} s`);
  process.exit(code ?? 1);
});
