import type { ProviderConnection } from '../../config/index.js';
import type { ProviderAdapter } from '../../providers/index.js';
import type { RequestSigner } from '../../upstream/credentials/request-signer.js';

// One signer per connection (it caches tokens and signing keys); a reload brings new
// connection objects and so fresh signers.
const signers = new WeakMap<ProviderConnection, RequestSigner>();

/** The connection's signer, or undefined when its static headers carry the credentials. */
export function resolveRequestSigner(adapter: ProviderAdapter, connection: ProviderConnection): RequestSigner | undefined {
  if (!adapter.createSigner) return undefined;
  let signer = signers.get(connection);
  if (!signer) {
    signer = adapter.createSigner(connection);
    signers.set(connection, signer);
  }
  return signer;
}
