const GENERATION = /(?:^|\/)gemini-(\d+)(?:[.-]|$)/i;

/**
 * The major version of a Gemini model name (`gemini-2.5-flash` -> 2, `gemini-3-pro-preview`
 * -> 3, `publishers/google/models/gemini-3.1-flash` -> 3), or `undefined` for names that
 * do not say (`gemini-flash-latest`, tuned models, endpoints). Callers treat `undefined`
 * as the current generation: aliases point at the newest models.
 */
export function readGeminiGeneration(model: string): number | undefined {
  const match = GENERATION.exec(model);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
