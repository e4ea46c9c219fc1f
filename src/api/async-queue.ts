/**
 * A push-to-pull bridge: producers `push`, a `for await` consumer pulls. Used to turn bus callbacks
 * into the AsyncIterator that graphql-ws subscriptions consume. Bounded: a consumer that falls
 * more than `limit` items behind is ended with an error rather than growing memory without end.
 */
export class AsyncQueue<T> implements AsyncIterableIterator<T> {
  private readonly items: T[] = [];
  private readonly waiting: Array<(r: IteratorResult<T>) => void> = [];
  private failure: Error | null = null;
  private done = false;

  constructor(
    private readonly onClose: () => void = () => {},
    private readonly limit = 100_000,
  ) {}

  push(item: T): void {
    if (this.done) return;
    const waiter = this.waiting.shift();
    if (waiter) waiter({ value: item, done: false });
    else if (this.items.length >= this.limit) this.fail(new Error('subscriber too slow: event buffer full'));
    else this.items.push(item);
  }

  fail(error: Error): void {
    this.failure = error;
    this.finish();
  }

  next(): Promise<IteratorResult<T>> {
    const item = this.items.shift();
    if (item !== undefined) return Promise.resolve({ value: item, done: false });
    if (this.failure) return Promise.reject(this.failure);
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  return(): Promise<IteratorResult<T>> {
    this.finish();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<T>> {
    this.finish();
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    for (const w of this.waiting.splice(0)) w({ value: undefined, done: true });
    this.onClose();
  }
}
