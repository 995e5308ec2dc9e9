import { describe, expect, it } from 'vitest';
import { circuitOpenAlert } from './circuit-open-alert.js';

describe('circuitOpenAlert', () => {
  it('alerts on opening only, about the deployment', () => {
    expect(circuitOpenAlert({ deployment: 'openai/gpt-4o', state: 'open' }, 7)).toMatchObject({ kind: 'circuit_open', severity: 'critical', subject: 'openai/gpt-4o', details: { deployment: 'openai/gpt-4o', state: 'open' }, at: 7 });
    expect(circuitOpenAlert({ deployment: 'openai/gpt-4o', state: 'half-open' }, 7)).toBeUndefined();
    expect(circuitOpenAlert({ deployment: 'openai/gpt-4o', state: 'closed' }, 7)).toBeUndefined();
  });
});
