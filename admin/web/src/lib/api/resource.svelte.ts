/**
 * What a page shows from one request: the data once it came, or the error, and `load()` to ask
 * (again). A page renders `error`, then "loading" while `data` is null, then the data.
 */
export class Resource<T> {
  data = $state<T | null>(null);
  error = $state<unknown>(null);
  readonly #fetch: () => Promise<T>;

  constructor(fetch: () => Promise<T>) {
    this.#fetch = fetch;
  }

  load = async (): Promise<void> => {
    this.error = null;
    try {
      this.data = await this.#fetch();
    } catch (cause) {
      this.error = cause;
    }
  };
}
