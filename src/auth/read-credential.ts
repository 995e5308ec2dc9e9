type HeaderValue = string | string[] | undefined;

function first(value: HeaderValue): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The caller's key from `Authorization: Bearer <key>` or `x-api-key: <key>` (CONTRACT.md section 3). */
export function readCredential(headers: Readonly<Record<string, HeaderValue>>): string | undefined {
  const authorization = first(headers.authorization);
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match) return match[1];
  }
  const apiKey = first(headers['x-api-key'])?.trim();
  return apiKey === '' ? undefined : apiKey;
}
