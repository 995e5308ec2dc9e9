/**
 * What runs when no config file is found: the offline `mock` provider behind the model
 * name `mock`, so `npm start` answers immediately with nothing to set up.
 */
export const DEFAULT_CONFIG_DOCUMENT = {
  providers: { mock: { type: 'mock' } },
  models: { mock: { targets: [{ provider: 'mock', model: 'mock-echo' }] } },
} as const;
