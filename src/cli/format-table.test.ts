import { describe, expect, it } from 'vitest';
import { describeLimits } from './describe-limits.js';
import { formatRecord } from './format-record.js';
import { formatTable } from './format-table.js';
import { formatTime, formatValue } from './format-value.js';

describe('formatTable', () => {
  const columns = [
    { header: 'ID', cell: (row: { id: string; name: string }) => row.id },
    { header: 'NAME', cell: (row: { id: string; name: string }) => row.name },
  ];

  it('aligns columns two spaces apart without trailing spaces', () => {
    expect(formatTable(columns, [{ id: 'key_1', name: 'ci' }, { id: 'k2', name: 'a longer name' }])).toBe(
      ['ID     NAME', 'key_1  ci', 'k2     a longer name', ''].join('\n'),
    );
  });

  it('prints only the header for no rows', () => {
    expect(formatTable(columns, [])).toBe('ID  NAME\n');
  });

  it('neutralizes terminal control characters in cells', () => {
    expect(formatTable(columns, [{ id: 'x', name: 'evil\u001b[2Jname\nnext' }])).toBe('ID  NAME\nx   evil?[2Jname?next\n');
  });
});

describe('formatValue and formatTime', () => {
  it('shows nothing as "-" and lists comma-joined', () => {
    expect([null, undefined, '', [], {}].map(formatValue)).toEqual(['-', '-', '-', '-', '-']);
    expect(formatValue(['a', 'b'])).toBe('a,b');
    expect(formatValue({ owner: 'ci' })).toBe('{"owner":"ci"}');
    expect(formatValue(0)).toBe('0');
  });

  it('prints times to the second in UTC', () => {
    expect(formatTime('2026-12-31T18:00:00.000Z')).toBe('2026-12-31T18:00:00Z');
    expect(formatTime(Date.UTC(2026, 0, 2))).toBe('2026-01-02T00:00:00Z');
    expect(formatTime(null)).toBe('-');
    expect(formatTime('soon')).toBe('soon');
  });
});

describe('describeLimits', () => {
  it('summarizes the limits that are set', () => {
    expect(describeLimits({ rpm_limit: 60, tpm_limit: null, max_parallel: 2, budget_usd: 12.5, budget_period: 'monthly', models: ['gpt-4o', 'claude/*'], allowed_regions: [], metadata: { a: 1 } })).toBe(
      'rpm=60 parallel=2 budget=$12.5/monthly models=gpt-4o,claude/*',
    );
    expect(describeLimits({ rpm_limit: null, models: null, metadata: {} })).toBe('-');
  });
});

describe('formatRecord', () => {
  it('lists fields in order, aligned, without object and omitted ones', () => {
    expect(formatRecord({ object: 'key', id: 'key_1', key: 'sk-secret', rpm_limit: null, created_at: '2026-01-01T00:00:00.000Z' }, ['key'])).toBe(
      ['id          key_1', 'rpm_limit   -', 'created_at  2026-01-01T00:00:00Z', ''].join('\n'),
    );
  });
});
