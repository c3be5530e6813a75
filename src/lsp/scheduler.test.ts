import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { Scheduler } from './scheduler.ts';

/** A scheduler that records each analysis (the dirty workspaces it got) and each error. */
function recording() {
  const runs: string[][] = [];
  const errors: unknown[] = [];
  const scheduler = new Scheduler<string>(
    (dirty) => void runs.push([...dirty]),
    (error) => void errors.push(error),
  );
  return { scheduler, runs, errors };
}

describe('Scheduler', () => {
  it('when changes are scheduled within one turn of the event loop, then they are analysed once, together', async () => {
    const { scheduler, runs } = recording();
    scheduler.schedule('a');
    scheduler.schedule('b');
    scheduler.schedule('a');
    await nextTurn();
    await scheduler.enqueue(() => {});
    assert.deepEqual(runs, [['a', 'b']]);
  });

  it('when a run is cancelled by an update and re-armed, then the update is applied before the analysis', async () => {
    const { scheduler, runs } = recording();
    const order: string[] = [];
    scheduler.schedule('a');
    scheduler.cancel();
    void scheduler.enqueue(() => void order.push('update'));
    scheduler.schedule('a');
    await nextTurn();
    await scheduler.enqueue(() => void order.push(`runs ${runs.length}`));
    assert.deepEqual(order, ['update', 'runs 1']);
  });

  it('when a debounce delay is set, then nothing is analysed before it ends, and settled() analyses at once', async () => {
    const { scheduler, runs } = recording();
    scheduler.schedule('a', 60_000);
    await nextTurn();
    await scheduler.enqueue(() => {});
    assert.deepEqual(runs, []);
    await scheduler.settled();
    assert.deepEqual(runs, [['a']]);
  });

  it('when the delay ends, then the analysis runs without being asked', async () => {
    const { scheduler, runs } = recording();
    scheduler.schedule('a', 5);
    await sleep(50);
    await scheduler.enqueue(() => {});
    assert.deepEqual(runs, [['a']]);
  });

  it('when nothing is dirty, then settled() runs no analysis', async () => {
    const { scheduler, runs } = recording();
    await scheduler.settled();
    assert.deepEqual(runs, []);
  });

  it('when a piece of work fails, then the error is reported and the queue goes on', async () => {
    const { scheduler, errors } = recording();
    const done: string[] = [];
    void scheduler.enqueue(() => {
      throw new Error('boom');
    });
    await scheduler.enqueue(() => void done.push('next'));
    assert.equal((errors[0] as Error).message, 'boom');
    assert.deepEqual(done, ['next']);
  });

  it('when work is queued, then it runs in the order it was queued, each after the previous one finished', async () => {
    const { scheduler } = recording();
    const order: number[] = [];
    void scheduler.enqueue(async () => {
      await sleep(10);
      order.push(1);
    });
    void scheduler.enqueue(() => void order.push(2));
    await scheduler.enqueue(() => void order.push(3));
    assert.deepEqual(order, [1, 2, 3]);
  });
});
