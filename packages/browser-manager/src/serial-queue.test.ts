import { describe, expect, it } from 'vitest';
import { SerialQueue } from './serial-queue.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('SerialQueue', () => {
  it('runs counted and uncounted tasks one at a time in arrival order; only counted ones are pending', async () => {
    const queue = new SerialQueue();
    const order: string[] = [];
    const task =
      (name: string, fail = false) =>
      async () => {
        order.push(`start ${name}`);
        await tick();
        order.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      };
    const a = queue.run(task('a'));
    const save = queue.runUncounted(task('save', true));
    const b = queue.run(task('b'));
    expect(queue.pending).toBe(2);
    await expect(save).rejects.toThrow('save');
    expect(await Promise.all([a, b])).toEqual(['a', 'b']);
    expect(order).toEqual(['start a', 'end a', 'start save', 'end save', 'start b', 'end b']);
    expect(queue.pending).toBe(0);
  });
});
