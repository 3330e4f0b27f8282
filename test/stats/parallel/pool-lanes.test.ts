/**
 * The pool's worker-lane bookkeeping (src/stats/parallel/pool.ts) driven through an in-process thread host: each
 * "thread" is an event emitter that answers the pool's messages as dist/node/worker.js does (`setup` → `ready`,
 * `run` → `result` or `error`, one event-loop turn later), or fails on cue (an error message, an `exit` event). The
 * message order is then set by the test, not by thread scheduling, so the failure and exit paths are checked
 * exactly: which error is reported, that dealing stops after a failure, the exit message, that a job's listeners
 * are removed from the threads it used, that an empty job runs no set-up, and loadJob's check of a job export.
 * pool-src.test.ts runs the same code with real worker threads.
 */
import { EventEmitter } from 'node:events';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { nodeThreadHost } from '../../../src/node/system.js';
import { loadJob, runPool, setThreadHost, WorkerPool, type FromWorker, type PoolJob, type PoolThread, type ToWorker } from '../../../src/stats/parallel/pool.js';
import { CevnsfitError, InvalidSpecification } from '../../../src/util/errors.js';

type Reply = (t: FakeThread, m: ToWorker) => void;

/** A worker thread answering in-process; `reply` decides what it does with each message. */
class FakeThread extends EventEmitter implements PoolThread {
  readonly posted: ToWorker[] = [];
  terminated = false;
  constructor(private readonly reply: Reply) {
    super();
  }
  postMessage(m: ToWorker): void {
    this.posted.push(m);
    this.reply(this, m);
  }
  /** Deliver a message to the pool one event-loop turn later (as a real thread's message arrives). */
  send(m: FromWorker): Promise<void> {
    return new Promise((res) =>
      setImmediate(() => {
        this.emit('message', m);
        res();
      }),
    );
  }
  ref(): void {}
  unref(): void {}
  async terminate(): Promise<number> {
    this.terminated = true;
    return 1;
  }
}

/** The worker's normal protocol: ready after set-up, item i computed as { i, lane: 'worker' }. */
const normal: Reply = (t, m) => {
  if (m.type === 'setup') void t.send({ type: 'ready', run: m.run });
  else if (m.type === 'run') void t.send({ type: 'result', run: m.run, index: m.index, value: { i: m.index, lane: 'worker' }, ms: 0 });
};

let replies: Reply[] = [];
const spawned: FakeThread[] = [];
function installFakeThreads(...r: Reply[]): void {
  replies = r;
  spawned.length = 0;
  setThreadHost({
    cores: () => 4,
    load1: () => 0,
    defaultWorkerUrl: () => new URL('file:///fake/worker.js'),
    workerAvailable: () => true,
    spawn: () => {
      const t = new FakeThread(replies[spawned.length] ?? normal);
      spawned.push(t);
      return t;
    },
  });
}

/** A job for the calling lane: counts its set-ups and the items it computed. */
function countingJob(failAt = -1): { job: PoolJob<null, null, { i: number; lane: string }>; setups: number; items: number[] } {
  const c = {
    setups: 0,
    items: [] as number[],
    job: {
      setup: () => {
        c.setups++;
        return null;
      },
      run: (_: null, i: number) => {
        if (i === failAt) throw new InvalidSpecification(`item ${i} refused`, `items[${i}]`);
        c.items.push(i);
        return { i, lane: 'main' };
      },
    },
  };
  return c;
}

const ref = { moduleUrl: 'file:///fake/job.mjs', exportName: 'job' }; // never imported: the calling lane gets `inline`
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const listeners = (t: FakeThread) => ['message', 'error', 'exit'].map((e) => t.listenerCount(e));
const serialised = (e: Error) => ({ name: e.name, message: e.message, fields: { ...e } });

afterEach(() => installFakeThreads());
afterAll(() => setThreadHost(nodeThreadHost));

