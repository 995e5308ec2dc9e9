import { GatewayError } from '../core/errors.js';
import type { RequestLogQuery } from '../storage/ports.js';

const MAX_LIMIT = 1000;

function parseTime(name: string, value: string | null): number | undefined {
  if (value === null || value === '') return undefined;
  const asNumber = Number(value);
  const time = /^\d+$/.test(value) ? asNumber : Date.parse(value);
  if (!Number.isFinite(time)) throw new GatewayError('GW_INVALID_REQUEST', `${name}: expected an ISO 8601 time or epoch milliseconds`, { param: name });
  return time;
}

/** `GET /admin/logs` query parameters, validated: `limit`, `key_id`, `model`, `status`, `from`, `to`. */
export function parseLogQuery(params: URLSearchParams): RequestLogQuery {
  const limitText = params.get('limit');
  const limit = limitText === null ? 100 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new GatewayError('GW_INVALID_REQUEST', `limit: expected an integer from 1 to ${MAX_LIMIT}`, { param: 'limit' });
  }
  const query: RequestLogQuery = { limit };
  const keyId = params.get('key_id');
  if (keyId) query.keyId = keyId;
  const model = params.get('model');
  if (model) query.model = model;
  const status = params.get('status');
  if (status === 'success' || status === 'error') query.status = status;
  else if (status !== null && status !== '') {
    if (!/^\d{3}$/.test(status)) throw new GatewayError('GW_INVALID_REQUEST', 'status: expected an HTTP status, "success" or "error"', { param: 'status' });
    query.status = Number(status);
  }
  query.from = parseTime('from', params.get('from'));
  query.to = parseTime('to', params.get('to'));
  return query;
}
