import type { ChatRequest, ResponseFormat, ToolChoice, ToolDefinition } from '../../core/chat-request.js';
import type { Warning } from '../../core/warning.js';
import type { EncodedRequest, EncodeTarget } from '../dialect.js';
import { addUnsupportedWarning } from '../_shared/add-unsupported-warning.js';
import { encodeGeminiContents } from './encode-gemini-contents.js';
import { encodeGeminiModelMethod } from './encode-gemini-model-method.js';
import { encodeGeminiThinkingConfig } from './encode-gemini-thinking-config.js';
import { readGeminiGeneration } from './read-gemini-generation.js';
import { setIfDefined } from '../_shared/set-if-defined.js';

/**
 * Canonical request -> `generateContent` body for one deployment (Gemini API and Vertex
 * AI take the same body; the model and the stream choice live in the URL, so `path` is
 * `/models/<model>:generateContent` or `:streamGenerateContent?alt=sse`).
 *
 * Schemas go out as JSON Schema, untranslated: `parametersJsonSchema` for functions and
 * `responseJsonSchema` for structured output, which both APIs accept today, instead of the
 * older OpenAPI-subset `parameters` / `responseSchema` that reject much of JSON Schema.
 * https://ai.google.dev/api/caching#FunctionDeclaration
 *
 * What Gemini has no field for (`user`, `metadata`, `parallelToolCalls: false`, strict
 * tools, another dialect's passthrough fields) becomes a warning.
 */
export function encodeGeminiRequest(request: ChatRequest, target: EncodeTarget): EncodedRequest {
  const warnings: Warning[] = [];
  const generation = readGeminiGeneration(target.model);
  const placeholderSignatures = generation === undefined || generation >= 3;
  const { contents, systemInstruction } = encodeGeminiContents(request.messages, { placeholderSignatures }, warnings);
  const body: Record<string, unknown> = { contents };
  if (systemInstruction) body.systemInstruction = systemInstruction;
  if (request.tools && request.tools.length > 0) {
    body.tools = [{ functionDeclarations: request.tools.map((tool) => encodeTool(tool, warnings)) }];
  }
  if (request.toolChoice) body.toolConfig = { functionCallingConfig: encodeToolChoice(request.toolChoice) };
  if (request.parallelToolCalls === false) {
    addUnsupportedWarning(warnings, 'parallelToolCalls', 'Gemini cannot forbid parallel function calls');
  }
  const generationConfig = encodeGenerationConfig(request, generation, warnings);
  if (Object.keys(generationConfig).length > 0) body.generationConfig = generationConfig;
  if (request.user !== undefined) addUnsupportedWarning(warnings, 'user', 'Gemini has no end-user id field');
  if (request.metadata !== undefined) addUnsupportedWarning(warnings, 'metadata', 'Gemini has no request metadata field');
  restorePassthrough(request, body, warnings);
  return { path: `/models/${encodeGeminiModelMethod(target.model, request.stream)}`, body, warnings };
}

function encodeGenerationConfig(request: ChatRequest, generation: number | undefined, warnings: Warning[]): Record<string, unknown> {
  const sampling = request.sampling;
  const config: Record<string, unknown> = {};
  setIfDefined(config, 'temperature', sampling.temperature);
  setIfDefined(config, 'topP', sampling.topP);
  setIfDefined(config, 'maxOutputTokens', sampling.maxOutputTokens);
  setIfDefined(config, 'stopSequences', sampling.stop);
  setIfDefined(config, 'seed', sampling.seed);
  setIfDefined(config, 'presencePenalty', sampling.presencePenalty);
  setIfDefined(config, 'frequencyPenalty', sampling.frequencyPenalty);
  setIfDefined(config, 'candidateCount', sampling.choiceCount);
  if (request.responseFormat) Object.assign(config, encodeResponseFormat(request.responseFormat));
  if (request.reasoningEffort !== undefined) {
    const thinkingConfig = encodeGeminiThinkingConfig(request.reasoningEffort, generation, warnings);
    if (thinkingConfig) config.thinkingConfig = thinkingConfig;
  }
  return config;
}

function encodeTool(tool: ToolDefinition, warnings: Warning[]): Record<string, unknown> {
  const declaration: Record<string, unknown> = { name: tool.name };
  if (tool.description !== undefined) declaration.description = tool.description;
  // A function without parameters leaves the schema unset, as Google documents.
  if (Object.keys(tool.parameters).length > 0) declaration.parametersJsonSchema = tool.parameters;
  if (tool.strict) addUnsupportedWarning(warnings, 'tools.strict', 'Gemini has no strict flag for function schemas');
  return declaration;
}

/** https://ai.google.dev/gemini-api/docs/function-calling#function_calling_modes */
function encodeToolChoice(choice: ToolChoice): Record<string, unknown> {
  switch (choice.type) {
    case 'auto':
      return { mode: 'AUTO' };
    case 'none':
      return { mode: 'NONE' };
    case 'required':
      return { mode: 'ANY' };
    case 'tool':
      return { mode: 'ANY', allowedFunctionNames: [choice.toolName] };
  }
}

function encodeResponseFormat(format: ResponseFormat): Record<string, unknown> {
  if (format.type === 'text') return {};
  if (format.type === 'json-object') return { responseMimeType: 'application/json' };
  return { responseMimeType: 'application/json', responseJsonSchema: format.schema };
}

/** A `gemini` passthrough (a Gemini-speaking caller) is restored; modelled fields win. */
function restorePassthrough(request: ChatRequest, body: Record<string, unknown>, warnings: Warning[]): void {
  const passthrough = request.passthrough;
  if (!passthrough) return;
  if (passthrough.dialect !== 'gemini') {
    for (const key of Object.keys(passthrough.fields)) {
      addUnsupportedWarning(warnings, key, `${passthrough.dialect} field has no gemini equivalent`);
    }
    return;
  }
  for (const [key, value] of Object.entries(passthrough.fields)) if (!(key in body)) body[key] = value;
}

