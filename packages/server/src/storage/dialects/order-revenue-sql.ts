import type { EngineName } from './sql-dialect.js';

/** A number as double precision: SQLite's REAL already is one; PostgreSQL's numeric (and a trigger's old record) is cast. */
export const asDouble = (engine: EngineName, expression: string): string => (engine === 'sqlite' ? expression : `(${expression})::double precision`);

/**
 * An order's revenue as core's revenueOf reads it, from a JSON payload column: the first of revenue, total, value that
 * is a number (or a numeric string) of at most 1e15, else 0. Used by migration 0014's triggers and SQLite's per-batch
 * order statement.
 */
export function orderRevenueSql(engine: EngineName, payload: string): string {
  const fields = ['revenue', 'total', 'value'].map((field) => {
    if (engine === 'sqlite') {
      const path = `'$.properties.${field}'`;
      const text = `trim(json_extract(${payload}, ${path}))`;
      return `(case json_type(${payload}, ${path}) when 'integer' then json_extract(${payload}, ${path}) when 'real' then json_extract(${payload}, ${path})
        when 'text' then (case when ${text} <> '' and ${text} not glob '*[^0-9.eE+-]*' and ${text} glob '*[0-9]*' then cast(${text} as real) end) end)`;
    }
    const value = `((${payload})::jsonb -> 'properties' -> '${field}')`;
    const text = `btrim((${payload})::jsonb -> 'properties' ->> '${field}')`;
    return `(case jsonb_typeof(${value}) when 'number' then (${value} #>> '{}')::numeric
        when 'string' then (case when ${text} ~ '^[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]{1,3})?$' then ${text}::numeric end) end)`;
  });
  return `(case ${fields.map((v) => `when abs(${v}) <= 1e15 then ${asDouble(engine, v)}`).join(' ')} else 0 end)`;
}
