/** Vertex's RFC 3339 `createTime` -> epoch seconds; 0 (unknown, for the caller to fill) when absent or unreadable. */
export function decodeGeminiCreateTime(createTime: string | null | undefined): number {
  if (!createTime) return 0;
  const milliseconds = Date.parse(createTime);
  return Number.isNaN(milliseconds) ? 0 : Math.floor(milliseconds / 1000);
}
