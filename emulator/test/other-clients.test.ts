import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { emulatorUrl, uniqueName } from "./support/clients.ts";
import { PYTHON, runClient } from "./support/other-clients.ts";
import { tempDir } from "./support/temp-dir.ts";

const PY_SCRIPT = fileURLToPath(new URL("./fixtures/python/s3_roundtrip.py", import.meta.url));

describe("clients Darkroom did not write", () => {
  it("boto3 (the AWS SDK for Python) puts, lists, uploads multipart and presigns", async () => {
    const r = await runClient(PYTHON, [PY_SCRIPT, emulatorUrl(), uniqueName("boto3")]);
    expect(r.code, `python3 exited ${r.code}\n${r.stdout}\n${r.stderr}`).toBe(0);
    const result = JSON.parse(r.stdout.trim().split("\n").pop()!) as {
      multipartETag: string;
      keys: number;
      account: string;
    };
    expect(result.multipartETag).toMatch(/^"[0-9a-f]{32}-3"$/);
    expect(result.keys).toBe(30);
    expect(result.account).toBe("000000000000");
  });

  it("the AWS CLI copies files in and out, lists and removes", async () => {
    const bucket = uniqueName("awscli");
    const dir = await tempDir("darkroom-cli-");
    const source = join(dir, "photo.bin");
    const back = join(dir, "back.bin");
    const data = randomBytes(9 * 1024 * 1024);
    writeFileSync(source, data);
    const aws = (...args: string[]) => runClient("aws", ["--endpoint-url", emulatorUrl(), ...args]);
    const steps = [
      await aws("s3", "mb", `s3://${bucket}`),
      await aws("s3", "cp", source, `s3://${bucket}/in/photo.bin`),
      await aws("s3", "cp", `s3://${bucket}/in/photo.bin`, back),
    ];
    for (const s of steps) expect(s.code, `${s.stdout}\n${s.stderr}`).toBe(0);
    expect(readFileSync(back).equals(data)).toBe(true);
    const ls = await aws("s3", "ls", `s3://${bucket}/in/`);
    expect(ls.stdout).toContain("photo.bin");
    const head = await aws("s3api", "head-object", "--bucket", bucket, "--key", "in/photo.bin");
    expect(JSON.parse(head.stdout)).toMatchObject({ ContentLength: data.length });
    expect((await aws("s3", "rm", "--recursive", `s3://${bucket}/`)).code).toBe(0);
    expect((await aws("s3", "rb", `s3://${bucket}`)).code).toBe(0);
  });
});
