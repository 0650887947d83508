import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { type RunningEmulator, startEmulator } from "../../../../emulator/src/index.ts";
import { deploy } from "../../../../infra/deploy/deploy.ts";
import type { StackOutputs } from "../../../../infra/deploy/stack-outputs.ts";
import { postToPresignedForm } from "../../../../lambdas/test/support/darkroom-api.ts";
import { waitFor } from "../../../../lambdas/test/support/wait-for.ts";
import { createdUploadSchema, type ImageDetail } from "../../src/images/images.dto.ts";
import { type RunningAdminServer, startAdminServer } from "../../src/server.ts";

const silent = { step: () => {}, info: () => {}, resource: () => {} };

/** The backend on an in-process emulator with the local stack deployed by the real terraform binary. */
export interface DeployedAdmin {
  emulator: RunningEmulator;
  outputs: StackOutputs;
  server: RunningAdminServer;
  /** A call to the backend with the token; the body parsed as JSON. */
  api<T>(path: string, init?: RequestInit): Promise<{ status: number; body: T }>;
  /** An upload through /api/uploads and the presigned POST it relays; answers the image id. */
  upload(name: string, bytes: Uint8Array, type: string): Promise<string>;
  /** The image's detail once its `attempts`-th run ended PROCESSED or FAILED. */
  settled(imageId: string, attempts?: number): Promise<ImageDetail>;
  stop(): Promise<void>;
}

export async function startDeployedAdmin(
  token: string,
  extraEnv: Record<string, string> = {},
): Promise<DeployedAdmin> {
  const emulator = await startEmulator({ port: 0, persist: false });
  const work = await mkdtemp(join(tmpdir(), "darkroom-admin-"));
  const env = {
    ...process.env,
    DARKROOM_PORT: String(emulator.port),
    DARKROOM_STATE_DIR: join(work, "state"),
    CDKTF_OUTDIR: join(work, "cdktf.out"),
  };
  const outputs = (await deploy({ target: "local", env, reporter: silent })).outputs;
  const server = await startAdminServer({
    env: { ...env, DARKROOM_ADMIN_TOKEN: token, DARKROOM_API_PORT: "0", ...extraEnv },
    outputs,
    logs: process.env.DARKROOM_TEST_LOGS === "1",
  });

  async function api<T>(path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
    const response = await fetch(`${server.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...init.headers },
    });
    return { status: response.status, body: (await response.json()) as T };
  }

  async function upload(name: string, bytes: Uint8Array, type: string): Promise<string> {
    const created = await api("/api/uploads", {
      method: "POST",
      body: JSON.stringify({ fileName: name, contentType: type, bytes: bytes.length }),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const form = createdUploadSchema.parse(created.body);
    const posted = await postToPresignedForm(form, { bytes, name, type });
    expect(posted.status, await posted.text()).toBe(204);
    return form.imageId;
  }

  const settled = (imageId: string, attempts = 1) =>
    waitFor(
      `image ${imageId} to be processed (attempt ${attempts})`,
      async () => {
        const { status, body } = await api<ImageDetail>(`/api/images/${imageId}`);
        const record = body.record;
        if (status !== 200 || record.attempts < attempts) return undefined;
        return record.status === "PROCESSED" || record.status === "FAILED" ? body : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 250 },
    );

  return {
    emulator,
    outputs,
    server,
    api,
    upload,
    settled,
    stop: async () => {
      await server.stop();
      await emulator.stop();
      await rm(work, { recursive: true, force: true });
    },
  };
}
