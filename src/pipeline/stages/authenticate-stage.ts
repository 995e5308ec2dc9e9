import { readCredential } from '../../auth/index.js';
import type { Principal } from '../../auth/index.js';
import type { ConfigSnapshot } from '../../config/index.js';
import type { Stage } from '../gateway-context.js';
import { decidePayloadCapture } from './payload-capture.js';

/** Establishes callers: the master key, virtual keys, JWTs (auth/CallerAuthenticator). */
export interface Authenticator {
  /** The caller, or a 401/403 GatewayError; synchronous when nothing needs to be looked up. */
  authenticate(credential: string | undefined, clientIp: string | undefined, snapshot: ConfigSnapshot): Principal | Promise<Principal>;
}

/** Establishes the caller (writes `principal`). */
export function createAuthenticateStage(authenticator: Authenticator): Stage {
  return {
    name: 'authenticate',
    run(context, next) {
      const principal = authenticator.authenticate(readCredential(context.headers), context.clientIp, context.snapshot);
      if (principal instanceof Promise) {
        return principal.then((resolved) => {
          context.principal = resolved;
          context.capturePayload = decidePayloadCapture(context.snapshot, resolved);
          return next();
        });
      }
      context.principal = principal;
      context.capturePayload = decidePayloadCapture(context.snapshot, principal);
      return next();
    },
  };
}
