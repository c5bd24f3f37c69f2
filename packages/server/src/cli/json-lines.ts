/**
 * The line on which the value at `path` starts in a JSON text (or its nearest existing parent), so that
 * validation issues can name file:line. A small scanner: strings, objects, arrays and scalars.
 */
export function lineOfPath(text: string, path: readonly (string | number)[]): number {
  let i = 0;
  let best = 1;
  const lineAt = (pos: number) => text.slice(0, pos).split('\n').length;
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const readString = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const skipValue = (depth: number): void => {
    skipSpace();
    const here = i;
    if (depth === path.length) {
      best = lineAt(here);
      return;
    }
    const ch = text[i];
    if (ch === '{') {
      i++;
      for (;;) {
        skipSpace();
        if (text[i] === '}') return void i++;
        const key = readString();
        skipSpace();
        i++; // ':'
        if (key === path[depth]) {
          best = lineAt(i);
          skipValue(depth + 1);
          return;
        }
        skipValueNoMatch();
        skipSpace();
        if (text[i] === ',') i++;
      }
    } else if (ch === '[') {
      i++;
      for (let index = 0; ; index++) {
        skipSpace();
        if (text[i] === ']') return void i++;
        if (index === path[depth]) {
          best = lineAt(i);
          skipValue(depth + 1);
          return;
        }
        skipValueNoMatch();
        skipSpace();
        if (text[i] === ',') i++;
      }
    }
  };
  const skipValueNoMatch = (): void => {
    skipSpace();
    const ch = text[i];
    if (ch === '"') return void readString();
    if (ch === '{' || ch === '[') {
      const close = ch === '{' ? '}' : ']';
      i++;
      for (;;) {
        skipSpace();
        if (text[i] === close) return void i++;
        if (i >= text.length) return;
        if (ch === '{') {
          readString();
          skipSpace();
          i++;
        }
        skipValueNoMatch();
        skipSpace();
        if (text[i] === ',') i++;
      }
    }
    while (i < text.length && !/[,}\]\s]/.test(text[i]!)) i++;
  };
  try {
    skipValue(0);
  } catch {
    // A malformed text was already reported by JSON.parse; fall back to the best line found.
  }
  return best;
}
