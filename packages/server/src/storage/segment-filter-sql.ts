import type { ColumnPredicate } from '@leadpulse/core';
import { sql, type RawBuilder } from 'kysely';
import type { SqlDialect } from './dialects/sql-dialect.js';
import { contactFactsTable } from './schema.js';

/**
 * A segment prefilter (core's ColumnPredicate) as SQL over `contact_facts f` (joined to `contacts c` for the score). Columns are checked
 * against the declared tables, so a predicate never reaches SQL as text. NULL is a leaf's "false", as in the evaluator:
 * `not` maps an unknown to true (`is not true`), so a contact with no city is "not in Lyon".
 */
const FACT_COLUMNS = new Set<string>(contactFactsTable.columns);

export function columnRef(column: string): string {
  if (column === 'score') return 'c.score';
  if (column !== 'contact_id' && FACT_COLUMNS.has(column)) return `f.${column}`;
  throw new Error(`Unknown segment column "${column}"`);
}

type Leaf = Extract<ColumnPredicate, { column: string }>;
type Value = string | number;

export function predicateSql(predicate: ColumnPredicate, dialect: SqlDialect): RawBuilder<boolean> {
  if (predicate === true) return sql<boolean>`1 = 1`;
  if (predicate === false) return sql<boolean>`1 = 0`;
  if ('all' in predicate) {
    if (predicate.all.length === 0) return sql<boolean>`1 = 1`;
    return sql<boolean>`(${sql.join(predicate.all.map((p) => predicateSql(p, dialect)), sql` and `)})`;
  }
  if ('any' in predicate) {
    if (predicate.any.length === 0) return sql<boolean>`1 = 0`;
    return sql<boolean>`(${sql.join(predicate.any.map((p) => predicateSql(p, dialect)), sql` or `)})`;
  }
  if ('not' in predicate) return sql<boolean>`((${predicateSql(predicate.not, dialect)}) is not true)`;
  if ('memberOf' in predicate) {
    return sql<boolean>`f.contact_id in (select m.contact_id from segment_members m inner join segments s on s.id = m.segment_id where s.key = ${predicate.memberOf} and s.deleted_at is null)`;
  }
  if ('enrolledIn' in predicate) {
    const active = predicate.ever ? sql`` : sql` and e.status = 'active'`;
    return sql<boolean>`f.contact_id in (select e.contact_id from enrolments e inner join scenarios s on s.id = e.scenario_id and s.latest = 1 where s.key = ${predicate.enrolledIn}${active})`;
  }
  return leafSql(predicate, dialect);
}

function leafSql(leaf: Leaf, dialect: SqlDialect): RawBuilder<boolean> {
  const column = columnRef(leaf.column);
  const ref = sql.ref(column);
  const values = (): readonly Value[] => (Array.isArray(leaf.value) ? (leaf.value as readonly Value[]) : leaf.value === undefined ? [] : [leaf.value as Value]);
  const one = (): Value => {
    const [value] = values();
    if (value === undefined) throw new Error(`Segment column "${leaf.column}" ${leaf.op} needs a value`);
    return value;
  };
  switch (leaf.op) {
    case 'null':
      return sql<boolean>`${ref} is null`;
    case 'notNull':
      return sql<boolean>`${ref} is not null`;
    case 'eq':
      return sql<boolean>`${ref} = ${one()}`;
    case 'in': {
      const list = values();
      return list.length === 0 ? sql<boolean>`1 = 0` : sql<boolean>`${ref} in (${sql.join(list)})`;
    }
    case 'prefix': {
      const list = values();
      if (list.length === 0) return sql<boolean>`1 = 0`;
      return sql<boolean>`(${sql.join(list.map((p) => dialect.startsWith(column, String(p))), sql` or `)})`;
    }
    case 'gt':
      return sql<boolean>`${ref} > ${one()}`;
    case 'gte':
      return sql<boolean>`${ref} >= ${one()}`;
    case 'lt':
      return sql<boolean>`${ref} < ${one()}`;
    case 'lte':
      return sql<boolean>`${ref} <= ${one()}`;
  }
}

/** True when the predicate reads a column of `contacts` (the score), so the query must join it. */
export function readsContacts(predicate: ColumnPredicate): boolean {
  if (predicate === true || predicate === false) return false;
  if ('all' in predicate) return predicate.all.some(readsContacts);
  if ('any' in predicate) return predicate.any.some(readsContacts);
  if ('not' in predicate) return readsContacts(predicate.not);
  return 'column' in predicate && predicate.column === 'score';
}
