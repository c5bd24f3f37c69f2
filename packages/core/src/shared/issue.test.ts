import { expect, it } from 'vitest';
import { formatPath, issuesFromZod } from './issue.js';

it('keeps zod issues as ours, under a prefix, with symbol keys as text', () => {
  const key = Symbol('meta');
  const zodIssues = [
    { code: 'invalid_type', path: ['amount'], message: 'expected number', expected: 'number' },
    { code: 'custom', path: [key, 0], message: 'bad' },
  ];
  expect(issuesFromZod(zodIssues)).toEqual([
    { code: 'invalid_type', path: ['amount'], message: 'expected number' },
    { code: 'custom', path: ['Symbol(meta)', 0], message: 'bad' },
  ]);
  expect(issuesFromZod(zodIssues, [3]).map((i) => formatPath(i.path))).toEqual(['[3].amount', '[3].Symbol(meta)[0]']);
});
