import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lineMessageId, readCsv, readNdjson, type ImportItem } from './import-sources.js';

const dir = mkdtempSync(join(tmpdir(), 'leadpulse-sources-'));
const fileWith = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const collect = async (items: AsyncIterable<ImportItem>) => {
  const out: ImportItem[] = [];
  for await (const item of items) out.push(item);
  return out;
};

describe('readNdjson', () => {
  it('numbers physical lines, skips blank ones and rejects lines that are not JSON', async () => {
    const lines = ['{"type":"track","event":"A","anonymousId":"x"}', '', '{oops', '{"type":"page","anonymousId":"x","messageId":"m-1"}'];
    const items = await collect(readNdjson(fileWith('a.ndjson', lines.join('\n'))));
    expect(items.map((i) => [i.kind, i.line])).toEqual([['event', 1], ['rejected', 3], ['event', 4]]);
    expect(items[1]).toMatchObject({ issues: [{ code: 'invalid_json', path: [] }] });
    expect(items[0]).toMatchObject({ event: { messageId: lineMessageId('a.ndjson', 1, lines[0]!) } });
    expect(items[2]).toMatchObject({ event: { messageId: 'm-1' } });
  });

  it('derives the same ids on every run, and different ids for the same content on another line', async () => {
    const text = '{"type":"track","event":"A","anonymousId":"x"}\n{"type":"track","event":"A","anonymousId":"x"}\n';
    const first = await collect(readNdjson(fileWith('b.ndjson', text)));
    const again = await collect(readNdjson(fileWith('b.ndjson', text)));
    const ids = (items: ImportItem[]) => items.map((i) => (i.kind === 'event' ? (i.event as { messageId: string }).messageId : null));
    expect(ids(again)).toEqual(ids(first));
    expect(new Set(ids(first)).size).toBe(2);
  });
});

describe('readCsv', () => {
  const mapping = { type: 'track' as const, event: 'Form Submitted', userId: 'id', properties: { note: 'note' } };

  it('names each row by the physical line it starts on, with LF or CRLF, quoted line breaks and blank lines', async () => {
    for (const nl of ['\n', '\r\n']) {
      const text = ['id,note', 'L1,"two', 'lines"', '', 'L2,plain', 'L3,last'].join(nl);
      const items = await collect(readCsv(fileWith('c.csv', text), [mapping]));
      expect(items.map((i) => i.line)).toEqual([2, 5, 6]);
      expect(items[0]).toMatchObject({ event: { userId: 'L1', properties: { note: `two${nl}lines` } } });
    }
  });

  it('reads a BOM, trims header names, and refuses a header without the mapped columns', async () => {
    const items = await collect(readCsv(fileWith('d.csv', '\ufeffid , note\nL1,x\n'), [mapping]));
    expect(items).toMatchObject([{ kind: 'event', line: 2, event: { userId: 'L1' } }]);
    await expect(collect(readCsv(fileWith('e.csv', 'ident,note\nL1,x\n'), [mapping]))).rejects.toThrow(/e\.csv:1: the mapping reads column\(s\) "id" that the header lacks/);
  });

  it('stops on malformed CSV, naming the line', async () => {
    await expect(collect(readCsv(fileWith('f.csv', 'id,note\nL1,ok\nL2,"never closed\n'), [mapping]))).rejects.toThrow(/f\.csv:3: not valid CSV/);
  });
});
