import type { INestApplication } from "@nestjs/common";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAdminApp } from "../src/app/create-app.ts";
import { alarmNamed } from "./support/alarm-fakes.ts";
import { fakeContext, TOKEN } from "./support/context.ts";

const auth = { authorization: `Bearer ${TOKEN}` };

/** `GET /api/alarms/series` over HTTP, on fake repositories: its query's limits and its answer's shape. */
describe("GET /api/alarms/series", () => {
  let app: INestApplication;
  let url: string;
  const { context, repositories } = fakeContext();
  const settings = {
    ...context.settings,
    jobs: { ...context.settings.jobs, alarmPollMs: 0, alertPollMs: 0, reconcileMs: 0 },
  };

  beforeAll(async () => {
    repositories.alarms.add(
      alarmNamed("darkroom-log-errors", { period: 60 }),
      alarmNamed("other-stack-errors"),
    );
    app = await createAdminApp({ ...context, settings }, { logs: false });
    await app.listen(0, "127.0.0.1");
    url = await app.getUrl();
  });
  afterAll(() => app?.close());

  it("answers one series per alarm of the stack over the last 3 hours by default", async () => {
    const response = await fetch(`${url}/api/alarms/series`, { headers: auth });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { from: string; to: string; items: { alarmName: string }[] };
    expect(body.items).toEqual([
      expect.objectContaining({
        alarmName: "darkroom-log-errors",
        threshold: 5,
        stat: "Sum",
        period: 60,
        points: [],
      }),
    ]);
    const span = Date.parse(body.to) - Date.parse(body.from);
    expect(span).toBeGreaterThanOrEqual(3 * 3_600_000);
    expect(span).toBeLessThan(3 * 3_600_000 + 60_000);
  });

  it("refuses hours outside 1..24 with a 400 naming the field, and needs the token", async () => {
    for (const hours of ["0", "25", "two"]) {
      const response = await fetch(`${url}/api/alarms/series?hours=${hours}`, { headers: auth });
      expect(response.status, hours).toBe(400);
      expect(await response.json()).toMatchObject({ error: "BadRequest", field: "hours" });
    }
    expect((await fetch(`${url}/api/alarms/series`)).status).toBe(401);
  });
});
