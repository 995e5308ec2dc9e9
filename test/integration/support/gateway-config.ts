export const MASTER_KEY = 'sk-test-master';

/** A config with one OpenAI-compatible upstream on loopback and the mock provider. */
export function passthroughConfig(upstreamUrl: string, extra = ''): string {
  return `
auth: { master_key: ${MASTER_KEY} }
storage: { database: "sqlite:./data/switchyard.db" }
request_log: { flush_interval_ms: 20 }
server: { drain_timeout_ms: 10000, max_body_bytes: 4096 }
providers:
  up: { type: openai-compatible, base_url: "${upstreamUrl}/v1", api_key: "sk-upstream-key" }
  demo: { type: mock }
models:
  gpt:
    targets: [{ provider: up, model: up-model, input_cost_per_mtok: 2, output_cost_per_mtok: 10 }]
  failing: { retries: 0, targets: [{ provider: up, model: fail-500 }] }
  limited: { retries: 0, targets: [{ provider: up, model: fail-429-retry-7 }] }
  bad-request: { targets: [{ provider: up, model: fail-400 }] }
  slow: { targets: [{ provider: up, model: slow-stream }] }
  hang: { targets: [{ provider: up, model: hang }] }
  embed: { targets: [{ provider: up, model: embed-model }] }
  demo: { targets: [{ provider: demo, model: mock-echo }] }
${extra}`;
}
