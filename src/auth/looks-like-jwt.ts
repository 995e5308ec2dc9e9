/** Three base64url segments: a JWS compact serialization (the last may be empty). */
const JWT_PATTERN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Whether a credential has a JWT's shape; checked before loading the verifier (and jose). */
export function looksLikeJwt(credential: string): boolean {
  return JWT_PATTERN.test(credential);
}
