export { ConfigError } from './config-error.js';
export type { ConfigSnapshot, ModelRoute, PriceOverride, ProviderConnection, RequestLogSettings, ServerSettings, Target } from './config-snapshot.js';
export { DEFAULTS_SOURCE, findConfigFile, loadConfig, parseConfigText } from './load-config.js';
export { isProviderType, OPENAI_COMPATIBLE_VENDORS, PROVIDER_TYPES } from './provider-types.js';
export type { ProviderType } from './provider-types.js';
export { SnapshotHolder } from './snapshot-holder.js';
export type { ReloadOutcome } from './snapshot-holder.js';
export { applyServerOverrides, isLoopbackHost } from './apply-server-overrides.js';
export type { ServerOverrides } from './apply-server-overrides.js';
