import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import { MAX_CONFLICT_ATTEMPTS, retryConflicts } from "../../src/dynamodb/label-writes.ts";

/** What DynamoDB answers when a transaction met others (or a failed condition) on its items. */
const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(", ")}]`,
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

/** A write that throws `errors` in turn, then answers "done"; the delays asked are recorded. */
function scripted(errors: Error[]) {
  let calls = 0;
  const delays: number[] = [];
  const write = async () => {
    const error = errors[calls++];
    if (error) throw error;
    return "done";
  };
  const delay = async (ms: number) => {
    delays.push(ms);
  };
  return { write, delay, delays, calls: () => calls };
}

// The emulator runs each transaction in one tick, so it never answers TransactionConflict: scripted here.
describe("retryConflicts", () => {
  it("writes again after a conflict with another transaction, waiting longer each time", async () => {
    const run = scripted([cancelled("None", "TransactionConflict"), cancelled("TransactionConflict")]);
    expect(await retryConflicts(run.write, run.delay)).toBe("done");
    expect(run.calls()).toBe(3);
    expect(run.delays).toHaveLength(2);
    expect(run.delays[1]!).toBeGreaterThanOrEqual(run.delays[0]!);
  });

  it("does not write again when a condition failed, or for other errors", async () => {
    for (const error of [
      cancelled("ConditionalCheckFailed", "TransactionConflict"),
      new Error("socket hang up"),
    ]) {
      const run = scripted([error]);
      await expect(retryConflicts(run.write, run.delay)).rejects.toBe(error);
      expect(run.calls()).toBe(1);
    }
  });

  it(`gives up after ${MAX_CONFLICT_ATTEMPTS} tries with the last conflict`, async () => {
    const errors = Array.from({ length: MAX_CONFLICT_ATTEMPTS }, () => cancelled("TransactionConflict"));
    const run = scripted(errors);
    await expect(retryConflicts(run.write, run.delay)).rejects.toBe(errors.at(-1));
    expect(run.calls()).toBe(MAX_CONFLICT_ATTEMPTS);
  });
});
