import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { eventually } from '@marketbridge/test-helpers';
import { afterEach, expect, it } from 'vitest';
import { ownerArgs } from './owner-marker.js';
import { killTree, listMarkedBrowsers, ownBrowserUsage, processTreeUsage } from './processes.js';

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

it('sums the processes and memory of a tree, and leaves out a root that is gone', async () => {
  // bash → sleep and a subshell → sleep: four processes in the tree.
  child = spawn('bash', ['-c', 'sleep 60 & ( sleep 60; true ) & wait'], { detached: true, stdio: 'ignore' });
  const main = child.pid as number;
  await eventually(
    () => processTreeUsage([main])[0]?.processes === 4,
    'the tree to have its four processes',
    5_000,
  );
  const [usage] = processTreeUsage([main]);
  expect(usage).toMatchObject({ pid: main, processes: 4 });
  // Each process of the tree is counted: the sum is more than the main process alone.
  const alone = Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${main}/status`, 'utf8'))?.[1]) * 1024;
  expect(usage?.rssBytes).toBeGreaterThan(alone);
  expect(usage?.anonymousBytes).toBeGreaterThan(0);
  expect(usage?.anonymousBytes).toBeLessThan(usage?.rssBytes ?? 0);
  killTree(main);
  await eventually(() => processTreeUsage([main]).length === 0, 'the tree to be gone', 5_000);
});

it("finds a manager's own browsers among this process's children by their instance mark", async () => {
  const instance = `own-${randomUUID()}`;
  child = spawn('bash', ['-c', 'sleep 60 & wait', ...ownerArgs(instance)], {
    detached: true,
    stdio: 'ignore',
  });
  const main = child.pid as number;
  await eventually(() => ownBrowserUsage(instance)[0]?.processes === 2, 'the browser and its child', 5_000);
  expect(ownBrowserUsage(instance)).toEqual([expect.objectContaining({ pid: main, processes: 2 })]);
  expect(ownBrowserUsage(`other-${randomUUID()}`)).toEqual([]);
});
