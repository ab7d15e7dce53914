/** A refusal with its HTTP status: the routes' error handler sends it as {error: {code, message}}. */
export class CloudStoreError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
