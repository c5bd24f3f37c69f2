import { describe, expect, it } from 'vitest';
import { createBatchWriter } from './batch-writer.js';

describe('createBatchWriter', () => {
  it('groups submissions that arrive while a write is in flight into one write', async () => {
    const writes: number[][] = [];
    const writer = createBatchWriter<number, string>({
      maxItems: 100,
      lingerMs: 0,
      write: async (items) => {
        writes.push(items);
        await new Promise((resolve) => setTimeout(resolve, 5));
        return items.map((n) => `ok${n}`);
      },
    });
    const results = await Promise.all([writer.submit([1]), writer.submit([2, 3]), writer.submit([4])]);
    expect(results).toEqual([['ok1'], ['ok2', 'ok3'], ['ok4']]);
    expect(writes.flat()).toEqual([1, 2, 3, 4]);
    expect(writes.length).toBeLessThan(4);
  });

  it('never exceeds maxItems per write, except a single larger submission written alone', async () => {
    const sizes: number[] = [];
    const writer = createBatchWriter<number, number>({ maxItems: 3, lingerMs: 0, write: async (items) => (sizes.push(items.length), items) });
    await Promise.all([writer.submit([1, 2]), writer.submit([3, 4]), writer.submit([5, 6, 7, 8])]);
    expect(sizes).toEqual([2, 2, 4]);
  });

  it('isolates a failing submission so its neighbours still succeed', async () => {
    const writer = createBatchWriter<number, number>({
      maxItems: 100,
      lingerMs: 5,
      write: async (items) => {
        if (items.includes(13)) throw new Error('poison');
        return items;
      },
    });
    const [good, bad, other] = await Promise.allSettled([writer.submit([1]), writer.submit([13]), writer.submit([2])]);
    expect(good).toEqual({ status: 'fulfilled', value: [1] });
    expect(bad.status).toBe('rejected');
    expect(other).toEqual({ status: 'fulfilled', value: [2] });
  });

  it('fails a whole group at once when the error is not about the data, and writes the next group as usual', async () => {
    let down = true;
    const attempts: number[][] = [];
    const writer = createBatchWriter<number, number>({
      maxItems: 100,
      lingerMs: 5,
      write: async (items) => {
        attempts.push(items);
        if (down) throw new Error('store down');
        return items;
      },
      isolate: (error) => (error as Error).message !== 'store down',
    });
    const failed = await Promise.allSettled([writer.submit([1]), writer.submit([2]), writer.submit([3])]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(attempts).toEqual([[1, 2, 3]]);
    down = false;
    expect(await Promise.all([writer.submit([4]), writer.submit([5])])).toEqual([[4], [5]]);
    await writer.drain();
  });

  it('drain waits for everything submitted', async () => {
    const written: number[] = [];
    const writer = createBatchWriter<number, number>({ maxItems: 10, lingerMs: 20, write: async (items) => (written.push(...items), items) });
    void writer.submit([1, 2]);
    await writer.drain();
    expect(written).toEqual([1, 2]);
  });
});
