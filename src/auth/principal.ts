/** Who is calling, as the authenticate stage established it. */
export interface Principal {
  /** The key's id for logs and limits; `master` for the master key; undefined when auth is off. */
  keyId: string | undefined;
  /** `admin` may call the admin API. */
  role: 'admin' | 'user';
  /** The team and user the key belongs to (virtual keys, JWT claims); undefined for the master key. */
  teamId?: string | undefined;
  userId?: string | undefined;
  /**
   * Regions the caller's requests may be served from (data residency), the intersection
   * of the key's and the team's lists; undefined: any region.
   */
  allowedRegions?: readonly string[] | undefined;
}
