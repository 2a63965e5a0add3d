// A bounded single-consumer queue with an async iterator: the hand-off between
// a producer that must never block (a gRPC stream, a timer) and one consumer.
// When full, push refuses the item and the caller counts the drop.

export class AsyncQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private waiter: ((result: IteratorResult<T>) => void) | undefined;
  private closed = false;

  /** `onTake` hears each item as the consumer receives it (not when drained). */
  constructor(
    private readonly capacity: number,
    private readonly onTake?: (item: T) => void,
  ) {}

  get size(): number {
    return this.items.length;
  }

  /** False when the queue is full or closed: the item was not taken. */
  push(item: T): boolean {
    if (this.closed) return false;
    if (this.waiter) {
      const resolve = this.waiter;
      this.waiter = undefined;
      this.onTake?.(item);
      resolve({ value: item, done: false });
      return true;
    }
    if (this.items.length >= this.capacity) return false;
    this.items.push(item);
    return true;
  }

  /** Ends iteration once the queued items are consumed. */
  close(): void {
    this.closed = true;
    if (this.waiter) {
      const resolve = this.waiter;
      this.waiter = undefined;
      resolve({ value: undefined, done: true });
    }
  }

  /** Removes and returns the queued items without waiting. */
  drain(): T[] {
    return this.items.splice(0);
  }

  next(): Promise<IteratorResult<T>> {
    const item = this.items.shift();
    if (item !== undefined) {
      this.onTake?.(item);
      return Promise.resolve({ value: item, done: false });
    }
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => this.next(),
      return: async () => {
        this.close();
        return { value: undefined, done: true };
      },
    };
  }
}
