import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { defineTable, num, numOrNull, text, textOrNull } from '../table.js';
import { indexAwareUpsert } from './sqlite-index-aware-upsert.js';

const facts = defineTable('facts', { id: text, stage: text, city: textOrNull, pages: num, age: numOrNull });

function open() {
  const db = new Database(':memory:');
  db.exec('create table facts (id text primary key, stage text not null, city text, pages integer not null, age double precision)');
  db.exec('create index facts_city on facts (city, stage)');
  // Counts the updates that touched an indexed column's value, as the reports' rollup triggers would see them.
  db.exec('create table moves (n integer)');
  db.exec('insert into moves values (0)');
  db.exec('create trigger facts_moved after update on facts when old.stage is not new.stage or old.city is not new.city begin update moves set n = n + 1; end');
  return db;
}

describe('the index-aware upsert of SQLite', () => {
  it('inserts new rows, updates plain columns, and indexed ones only when they change', () => {
    const db = open();
    const save = indexAwareUpsert(db, facts, 'id');
    save({ id: 'c1', stage: 'cold', city: 'Lyon', pages: 1, age: 34.5 });
    save({ id: 'c1', stage: 'cold', city: 'Lyon', pages: 2, age: 34.5 });
    expect(db.prepare('select * from facts').all()).toEqual([{ id: 'c1', stage: 'cold', city: 'Lyon', pages: 2, age: 34.5 }]);
    expect(db.prepare('select n from moves').get()).toEqual({ n: 0 });

    save({ id: 'c1', stage: 'hot', city: null, pages: 3, age: null });
    expect(db.prepare('select * from facts').all()).toEqual([{ id: 'c1', stage: 'hot', city: null, pages: 3, age: null }]);
    expect(db.prepare('select n from moves').get()).toEqual({ n: 1 });
    // The index answers with the new values, not the old ones.
    expect(db.prepare("select id from facts indexed by facts_city where city is null and stage = 'hot'").all()).toEqual([{ id: 'c1' }]);
    expect(db.prepare("select count(*) as n from facts indexed by facts_city where city = 'Lyon'").get()).toEqual({ n: 0 });
  });
});