describe('worker lanes: results and listeners', () => {
  it('deals to the worker lane, returns every item once, and leaves no listener of the job on the thread', async () => {
    installFakeThreads(normal);
    const pool = new WorkerPool();
    try {
      const c = countingJob();
      const a = await pool.run({ job: ref, args: null, indices: range(12), workers: 2, inline: { job: c.job } });
      expect(a.values.map((v) => v.i)).toEqual(range(12));
      expect(a.itemsInWorkers).toBe(a.values.filter((v) => v.lane === 'worker').length);
      expect(a.itemsInWorkers + c.items.length).toBe(12);
      expect(spawned).toHaveLength(1);
      // only the pool's idle 'error' listener stays between jobs: message/exit listeners of the job are removed
      expect(listeners(spawned[0]!)).toEqual([0, 1, 0]);
      const b = await pool.run({ job: ref, args: null, indices: range(5), workers: 2, inline: { job: countingJob().job } });
      expect(b.values.map((v) => v.i)).toEqual(range(5));
      expect(spawned).toHaveLength(1); // the same thread served the second job
      expect(listeners(spawned[0]!)).toEqual([0, 1, 0]);
      // the thread got one set-up and one release per job
      expect(spawned[0]!.posted.filter((m) => m.type !== 'run').map((m) => `${m.type}${m.run}`)).toEqual(['setup1', 'release1', 'setup2', 'release2']);
    } finally {
      await pool.close();
    }
  });

  it('an empty job runs no set-up and starts no thread', async () => {
    installFakeThreads(normal);
    const c = countingJob();
    const r = await runPool({ job: ref, args: null, indices: [], workers: 3, inline: { job: c.job } });
    expect(r.values).toEqual([]);
    expect(r.lanes).toBe(1);
    expect([c.setups, c.items.length, spawned.length]).toEqual([0, 0, 0]);
  });
});

