import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * A credential. Its value is reachable only through `reveal()`, so it cannot leak into
 * logs, JSON or error messages by accident: printing, inspecting or serializing it gives
 * `[redacted]`.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The raw value; call it only where the credential is put on the wire. */
  reveal(): string {
    return this.#value;
  }

  /** True when the secret holds no value (an unset environment variable). */
  isEmpty(): boolean {
    return this.#value.length === 0;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
