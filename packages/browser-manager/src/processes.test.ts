import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { eventually } from '@marketbridge/test-helpers';
import { afterEach, expect, it } from 'vitest';
import { ownerArgs } from './owner-marker.js';
import { killTree, listMarkedBrowsers } from './processes.js';

let child: ChildProcess | undefined;
afterEach(() => {
  if (child?.pid) killTree(child.pid);
});

const childrenOf = (pid: number): number[] =>
  readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);

it('lists a marked main process once, not the children it forked before they exec', async () => {
  const instance = `fork-${randomUUID()}`;
  // A bash subshell is a fork that never execs: it keeps the parent's command line, marker included,
  // the way a Chromium child does for a moment after fork.
  child = spawn('bash', ['-c', '( sleep 60; true ); true', ...ownerArgs(instance)], {
    detached: true,
    stdio: 'ignore',
  });
  const main = child.pid as number;
  await eventually(() => childrenOf(main).length === 1, 'the subshell to fork', 5_000);
  const [subshell] = childrenOf(main) as [number];
  expect(readFileSync(`/proc/${subshell}/cmdline`, 'utf8')).toContain(instance);

  const mine = listMarkedBrowsers().filter((p) => p.instanceId === instance);
  expect(mine).toEqual([{ pid: main, ownerPid: process.pid, instanceId: instance }]);
});
