import { setTimeout as sleep } from "node:timers/promises";
import { DetectLabelsCommand } from "@aws-sdk/client-rekognition";
import { describe, expect, it } from "vitest";
import { spawnEmulator } from "./support/emulator-process.ts";
import { childPids, HAS_PROCFS, isAlive, threadNices } from "./support/procfs.ts";
import { rekognitionClient } from "./support/rekognition.ts";

/** A JPEG signature with nothing after it: the gateway passes it on, the inference process cannot decode it. */
const TRUNCATED_JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00]);

describe.runIf(HAS_PROCFS)("the Rekognition inference process", () => {
  it("runs every thread 10 nice levels below the gateway, and ends when the emulator is killed", async () => {
    // An emulator of its own, to kill; the truncated image starts the process without loading models.
    const emulator = await spawnEmulator({ DARKROOM_PERSIST: "0" });
    const gateway = emulator.child.pid!;
    try {
      const rekognition = rekognitionClient(emulator.url);
      await expect(
        rekognition.send(new DetectLabelsCommand({ Image: { Bytes: TRUNCATED_JPEG } })),
      ).rejects.toMatchObject({ name: "InvalidImageFormatException" });
      const children = childPids(gateway);
      expect(children).toHaveLength(1);
      const inference = children[0]!;
      const [gatewayNice] = threadNices(gateway);
      const expected = Math.min(19, gatewayNice! + 10);
      expect(new Set(threadNices(inference))).toEqual(new Set([expected]));

      await emulator.kill();
      // It notices its parent is gone when the IPC channel closes; give it a few seconds to exit.
      for (let i = 0; i < 100 && isAlive(inference); i++) await sleep(100);
      expect(isAlive(inference)).toBe(false);
    } finally {
      await emulator.stop();
    }
  });
});
