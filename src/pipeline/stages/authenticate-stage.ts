import { authenticateRequest } from '../../auth/index.js';
import type { Stage } from '../gateway-context.js';

/** Establishes the caller (writes `principal`). */
export const authenticateStage: Stage = {
  name: 'authenticate',
  run(context, next) {
    context.principal = authenticateRequest(context.headers, context.snapshot.masterKey);
    return next();
  },
};
