import { describe, expect, it } from "vitest";
import { DueRunner } from "../src/state/due-runner.ts";

interface Item {
  id: string;
  notBefore: number;
}

describe("DueRunner", () => {
  it("keeps an item whose run throws, reports each fault, backs off, and runs it again", async () => {
    const queue = new Map<string, Item>([["a", { id: "a", notBefore: 0 }]]);
    const faults: string[] = [];
    let calls = 0;
    const done = new Promise<void>((resolve) => {
      const runner = new DueRunner(
        () => queue.values(),
        4,
        async (item) => {
          calls += 1;
          // The owner's bookkeeping fails twice (say, the store cannot flush), then works.
          if (calls <= 2) throw new Error(`flush failed ${calls}`);
          queue.delete(item.id);
          runner.stop();
          resolve();
        },
        (item, error) => faults.push(`${item.id}: ${(error as Error).message}`),
      );
      runner.kick();
    });
    await done;
    // Three runs, not a spin: each fault made the item wait before the next try.
    expect(calls).toBe(3);
    expect(faults).toEqual(["a: flush failed 1", "a: flush failed 2"]);
    expect(queue.size).toBe(0);
  });

  it("runs other due items while a faulted one waits", async () => {
    const queue = new Map<string, Item>([
      ["bad", { id: "bad", notBefore: 0 }],
      ["good", { id: "good", notBefore: 0 }],
    ]);
    const ran: string[] = [];
    const runner = new DueRunner(
      () => queue.values(),
      1,
      async (item) => {
        ran.push(item.id);
        if (item.id === "bad") throw new Error("broken");
        queue.delete(item.id);
      },
      () => {},
    );
    runner.kick();
    await new Promise((resolve) => setTimeout(resolve, 100));
    runner.stop();
    // The good item ran right after the fault, not behind the faulted one's wait.
    expect(ran.slice(0, 2)).toEqual(["bad", "good"]);
    expect(queue.has("bad")).toBe(true);
  });
});
