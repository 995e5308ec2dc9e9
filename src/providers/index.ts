export type { LocalCallOptions, LocalModel, Operation, ProviderAdapter, UpstreamEndpoint } from './provider.js';
export { createProviderRegistry } from './registry.js';
export type { ProviderRegistry } from './registry.js';
