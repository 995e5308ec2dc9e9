/**
 * The `<model>:<method>` tail of a generateContent URL: `:generateContent`, or
 * `:streamGenerateContent?alt=sse` for a stream (without `alt=sse` Google streams one
 * JSON array instead of server-sent events). The model is one path segment, escaped,
 * with `@` kept for versioned publisher models. A leading `models/` (the Gemini API's
 * resource name) is dropped, so `models/gemini-2.5-flash` and `gemini-2.5-flash` agree.
 */
export function encodeGeminiModelMethod(model: string, stream: boolean): string {
  const name = model.startsWith('models/') ? model.slice('models/'.length) : model;
  const segment = encodeURIComponent(name).replace(/%40/g, '@');
  return `${segment}:${stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}`;
}
