import type { ContentPart } from './chat-request.js';
import type { FinishReason } from './finish-reason.js';
import type { Usage } from './usage.js';

/** One generated alternative. Content holds text, reasoning and tool-call parts in order. */
export interface ChatChoice {
  index: number;
  content: ContentPart[];
  finishReason: FinishReason;
}

/** The canonical complete (non-streamed) answer. */
export interface ChatResponse {
  /** The provider's response id, or one the gateway made when the provider gave none. */
  id: string;
  /** The model that answered, as the provider named it. */
  model: string;
  /** Epoch seconds, as OpenAI reports `created`. */
  createdAt: number;
  choices: ChatChoice[];
  usage?: Usage;
  /** OpenAI's `system_fingerprint` and similar opaque provider fields. */
  systemFingerprint?: string;
}
