export { bedrockConverseDialect } from './bedrock-converse-dialect.js';
export { encodeBedrockConverseRequest } from './encode-bedrock-converse-request.js';
export { decodeBedrockConverseResponse } from './decode-bedrock-converse-response.js';
export { createBedrockConverseStreamDecoder } from './bedrock-converse-stream-decoder.js';
export { decodeBedrockError } from './decode-bedrock-error.js';
export { mapBedrockStopReason } from './map-bedrock-stop-reason.js';
export { mapBedrockErrorType, type BedrockErrorMapping } from './map-bedrock-error-type.js';
export { decodeBedrockUsage } from './decode-bedrock-usage.js';