describe('worker lanes: failures', () => {
  it('an item failing in the calling lane is reported as thrown, and the threads of the failed job are stopped', async () => {
    installFakeThreads(normal);
    const pool = new WorkerPool();
    try {
      const err = await pool.run({ job: ref, args: null, indices: range(6), workers: 2, inline: { job: countingJob(0).job } }).catch((e: unknown) => e as Error);
      expect(err).toBeInstanceOf(InvalidSpecification);
      expect(err).toMatchObject({ message: 'items[0]: item 0 refused', path: 'items[0]' });
      expect(spawned[0]!.terminated).toBe(true); // stopped by the pool itself (a later job starts fresh threads)
      const again = await pool.run({ job: ref, args: null, indices: range(6), workers: 2, inline: { job: countingJob().job } });
      expect(again.values.map((v) => v.i)).toEqual(range(6));
      expect(spawned).toHaveLength(2);
    } finally {
      await pool.close();
    }
    // also with the calling lane alone
    await expect(runPool({ job: ref, args: null, indices: range(3), workers: 1, inline: { job: countingJob(2).job } })).rejects.toThrow(/^items\[2\]: item 2 refused$/);
  });

  it('after a worker lane reports an error, the calling lane computes nothing more and that error is thrown', async () => {
    const workerError = new InvalidSpecification('item 0 refused in the worker', 'items[0]');
    let errorSent!: Promise<void>;
    installFakeThreads((t, m) => {
      if (m.type === 'setup') void t.send({ type: 'ready', run: m.run });
      else if (m.type === 'run' && m.index === 0) errorSent = t.send({ type: 'error', run: m.run, error: serialised(workerError) });
    });
    const c = countingJob();
    // the calling lane's context is ready only once the worker lane has failed (its first item is index 0)
    const ready = async () => {
      while (errorSent === undefined) await new Promise((r) => setImmediate(r));
      await errorSent;
      return null;
    };
    const err = await runPool({ job: ref, args: null, indices: range(40), workers: 2, inline: { job: c.job, context: ready } }).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(InvalidSpecification);
    expect(err).toMatchObject({ message: 'items[0]: item 0 refused in the worker', path: 'items[0]' });
    expect(c.items).toEqual([]); // 38 items were left to the calling lane: none is computed after the failure
    expect(spawned[0]!.posted.filter((m) => m.type === 'run')).toHaveLength(2); // nothing dealt after the error
  });

  it('when two worker lanes fail, the first error is the one thrown', async () => {
    const first = new InvalidSpecification('first', 'a');
    const second = new InvalidSpecification('second', 'b');
    const sent: Promise<void>[] = [];
    const failOnRun = (e: Error, turns: number): Reply => (t, m) => {
      if (m.type === 'setup') void t.send({ type: 'ready', run: m.run });
      else if (m.type === 'run' && t.posted.filter((x) => x.type === 'run').length === 1) {
        // `turns` event-loop turns later: lane 1 fails first, lane 2 after it
        let chain = Promise.resolve();
        for (let k = 1; k < turns; k++) chain = chain.then(() => new Promise((r) => setImmediate(r)));
        sent.push(chain.then(() => t.send({ type: 'error', run: m.run, error: serialised(e) })));
      }
    };
    installFakeThreads(failOnRun(first, 1), failOnRun(second, 4));
    const ready = async () => {
      while (sent.length < 2) await new Promise((r) => setImmediate(r));
      await Promise.all(sent);
      return null;
    };
    const err = await runPool({ job: ref, args: null, indices: range(20), workers: 3, inline: { job: countingJob().job, context: ready } }).catch((e: unknown) => e as Error);
    expect(err).toMatchObject({ message: 'a: first', path: 'a' });
    expect(spawned.every((t) => t.terminated)).toBe(true);
  });

  it('a worker thread that exits is a failure naming its exit code and the items it left unfinished', async () => {
    // exits after taking two items
    installFakeThreads((t, m) => {
      if (m.type === 'setup') void t.send({ type: 'ready', run: m.run });
      else if (m.type === 'run' && t.posted.filter((x) => x.type === 'run').length === 2) setImmediate(() => t.emit('exit', 3));
    });
    await expect(runPool({ job: ref, args: null, indices: range(8), workers: 2, inline: { job: countingJob().job } })).rejects.toThrow(
      new CevnsfitError('worker thread exited with code 3 with 2 item(s) unfinished'),
    );
    expect(spawned[0]!.terminated).toBe(true);
    // exits during its set-up, before taking any item; the calling lane could compute every item, yet the job fails
    let exited!: Promise<void>;
    installFakeThreads((t, m) => {
      if (m.type === 'setup') exited = new Promise((r) => setImmediate(() => r(void t.emit('exit', 7))));
    });
    const c = countingJob();
    const ready = async () => {
      while (exited === undefined) await new Promise((r) => setImmediate(r));
      await exited;
      return null;
    };
    const err = await runPool({ job: ref, args: null, indices: range(4), workers: 2, inline: { job: c.job, context: ready } }).catch((e: unknown) => e);
    expect(err).toEqual(new CevnsfitError('worker thread exited with code 7'));
    expect((err as Error).message).toBe('worker thread exited with code 7');
    expect(c.items).toEqual([]);
  });
});

describe('loadJob', () => {
  const url = new URL('./fixtures/incomplete-jobs.mjs', import.meta.url).href;
  it('refuses a missing export and an export without a setup() or without a run() function', async () => {
    for (const name of ['noSetup', 'setupNotAFunction', 'noRun', 'missing']) {
      await expect(loadJob({ moduleUrl: url, exportName: name })).rejects.toThrow(new CevnsfitError(`pool job: ${url} has no export "${name}" with setup() and run()`));
    }
    const job = await loadJob<number, number, number>({ moduleUrl: url, exportName: 'complete' });
    expect(job.run(await job.setup(2), 3)).toBe(6);
  });
});
