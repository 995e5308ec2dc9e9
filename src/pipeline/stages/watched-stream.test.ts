import { describe, expect, it } from 'vitest';
import { ArrayPushStream } from './__fixtures__/array-push-stream.js';
import { WatchedStream } from './watched-stream.js';

async function* letters(fail = false): AsyncIterable<string> {
  yield 'a';
  yield 'b';
  if (fail) throw new Error('upstream broke');
}

function recorder(name: string, log: string[]) {
  return { onItem: (item: string) => log.push(`${name}:${item}`), onEnd: (failure: unknown) => log.push(`${name}:end:${failure instanceof Error ? failure.message : String(failure)}`) };
}

describe('WatchedStream', () => {
  it('shows each item to every watcher and ends them once, innermost first, through one wrapper', async () => {
    const log: string[] = [];
    const inner = WatchedStream.watch(letters(), recorder('inner', log));
    const outer = WatchedStream.watch(inner, recorder('outer', log));
    expect(outer).toBe(inner);
    const seen: string[] = [];
    for await (const item of outer) seen.push(item);
    expect(seen).toEqual(['a', 'b']);
    expect(log).toEqual(['inner:a', 'outer:a', 'inner:b', 'outer:b', 'inner:end:undefined', 'outer:end:undefined']);
  });

  it('passes a failure to the watchers and on to the reader', async () => {
    const log: string[] = [];
    const stream = WatchedStream.watch(letters(true), recorder('w', log));
    await expect(async () => {
      for await (const item of stream) void item;
    }).rejects.toThrow('upstream broke');
    expect(log).toEqual(['w:a', 'w:b', 'w:end:upstream broke']);
  });

  it('ends the watchers and closes the source when the reader stops early', async () => {
    const log: string[] = [];
    let closed = false;
    async function* source(): AsyncIterable<string> {
      try {
        yield 'a';
        yield 'b';
      } finally {
        closed = true;
      }
    }
    const stream = WatchedStream.watch(source(), recorder('w', log));
    for await (const item of stream) if (item === 'a') break;
    expect(log).toEqual(['w:a', 'w:end:undefined']);
    expect(closed).toBe(true);
  });

  it('tells a watcher added after the end at once', async () => {
    const log: string[] = [];
    const stream = WatchedStream.watch(letters(), recorder('first', log));
    for await (const item of stream) void item;
    WatchedStream.watch(stream, recorder('late', log));
    expect(log.at(-1)).toBe('late:end:undefined');
  });

  it('pushes when its source can: watchers see each item before the sink, and end once', async () => {
    const log: string[] = [];
    const source = new ArrayPushStream(['a', 'b']);
    const stream = WatchedStream.watch(WatchedStream.watch(source, recorder('inner', log)), recorder('outer', log)) as WatchedStream<string>;
    expect(stream.pushTo).toBeDefined();
    await stream.pushTo!({ write: (item) => log.push(`sink:${item}`) > 0 });
    expect(log).toEqual(['inner:a', 'outer:a', 'sink:a', 'inner:b', 'outer:b', 'sink:b', 'inner:end:undefined', 'outer:end:undefined']);
    stream.resume!();
    expect(source.resumes).toBe(1);
  });

  it('passes a pushed failure to the watchers and on to the pusher; pulls only when its source cannot push', async () => {
    const log: string[] = [];
    const stream = WatchedStream.watch(new ArrayPushStream(['a'], new Error('upstream broke')), recorder('w', log)) as WatchedStream<string>;
    await expect(stream.pushTo!({ write: () => true })).rejects.toThrow('upstream broke');
    expect(log).toEqual(['w:a', 'w:end:upstream broke']);
    expect((WatchedStream.watch(letters(), recorder('pull', [])) as WatchedStream<string>).pushTo).toBeUndefined();
  });
});
