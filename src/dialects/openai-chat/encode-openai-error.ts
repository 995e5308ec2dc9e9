import { encodeOpenAIErrorEnvelope } from '../_shared/encode-openai-error-envelope.js';

/** OpenAI's error envelope (CONTRACT.md section 3): for error answers and in-stream error events. */
export const encodeOpenAIError = encodeOpenAIErrorEnvelope;
