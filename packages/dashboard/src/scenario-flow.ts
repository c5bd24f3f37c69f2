import type { ScenarioStep } from '@leadpulse/core';

/** A scenario's steps laid out for reading: a sequence of cards, where a split holds two labelled paths. */
export type FlowNode =
  | { readonly kind: 'step'; readonly step: ScenarioStep; readonly index: number }
  /** A branch (yes / no) or a wait for an event with a timeout (came / timed out): two paths, then where they meet. */
  | { readonly kind: 'split'; readonly split: 'branch' | 'wait'; readonly paths: readonly [FlowPath, FlowPath] }
  /** The path goes on at a step drawn elsewhere (a loop back, or a jump to a step shown on another path). */
  | { readonly kind: 'goto'; readonly stepId: string }
  | { readonly kind: 'end' };
export interface FlowPath {
  readonly target: string | null;
  readonly nodes: readonly FlowNode[];
}
export interface Flow {
  readonly nodes: readonly FlowNode[];
  /** Steps no path reaches: shown apart, so that nothing in the document is hidden. */
  readonly unreached: readonly ScenarioStep[];
}

/** The step that follows `step` when it does not split: its `next`, else the one after it in the list, else the end. */
export function nextOf(steps: readonly ScenarioStep[], index: number): string | null {
  const step = steps[index]!;
  if (step.type === 'exit') return null;
  return step.next ?? steps[index + 1]?.id ?? null;
}

/** The two ways out of a step that splits, or null. */
function exitsOf(steps: readonly ScenarioStep[], index: number): readonly [string | null, string | null] | null {
  const step = steps[index]!;
  if (step.type === 'branch') return [step.then, step.else];
  if (step.type === 'wait' && step.event && step.onTimeout) return [nextOf(steps, index), step.onTimeout];
  return null;
}

/**
 * Lays out the steps from the first one: straight runs become cards, splits become two paths that draw until they
 * meet (the first step both reach), and the flow goes on from there. A step is drawn once; reaching it again draws
 * a "go to" pointer, which is how loops and jumps read.
 */
export function layoutFlow(steps: readonly ScenarioStep[]): Flow {
  const indexOf = new Map(steps.map((s, i) => [s.id, i]));
  const drawn = new Set<string>();

  // Every step not drawn yet that is reachable from `id` (both ways out of splits), in walking order: a loop back
  // to a drawn step is not a meeting point.
  const reachable = (id: string | null): string[] => {
    const seen: string[] = [];
    const queue = id === null ? [] : [id];
    while (queue.length > 0) {
      const current = queue.shift()!;
      const index = indexOf.get(current);
      if (index === undefined || seen.includes(current) || drawn.has(current)) continue;
      seen.push(current);
      const exits = exitsOf(steps, index);
      for (const next of exits ?? [nextOf(steps, index)]) if (next !== null) queue.push(next);
    }
    return seen;
  };

  const walk = (start: string | null, stop: string | null): FlowNode[] => {
    const nodes: FlowNode[] = [];
    let id = start;
    while (id !== null && id !== stop) {
      const index = indexOf.get(id);
      if (index === undefined || drawn.has(id)) {
        nodes.push({ kind: 'goto', stepId: id });
        return nodes;
      }
      drawn.add(id);
      const step = steps[index]!;
      nodes.push({ kind: 'step', step, index });
      if (step.type === 'exit') return nodes;
      const exits = exitsOf(steps, index);
      if (!exits) {
        id = nextOf(steps, index);
        continue;
      }
      const [first, second] = exits;
      const fromFirst = new Set(reachable(first));
      const join = reachable(second).find((s) => fromFirst.has(s)) ?? null;
      const paths: [FlowPath, FlowPath] = [
        { target: first, nodes: walk(first, join) },
        { target: second, nodes: walk(second, join) },
      ];
      nodes.push({ kind: 'split', split: step.type === 'branch' ? 'branch' : 'wait', paths });
      if (join === null) return nodes;
      id = join;
    }
    if (id === null) nodes.push({ kind: 'end' });
    return nodes;
  };

  const nodes = walk(steps[0]?.id ?? null, null);
  return { nodes, unreached: steps.filter((s) => !drawn.has(s.id)) };
}

/** How many contacts are in the scenario now: the active enrolments summed over its steps. */
export const enrolledNow = (atStep: Readonly<Record<string, number>>): number => Object.values(atStep).reduce((sum, n) => sum + n, 0);
