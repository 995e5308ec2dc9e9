/** The id a stored Responses turn answers with: derived from the request id, so the server can name it too. */
export function responseIdFor(requestId: string): string {
  return `resp_${requestId.replace(/^req_/, '')}`;
}
