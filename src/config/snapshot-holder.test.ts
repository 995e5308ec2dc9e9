import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfigText } from './load-config.js';
import { SnapshotHolder } from './snapshot-holder.js';

describe('SnapshotHolder', () => {
  it('swaps in a good config and keeps the old one when the new one is bad', () => {
    let text = 'server: { port: 4001 }';
    const load = (version: number) => parseConfigText(text, { source: 'x', env: {}, version, now: 0 });
    const holder = new SnapshotHolder(loadConfig(undefined, { env: {}, version: 1, now: 0 }), load);

    expect(holder.reload()).toMatchObject({ ok: true });
    expect(holder.current().server.port).toBe(4001);
    expect(holder.current().version).toBe(2);

    text = 'server: { port: nope }';
    const outcome = holder.reload();
    expect(outcome.ok).toBe(false);
    expect(outcome.ok === false && outcome.problems[0]).toMatch(/^server\.port: /);
    expect(holder.current().server.port).toBe(4001);
  });
});
