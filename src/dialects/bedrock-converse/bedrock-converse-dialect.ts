import type { Dialect } from '../dialect.js';
import { createBedrockConverseStreamDecoder } from './bedrock-converse-stream-decoder.js';
import { decodeBedrockConverseResponse } from './decode-bedrock-converse-response.js';
import { decodeBedrockError } from './decode-bedrock-error.js';
import { encodeBedrockConverseRequest } from './encode-bedrock-converse-request.js';

/** Amazon Bedrock's Converse API used outbound; streams arrive as AWS event-stream frames. */
export const bedrockConverseDialect: Dialect = {
  id: 'bedrock-converse',
  streamFraming: 'aws-event-stream',
  encodeRequest: encodeBedrockConverseRequest,
  decodeResponse: decodeBedrockConverseResponse,
  createStreamDecoder: createBedrockConverseStreamDecoder,
  decodeError: decodeBedrockError,
};
