import type Database from 'better-sqlite3';
import type { AnyTable } from '../table.js';

/**
 * An upsert that leaves a row's index entries alone when its indexed columns keep their values. SQLite rewrites the
 * entry of every index holding a column an UPDATE sets, even to the same value; contact_facts carries the segment
 * prefilter's covering indexes (migration 0015), so setting `stage` on every save rewrote four of them: 46 µs per
 * saved contact against 17 µs split like this (bench/import-cli.mjs measures the whole import).
 *
 * New rows are inserted whole; an existing row gets its unindexed columns, then its indexed ones only where one of
 * them differs. The rollup triggers see each of the two updates with its own old and new row, so their sums hold.
 * The indexed columns are read from the schema, so an index a later migration adds is taken into account.
 */
export function indexAwareUpsert(database: Database.Database, table: AnyTable, key: string): (row: Record<string, unknown>) => void {
  const indexed = indexedColumns(database, table.name);
  const columns = table.columns.filter((c) => c !== key);
  const plain = columns.filter((c) => !indexed.has(c));
  const watched = columns.filter((c) => indexed.has(c));
  const assign = (list: readonly string[]) => list.map((c) => `${c} = @${c}`).join(', ');
  const insert = database.prepare(`insert into ${table.name} (${table.columns.join(', ')}) values (${table.columns.map((c) => `@${c}`).join(', ')}) on conflict (${key}) do nothing`);
  const updatePlain = plain.length > 0 ? database.prepare(`update ${table.name} set ${assign(plain)} where ${key} = @${key}`) : null;
  const updateWatched =
    watched.length > 0 ? database.prepare(`update ${table.name} set ${assign(watched)} where ${key} = @${key} and (${watched.map((c) => `${c} is not @${c}`).join(' or ')})`) : null;
  return (row) => {
    if (insert.run(row).changes > 0) return;
    updatePlain?.run(row);
    updateWatched?.run(row);
  };
}

function indexedColumns(database: Database.Database, table: string): Set<string> {
  const columns = new Set<string>();
  const indexes = database.prepare('select name from pragma_index_list(?)').all(table) as { name: string }[];
  const info = database.prepare('select name from pragma_index_info(?)');
  for (const index of indexes) for (const { name } of info.all(index.name) as { name: string | null }[]) if (name) columns.add(name);
  return columns;
}
