export { authenticateCaller, authenticateRequest } from './authenticate-caller.js';
export type { Principal } from './principal.js';
export { readCredential } from './read-credential.js';
