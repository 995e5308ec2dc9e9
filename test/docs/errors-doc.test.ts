import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from '../../src/core/errors.js';

describe('docs/errors.md', () => {
  it('lists exactly the error catalogue', () => {
    const text = readFileSync(resolve(import.meta.dirname, '../../docs/errors.md'), 'utf8');
    const documented = [...text.matchAll(/^\| `(GW_[A-Z_]+)` \| (\d{3}) \| `([a-z_]+)` \| `([a-z_]+)` \| ([a-z_]+) \| (yes|no) \|$/gm)].map((match) => match.slice(1).join(' '));
    const catalogue = Object.entries(ERROR_CATALOGUE).map(([code, entry]) => `${code} ${entry.status} ${entry.type} ${entry.wireCode} ${entry.kind} ${entry.retryable ? 'yes' : 'no'}`);
    expect(documented).toEqual(catalogue);
  });
});
