/**
 * One prom-client child per label tuple, created once. `metric.labels({...})` builds and
 * validates a label object on every call; the request path looks children up by a joined
 * key instead.
 */
export class LabeledChildren<Child> {
  readonly #create: (values: string[]) => Child;
  readonly #children = new Map<string, Child>();

  /** `create` is usually `(values) => metric.labels(...values)`. */
  constructor(create: (values: string[]) => Child) {
    this.#create = create;
  }

  /** The child for these label values, in the metric's label-name order. */
  get(values: string[]): Child {
    // Our label values (paths, ids, model names) do not contain U+0001; a caller who puts
    // it in a model name can at worst have their requests counted under another tuple.
    const key = values.join('\u0001');
    let child = this.#children.get(key);
    if (child === undefined) {
      child = this.#create(values);
      this.#children.set(key, child);
    }
    return child;
  }

  /** Every child created so far. */
  all(): IterableIterator<Child> {
    return this.#children.values();
  }
}
