/**
 * A table declared once: its name and its columns, each with the TypeScript type of its values. The row type that
 * Kysely checks queries against, the column lists of inserts and upserts, the SQLite fast paths' prepared statements
 * and the chunk sizes of multi-row statements all derive from this one declaration.
 */
export interface Column<T> {
  /** Never set: carries the value type. */
  readonly type?: T;
}

const column = <T>(): Column<T> => ({});
export const text = column<string>();
export const textOrNull = column<string | null>();
export const num = column<number>();
export const numOrNull = column<number | null>();

type RowOfColumns<C extends Record<string, Column<unknown>>> = { [K in keyof C]: C[K] extends Column<infer T> ? T : never };

/** What statements built for any table read. */
export interface AnyTable {
  readonly name: string;
  /** Every column, in declaration order. */
  readonly columns: readonly string[];
  /** Rows per multi-row statement, so that one statement binds at most `maxParameters` values. */
  rowsPerStatement(maxParameters: number): number;
}

export interface Table<N extends string, Row> extends AnyTable {
  readonly name: N;
  readonly columns: readonly (keyof Row & string)[];
  /** Every column but these (a key, or columns an upsert leaves alone). */
  except(...keep: readonly (keyof Row & string)[]): (keyof Row & string)[];
}

/** The row type of a declared table, as Kysely sees it. */
export type RowOf<T> = T extends Table<string, infer Row> ? Row : never;

export function defineTable<N extends string, C extends Record<string, Column<unknown>>>(name: N, columns: C): Table<N, RowOfColumns<C>> {
  const names = Object.keys(columns) as (keyof C & string)[];
  return {
    name,
    columns: names,
    rowsPerStatement: (maxParameters) => Math.max(1, Math.floor(maxParameters / names.length)),
    except: (...keep) => names.filter((c) => !keep.includes(c)),
  };
}

/** Splits rows so that one multi-row statement on this table stays under the engine's bound-parameter limit. */
export function chunksFor<T>(table: AnyTable, rows: readonly T[], maxParameters: number): T[][] {
  return chunksOf(rows, table.rowsPerStatement(maxParameters));
}

/** Splits keys for `in (…)` lookups: one bound parameter per key. */
export function keyChunks<T>(keys: readonly T[], maxParameters: number): T[][] {
  return chunksOf(keys, maxParameters);
}

function chunksOf<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
