export { redactPii } from './redact-pii.js';
