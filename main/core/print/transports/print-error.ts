/**
 * A failed print attempt, with the sentence staff see ("printer offline", "out of paper") and
 * whether trying again later can help: an offline printer may come back, an unknown template not.
 */
export class PrintError extends Error {
  readonly retryable: boolean;
  constructor(reason: string, retryable: boolean) {
    super(reason);
    this.name = 'PrintError';
    this.retryable = retryable;
  }
}
