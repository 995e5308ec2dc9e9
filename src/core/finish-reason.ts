/**
 * Why the model stopped, normalized across providers. `raw` keeps the provider's own
 * word so nothing is lost when the unified value is coarser.
 */
export interface FinishReason {
  unified: 'stop' | 'length' | 'tool-calls' | 'content-filter' | 'error' | 'other';
  raw?: string;
}
