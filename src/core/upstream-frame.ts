/**
 * One unit of a streamed upstream body after framing: an SSE event (`event` and the
 * joined `data` lines) or one JSON line. `raw` is the exact text of the frame as it
 * arrived, separator included, so a passthrough can forward it byte for byte.
 */
export interface UpstreamFrame {
  event?: string;
  data: string;
  id?: string;
  raw: string;
}

/**
 * How a streamed upstream body is framed: server-sent events (most providers) or AWS's
 * binary event stream (Bedrock). The dialect names it; the transport picks the parser.
 */
export type StreamFraming = 'sse' | 'aws-event-stream';
