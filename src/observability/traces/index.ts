export { buildRequestSpans, genAiSystem } from './build-request-spans.js';
export type { SpanSetting } from './build-request-spans.js';
export { OtlpRequestTracer } from './otlp-request-tracer.js';
export type { OtlpRequestTracerOptions } from './otlp-request-tracer.js';
