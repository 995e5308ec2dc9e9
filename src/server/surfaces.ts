import { openaiChatSurface } from '../dialects/openai-chat/index.js';
import { responseIdFor } from '../pipeline/index.js';
import type { DataPlaneSurface } from './routes/data-plane-route.js';

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load();
    loading.catch(() => (loading = undefined));
    return loading;
  };
}

/** OpenAI's Chat Completions (and embeddings): loaded at startup, it is the hot path. */
export const OPENAI_CHAT: DataPlaneSurface = { surface: openaiChatSurface };

// The other APIs' codecs are imported with their first request, not at startup: most
// deployments speak one API, and each codec set costs memory (zod schemas).

/** Anthropic's Messages API. */
export const loadAnthropicMessages = once(async (): Promise<DataPlaneSurface> => {
  const { anthropicMessagesSurface } = await import('../dialects/anthropic-messages/index.js');
  return { surface: anthropicMessagesSurface };
});

/** OpenAI's Responses API: a stored turn answers with the id it is stored under; the echo repeats the request's settings. */
export const loadOpenAIResponses = once(async (): Promise<DataPlaneSurface> => {
  const { openaiResponsesSurface, readResponsesConversation, readResponsesEcho } = await import('../dialects/openai-responses/index.js');
  return {
    surface: openaiResponsesSurface,
    answerOptions: (context) => ({
      echo: readResponsesEcho(context.body),
      responseId: readResponsesConversation(context.body).store ? responseIdFor(context.requestId) : undefined,
    }),
  };
});
