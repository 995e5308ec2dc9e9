/** An encoded provider request, exactly as it will be sent: what a signature covers. */
export interface SignableRequest {
  method: 'GET' | 'POST';
  url: string;
  /** Lower-cased names; content-type included. */
  headers: Readonly<Record<string, string>>;
  body: string;
}

/**
 * Adds credentials that depend on the request or on a token fetched over the network
 * (AWS SigV4, Google service-account OAuth). Returns the complete header set to send.
 * Signers cache what they can (tokens until shortly before expiry); one per connection.
 */
export interface RequestSigner {
  sign(request: SignableRequest): Promise<Record<string, string>>;
}
