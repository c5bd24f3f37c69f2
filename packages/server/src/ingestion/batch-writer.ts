/**
 * Group commit: submissions that arrive while a write is in flight are written together in the next
 * transaction, so one fsync serves many requests. Writes never overlap (SQLite has one writer; on
 * PostgreSQL it keeps lock ordering simple). A failed group is retried one submission at a time so a
 * poison submission fails alone instead of sinking its neighbours, unless `isolate` says the error is not about
 * the data (the store is down): then every submission of the group fails at once, and the next group is written
 * as usual. Nothing is resolved before its write has returned.
 */
export interface BatchWriter<I, O> {
  submit(items: readonly I[]): Promise<O[]>;
  /** Resolves when everything submitted so far is written. */
  drain(): Promise<void>;
}

interface Pending<I, O> {
  readonly items: readonly I[];
  resolve(results: O[]): void;
  reject(error: unknown): void;
}

export function createBatchWriter<I, O>(options: {
  readonly maxItems: number;
  readonly lingerMs: number;
  readonly write: (items: I[]) => Promise<O[]>;
  /** Whether a group that failed with this error is retried one submission at a time (default: always). */
  readonly isolate?: (error: unknown) => boolean;
}): BatchWriter<I, O> {
  const queue: Pending<I, O>[] = [];
  let writing: Promise<void> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const schedule = () => {
    if (writing || timer || queue.length === 0) return;
    const queued = queue.reduce((n, p) => n + p.items.length, 0);
    if (queued >= options.maxItems) void flush();
    else timer = setTimeout(() => void flush(), options.lingerMs);
  };

  const takeGroup = (): Pending<I, O>[] => {
    const group: Pending<I, O>[] = [];
    let size = 0;
    while (queue.length > 0 && (group.length === 0 || size + queue[0]!.items.length <= options.maxItems)) {
      const next = queue.shift()!;
      group.push(next);
      size += next.items.length;
    }
    return group;
  };

  const writeGroup = async (group: Pending<I, O>[]) => {
    try {
      const results = await options.write(group.flatMap((p) => [...p.items]));
      let offset = 0;
      for (const p of group) {
        p.resolve(results.slice(offset, offset + p.items.length));
        offset += p.items.length;
      }
    } catch (error) {
      if (group.length === 1 || options.isolate?.(error) === false) for (const p of group) p.reject(error);
      else for (const p of group) await writeGroup([p]);
    }
  };

  const flush = async () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const group = takeGroup();
    writing = writeGroup(group);
    await writing;
    writing = null;
    schedule();
  };

  return {
    submit(items) {
      if (items.length === 0) return Promise.resolve([]);
      return new Promise<O[]>((resolve, reject) => {
        queue.push({ items, resolve, reject });
        schedule();
      });
    },
    async drain() {
      while (writing || queue.length > 0) {
        if (writing) await writing;
        else await flush();
      }
    },
  };
}
