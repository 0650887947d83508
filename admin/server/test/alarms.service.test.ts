import { BadRequestException, ForbiddenException, NotFoundException } from "@nestjs/common";
import { describe, expect, it } from "vitest";
import { AlarmsService } from "../src/alarms/alarms.service.ts";
import { loadAdminSettings } from "../src/settings/admin-settings.ts";
import { alarmNamed, FakeAlarms, stateUpdate } from "./support/alarm-fakes.ts";
import { STACK, TOKEN } from "./support/context.ts";
import { FakeMetricData } from "./support/observability-fakes.ts";

function world(target: "local" | "localstack" | "aws" = "local") {
  const alarms = new FakeAlarms();
  const settings = loadAdminSettings({ DARKROOM_ADMIN_TOKEN: TOKEN, DARKROOM_TARGET: target });
  return { alarms, service: new AlarmsService(alarms, STACK, settings, new FakeMetricData()) };
}

describe("AlarmsService", () => {
  it("lists the stack's alarms (its prefix only) with their state, threshold, metric and alert topics", async () => {
    const { alarms, service } = world();
    alarms.add(
      alarmNamed("darkroom-low-success-rate", {
        state: "ALARM",
        metric: null,
        metrics: [
          {
            id: "result",
            expression: "100 * FILL(success, 0) / finished",
            label: "Success rate (%)",
            returnData: true,
            metric: null,
          },
        ],
      }),
      alarmNamed("darkroom-log-errors", {
        actions: {
          alarm: ["arn:aws:sns:us-east-1:000000000000:darkroom-log-alerts"],
          ok: ["arn:aws:sns:us-east-1:000000000000:someone-elses-topic"],
          insufficientData: [],
        },
      }),
      alarmNamed("other-stack-errors"),
    );
    const list = await service.list();
    expect(list.prefix).toBe("darkroom-");
    expect(list.items.map((a) => [a.name, a.state, a.topics])).toEqual([
      ["darkroom-log-errors", "OK", ["log"]],
      ["darkroom-low-success-rate", "ALARM", ["critical"]],
    ]);
    expect(list.items[1]).toMatchObject({
      metric: null,
      metrics: [{ expression: "100 * FILL(success, 0) / finished" }],
    });
    expect(list.items[0]).toMatchObject({
      threshold: 5,
      comparison: "GreaterThanOrEqualToThreshold",
      metric: { namespace: "AWS/Lambda", name: "Errors", dimensions: { FunctionName: "darkroom-processor" } },
    });
  });

  it("pages through one alarm's history with its own cursors, reading each state change", async () => {
    const { alarms, service } = world();
    alarms.add(alarmNamed("darkroom-log-errors"), alarmNamed("darkroom-throttles"));
    const times = Array.from({ length: 5 }, (_, i) => new Date(Date.UTC(2025, 2, 1, 10, i)).toISOString());
    for (const [i, at] of times.entries()) {
      const [from, to] = i % 2 ? (["ALARM", "OK"] as const) : (["OK", "ALARM"] as const);
      alarms.entries.push(stateUpdate("darkroom-log-errors", from, to, at));
    }
    alarms.entries.push(stateUpdate("darkroom-throttles", "OK", "ALARM", times[2]!));
    alarms.entries.push({
      alarmName: "darkroom-log-errors",
      timestamp: times[0]!,
      type: "ConfigurationUpdate",
      summary: "Alarm created",
      data: null,
    });

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await service.history("darkroom-log-errors", { limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(
        ...page.items.map((item) => `${item.timestamp} ${item.type} ${item.transition?.state ?? "-"}`),
      );
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([
      `${times[4]} StateUpdate ALARM`,
      `${times[3]} StateUpdate OK`,
      `${times[2]} StateUpdate ALARM`,
      `${times[1]} StateUpdate OK`,
      `${times[0]} StateUpdate ALARM`,
      `${times[0]} ConfigurationUpdate -`,
    ]);
    const first = await service.history("darkroom-log-errors", { limit: 1 });
    expect(first.items[0]?.transition).toEqual({
      alarmName: "darkroom-log-errors",
      state: "ALARM",
      previousState: "OK",
      reason: "went ALARM",
      at: times[4],
    });
    // A cursor of one alarm does not page another's history.
    await expect(
      service.history("darkroom-throttles", { limit: 1, cursor: first.nextCursor! }),
    ).rejects.toThrow(BadRequestException);
    await expect(
      service.history("darkroom-throttles", { limit: 1, cursor: "bm90LWEtY3Vyc29y" }),
    ).rejects.toThrow(BadRequestException);
  });

  it("answers 404 for alarms outside the stack's prefix and for alarms that do not exist", async () => {
    const { alarms, service } = world();
    alarms.add(alarmNamed("other-stack-errors"), alarmNamed("darkroom-log-errors"));
    await expect(service.history("other-stack-errors", { limit: 5 })).rejects.toThrow(NotFoundException);
    await expect(service.history("darkroom-", { limit: 5 })).rejects.toThrow(NotFoundException);
    await expect(service.history("darkroom-log", { limit: 5 })).rejects.toThrow(NotFoundException);
    await expect(service.setState("other-stack-errors", { state: "ALARM", reason: "drill" })).rejects.toThrow(
      NotFoundException,
    );
    await expect(service.setState("darkroom-nope", { state: "ALARM", reason: "drill" })).rejects.toThrow(
      NotFoundException,
    );
    expect(alarms.alarms.get("other-stack-errors")?.state).toBe("OK");
  });

  it("sets an alarm's state for a drill on local and localstack, recording the change", async () => {
    for (const target of ["local", "localstack"] as const) {
      const { alarms, service } = world(target);
      alarms.add(alarmNamed("darkroom-log-errors"));
      const set = await service.setState("darkroom-log-errors", {
        state: "ALARM",
        reason: "drill: paging works",
      });
      expect(set).toMatchObject({
        name: "darkroom-log-errors",
        state: "ALARM",
        reason: "drill: paging works",
      });
      expect(alarms.alarms.get("darkroom-log-errors")).toMatchObject({
        state: "ALARM",
        reason: "drill: paging works",
      });
      const history = await service.history("darkroom-log-errors", { limit: 10 });
      expect(history.items.map((i) => i.transition?.state)).toEqual(["ALARM"]);
    }
  });

  it("refuses to set a state on aws (403) and leaves the alarm alone", async () => {
    const { alarms, service } = world("aws");
    alarms.add(alarmNamed("darkroom-log-errors"));
    const refused = service.setState("darkroom-log-errors", { state: "ALARM", reason: "drill" });
    await expect(refused).rejects.toThrow(ForbiddenException);
    await expect(refused).rejects.toMatchObject({
      response: { error: "Forbidden", message: expect.stringContaining("local and localstack") },
    });
    expect(alarms.alarms.get("darkroom-log-errors")?.state).toBe("OK");
  });
});
