/**
 * The scenarios every provider runs over its recorded fixtures (STYLE.md 7.6). A provider
 * either passes a scenario or declares it unsupported, with the reason, in its
 * `<type>.scenarios.test.ts`; docs/providers.md is generated from those test results.
 */
export const SCENARIO_NAMES = [
  'text',
  'text-stream',
  'system-prompt',
  'multi-turn',
  'tool-call',
  'tool-call-stream',
  'parallel-tool-calls',
  'tool-result-roundtrip',
  'image-input',
  'json-schema',
  'max-tokens',
  'content-filter',
  'usage-cached-tokens',
  'reasoning',
  'error-400',
  'error-401',
  'error-429-retry-after',
  'error-overloaded',
  'stream-error-before-output',
  'stream-error-mid-stream',
] as const;

export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/**
 * Test title for a scenario, parsed by scripts/generate-provider-matrix.mjs:
 * `describe('<provider type>')` › `it('scenario: <name>')`, or for a scenario the
 * provider cannot serve `it('scenario: <name> (unsupported: <reason>)')`, whose test
 * proves the gateway answers it with a clear error or warning.
 */
export function scenarioTitle(name: ScenarioName, unsupportedReason?: string): string {
  return unsupportedReason ? `scenario: ${name} (unsupported: ${unsupportedReason})` : `scenario: ${name}`;
}
