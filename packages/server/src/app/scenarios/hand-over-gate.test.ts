import { describe, expect, it } from 'vitest';
import { createHandOverGate } from './hand-over-gate.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('hand-over gate', () => {
  it('lets one delivery past its hand-over at a time, the next once the first is released, in order', async () => {
    const gate = createHandOverGate();
    const [a, b, c] = [gate.ticket(), gate.ticket(), gate.ticket()];
    const passed: string[] = [];
    await a.handOver().then(() => passed.push('a'));
    void b.handOver().then(() => passed.push('b'));
    void c.handOver().then(() => passed.push('c'));
    await tick();
    expect(passed).toEqual(['a']);
    a.release();
    await tick();
    expect(passed).toEqual(['a', 'b']);
    b.release();
    await tick();
    expect(passed).toEqual(['a', 'b', 'c']);
  });

  it('a delivery given up while waiting passes its turn on instead of holding the gate', async () => {
    const gate = createHandOverGate();
    const [a, b, c] = [gate.ticket(), gate.ticket(), gate.ticket()];
    await a.handOver();
    const refused = b.handOver().then(
      () => 'passed',
      (error: Error) => error.message,
    );
    const next = c.handOver().then(() => 'passed');
    b.release(); // its connection dropped before the hand-over came
    a.release();
    expect(await refused).toMatch(/given up/);
    expect(await next).toBe('passed');
  });

  it('a release without a hand-over (the courier failed early) leaves the gate open', async () => {
    const gate = createHandOverGate();
    gate.ticket().release();
    const t = gate.ticket();
    await t.handOver();
    t.release();
  });
});

describe('hand-over gate wider than one', () => {
  it('lets `width` deliveries hold it at once, no more', async () => {
    const gate = createHandOverGate(2);
    const tickets = [gate.ticket(), gate.ticket(), gate.ticket()];
    const passed: number[] = [];
    tickets.forEach((t, i) => void t.handOver().then(() => passed.push(i)));
    await tick();
    expect(passed).toEqual([0, 1]);
    tickets[1]!.release();
    await tick();
    expect(passed).toEqual([0, 1, 2]);
  });
});
