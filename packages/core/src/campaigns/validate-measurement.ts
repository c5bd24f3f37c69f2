import { issue, type Issue } from '../shared/issue.js';

type Path = (string | number)[];
const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const VARIANT_ID = /^[a-z0-9][a-z0-9_-]{0,31}$/;
const VARIANT_FIELDS = ['id', 'template', 'subject', 'weight'];

/** `controlGroup: { percent }`: a share above 0 and at most 50 (beyond that the scenario mostly measures itself). */
export function controlGroupIssues(value: unknown, path: Path): Issue[] {
  if (value === undefined) return [];
  if (!isPlain(value)) return [issue('invalid_type', path, 'expected { "percent": 10 }')];
  const issues: Issue[] = [];
  for (const key of Object.keys(value)) if (key !== 'percent') issues.push(issue('unknown_key', [...path, key], `unknown field "${key}" in a control group; expected percent`));
  const percent = value['percent'];
  if (typeof percent !== 'number' || !Number.isFinite(percent) || percent <= 0 || percent > 50) {
    issues.push(issue(percent === undefined ? 'missing_field' : 'invalid_value', [...path, 'percent'], 'expected the share of enrolments held out, above 0 and at most 50 (e.g. 10 for 10 %)'));
  }
  return issues;
}

/**
 * A send step's `variants`: at least two, unique ids, positive weights; `template` is checked by the caller's rule
 * for template keys (`checkTemplate`), so an A/B test cannot name a template that does not exist.
 */
export function variantIssues(value: unknown, path: Path, checkTemplate: (value: unknown, path: Path) => void): Issue[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length < 2) return [issue(Array.isArray(value) ? 'invalid_value' : 'invalid_type', path, 'expected at least two variants, e.g. [{ "id": "a", "template": "welcome" }, { "id": "b", "template": "welcome-short" }]')];
  const issues: Issue[] = [];
  const seen = new Set<string>();
  value.forEach((variant, i) => {
    const at: Path = [...path, i];
    if (!isPlain(variant)) return void issues.push(issue('invalid_type', at, 'expected a variant object with an id and a template'));
    for (const key of Object.keys(variant)) if (!VARIANT_FIELDS.includes(key)) issues.push(issue('unknown_key', [...at, key], `unknown field "${key}" in a variant; expected ${VARIANT_FIELDS.join(', ')}`));
    const id = variant['id'];
    if (typeof id !== 'string' || !VARIANT_ID.test(id)) issues.push(issue(id === undefined ? 'missing_field' : 'invalid_value', [...at, 'id'], 'expected a short variant id of lowercase letters, digits, "-" or "_" (e.g. "a")'));
    else if (seen.has(id)) issues.push(issue('duplicate_key', [...at, 'id'], `variant id "${id}" is used twice in this step`));
    else seen.add(id);
    checkTemplate(variant['template'], [...at, 'template']);
    const subject = variant['subject'];
    if (subject !== undefined && (typeof subject !== 'string' || subject.trim() === '')) issues.push(issue('invalid_type', [...at, 'subject'], 'expected a non-empty subject line'));
    const weight = variant['weight'];
    if (weight !== undefined && (typeof weight !== 'number' || !Number.isFinite(weight) || weight <= 0)) issues.push(issue('invalid_value', [...at, 'weight'], 'expected a positive weight (the variant\'s relative share, e.g. 50)'));
  });
  return issues;
}
