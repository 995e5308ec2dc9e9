/** Who is calling, as the authenticate stage established it. */
export interface Principal {
  /** The key's id for logs and limits; `master` for the master key; undefined when auth is off. */
  keyId: string | undefined;
  /** `admin` may call the admin API. */
  role: 'admin' | 'user';
}
