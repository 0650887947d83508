/** A deploy that cannot go on; the message says what failed and what to do. */
export class DeployError extends Error {
  override name = "DeployError";
}
