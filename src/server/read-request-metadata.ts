import type { IncomingMessage } from 'node:http';
import type { ServerSettings } from '../config/index.js';
import type { Warning } from '../core/warning.js';
import { clientIpOf } from './resolve-client-ip.js';

const TAG = /^[A-Za-z0-9_.:/=@-]{1,64}$/;
const MAX_TAGS = 20;
const TRACE_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

export interface RequestMetadata {
  tags: string[];
  traceId: string | undefined;
  clientIp: string | undefined;
}

/**
 * Caller-supplied labels, read defensively: headers are hostile. Tags that do not fit
 * the allowed shape are dropped with a warning rather than stored.
 */
export function readRequestMetadata(request: IncomingMessage, server: ServerSettings, warnings: Warning[]): RequestMetadata {
  const rawTags = request.headers['x-switchyard-tags'];
  const tags: string[] = [];
  let dropped = 0;
  if (typeof rawTags === 'string') {
    for (const candidate of rawTags.split(',')) {
      const tag = candidate.trim();
      if (tag === '') continue;
      if (TAG.test(tag) && tags.length < MAX_TAGS) {
        if (!tags.includes(tag)) tags.push(tag);
      } else dropped += 1;
    }
  }
  if (dropped > 0) {
    warnings.push({ type: 'other', message: `x-switchyard-tags: ${dropped} tag(s) dropped (1-64 chars of A-Z a-z 0-9 _ . : / = @ -, at most 20)` });
  }
  const rawTrace = request.headers['x-switchyard-trace-id'];
  const traceId = typeof rawTrace === 'string' && TRACE_ID.test(rawTrace) ? rawTrace : undefined;
  return { tags, traceId, clientIp: clientIpOf(request, server) };
}
