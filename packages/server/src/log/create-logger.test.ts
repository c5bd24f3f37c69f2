import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createLogger } from './create-logger.js';

function collector(isTTY: boolean) {
  const lines: string[] = [];
  // Colours depend on the machine: the assertions read the text only.
  return { isTTY, lines, write: (line: string) => void lines.push(stripVTControlCharacters(line)) };
}

describe('createLogger', () => {
  it('writes one JSON line per entry when the output is not a terminal (log collectors)', () => {
    const output = collector(false);
    createLogger('info', output).child({ scope: 'http' }).info({ status: 200 }, 'http.request');
    expect(output.lines).toHaveLength(1);
    expect(JSON.parse(output.lines[0]!)).toMatchObject({ level: 30, scope: 'http', status: 200, msg: 'http.request' });
  });

  it('writes readable lines on a terminal, at the configured level', () => {
    const output = collector(true);
    const log = createLogger('info', output);
    log.info({ engine: 'sqlite' }, 'store.open');
    log.child({ scope: 'http' }).debug({ status: 200 }, 'http.request');
    log.child({ scope: 'http' }).error({ err: new Error('boom') }, 'http.error');
    expect(output.lines).toHaveLength(2);
    expect(output.lines[0]).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: store\.open \{"engine":"sqlite"\}\n$/);
    expect(output.lines[1]).toMatch(/^\[\d\d:\d\d:\d\d\] ERROR: http\.error/);
    expect(output.lines[1]).toContain('Error: boom');
  });
});
