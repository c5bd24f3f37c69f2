import { SCENARIO_PRESETS, type ScenarioStep } from '@leadpulse/core';
import { expect, it } from 'vitest';
import { layoutFlow, type FlowNode } from './scenario-flow.js';

// A compact picture of a layout: step ids, splits as [path | path], pointers as ->id, the end as '.'.
const picture = (nodes: readonly FlowNode[]): string =>
  nodes
    .map((n) => (n.kind === 'step' ? n.step.id : n.kind === 'goto' ? `->${n.stepId}` : n.kind === 'end' ? '.' : `[${picture(n.paths[0].nodes)} | ${picture(n.paths[1].nodes)}]`))
    .join(' ');

it('draws a straight run as cards in order, then the end', () => {
  const steps: ScenarioStep[] = [
    { id: 'wait', type: 'wait', duration: '2d' },
    { id: 'mail', type: 'send_email', template: 'warm' },
  ];
  expect(picture(layoutFlow(steps).nodes)).toBe('wait mail .');
});

it('draws a branch as two paths that meet again, and goes on from where they meet', () => {
  const steps: ScenarioStep[] = [
    { id: 'opened', type: 'branch', if: { sent: '*', engaged: 'opened' }, then: 'thanks', else: 'resend' },
    { id: 'thanks', type: 'send_email', template: 'thanks', next: 'task' },
    { id: 'resend', type: 'send_email', template: 'again' },
    { id: 'task', type: 'task', title: 'Call', assignee: 'owner', due: '1d' },
  ];
  const flow = layoutFlow(steps);
  expect(picture(flow.nodes)).toBe('opened [thanks | resend] task .');
  expect(flow.unreached).toEqual([]);
});

it('ends each path on its own when the paths never meet', () => {
  const steps: ScenarioStep[] = [
    { id: 'hot', type: 'branch', if: { stage: 'hot' }, then: 'alert', else: 'stop' },
    { id: 'alert', type: 'sales_alert', to: 'owner', next: 'done' },
    { id: 'stop', type: 'exit' },
    { id: 'done', type: 'exit' },
  ];
  expect(picture(layoutFlow(steps).nodes)).toBe('hot [alert done | stop]');
});

it('splits a wait for an event with a timeout, and points back for a loop', () => {
  const steps: ScenarioStep[] = [
    { id: 'mail', type: 'send_email', template: 'nurture' },
    { id: 'wait', type: 'wait', event: 'Email Opened', timeout: '3d', onTimeout: 'again' },
    { id: 'done', type: 'exit' },
    { id: 'again', type: 'wait', duration: '30d', next: 'mail' },
  ];
  expect(picture(layoutFlow(steps).nodes)).toBe('mail wait [done | again ->mail]');
});

it('lists the steps that no path reaches', () => {
  const steps: ScenarioStep[] = [
    { id: 'a', type: 'exit' },
    { id: 'b', type: 'send_email', template: 'x' },
  ];
  const flow = layoutFlow(steps);
  expect(picture(flow.nodes)).toBe('a');
  expect(flow.unreached.map((s) => s.id)).toEqual(['b']);
});

it('draws every shipped preset with each step once and nothing left unreached', () => {
  for (const preset of SCENARIO_PRESETS) {
    const flow = layoutFlow(preset.steps);
    const drawn: string[] = [];
    const collect = (nodes: readonly FlowNode[]): void =>
      nodes.forEach((n) => (n.kind === 'step' ? drawn.push(n.step.id) : n.kind === 'split' ? n.paths.forEach((p) => collect(p.nodes)) : undefined));
    collect(flow.nodes);
    expect(drawn.sort(), preset.key).toEqual(preset.steps.map((s) => s.id).sort());
    expect(flow.unreached, preset.key).toEqual([]);
  }
  const warm = SCENARIO_PRESETS.find((p) => p.key === 'warm-follow-up')!;
  expect(picture(layoutFlow(warm.steps).nodes)).toBe('working-morning follow-up-email five-days any-activity [ | call-task] done');
  const cold = SCENARIO_PRESETS.find((p) => p.key === 'cold-nurture')!;
  expect(picture(layoutFlow(cold.steps).nodes)).toBe('next-tuesday nurture-email four-weeks ->nurture-email');
});
