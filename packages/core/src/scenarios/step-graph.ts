import type { ScenarioStep } from './scenario.js';

/** The step after `steps[index]` when it names none: the next in the list, or the end (null) after the last. */
export function followingStepId(steps: readonly ScenarioStep[], index: number): string | null {
  const step = steps[index];
  if (step?.next !== undefined) return step.next;
  return steps[index + 1]?.id ?? null;
}

/** Every step a step may lead to (null: the end), with the field that names it. */
export function successorsOf(steps: readonly ScenarioStep[], index: number): { field: string; to: string | null }[] {
  const step = steps[index]!;
  switch (step.type) {
    case 'exit':
      return [];
    case 'branch':
      return [
        { field: 'then', to: step.then },
        { field: 'else', to: step.else },
      ];
    case 'wait': {
      const out = [{ field: 'next', to: followingStepId(steps, index) }];
      if (step.onTimeout !== undefined) out.push({ field: 'onTimeout', to: step.onTimeout });
      return out;
    }
    default:
      return [{ field: 'next', to: followingStepId(steps, index) }];
  }
}

/**
 * A loop of steps with no wait in it, as its step ids in order (the first repeated at the end), or null. Such a loop
 * would run without end in one tick: every loop must pass through a wait, which moves the clock.
 */
export function cycleWithoutWait(steps: readonly ScenarioStep[]): string[] | null {
  const indexOf = new Map(steps.map((step, i) => [step.id, i] as const));
  const state = new Map<number, 'open' | 'done'>();
  const trail: number[] = [];
  const visit = (i: number): string[] | null => {
    if (steps[i]!.type === 'wait') return null;
    if (state.get(i) === 'done') return null;
    if (state.get(i) === 'open') return [...trail.slice(trail.indexOf(i)), i].map((j) => steps[j]!.id);
    state.set(i, 'open');
    trail.push(i);
    for (const { to } of successorsOf(steps, i)) {
      const j = to === null ? undefined : indexOf.get(to);
      if (j === undefined) continue;
      const found = visit(j);
      if (found) return found;
    }
    trail.pop();
    state.set(i, 'done');
    return null;
  };
  for (let i = 0; i < steps.length; i++) {
    const found = visit(i);
    if (found) return found;
  }
  return null;
}
