import type { AdminClient, AdminSchema } from "@darkroom/admin-client";

export type ImageDetail = AdminSchema<"ImageDetailDto_Output">;
export type ImageSummary = AdminSchema<"ImageListDto_Output">["items"][number];
export type Alarm = AdminSchema<"AlarmListDto_Output">["items"][number];
export type Alert = AdminSchema<"AlertListDto_Output">["items"][number];

/** The data of an admin API answer, or an error naming the request and the answer's status and body. */
async function data<T>(what: string, call: Promise<{ data?: T; error?: unknown; response: Response }>) {
  const { data: body, error, response } = await call;
  if (body === undefined) {
    throw new Error(`${what}: HTTP ${response.status} ${JSON.stringify(error)}`);
  }
  return body;
}

export function imageDetail(admin: AdminClient, imageId: string): Promise<ImageDetail> {
  return data(
    `GET /api/images/${imageId}`,
    admin.GET("/api/images/{imageId}", { params: { path: { imageId } } }),
  );
}

const FINAL = new Set(["PROCESSED", "FAILED"]);

/** Polls the image's detail until it is PROCESSED or FAILED (the console's own answer is checked in the page). */
export async function finalDetail(admin: AdminClient, imageId: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const detail = await imageDetail(admin, imageId);
    if (FINAL.has(detail.record.status)) return detail;
    if (Date.now() > deadline) {
      throw new Error(`${imageId} is still ${detail.record.status} after ${timeoutMs / 1000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Every image the gallery lists, newest first, through all of GET /api/images's pages. */
export async function allImages(admin: AdminClient): Promise<ImageSummary[]> {
  const images: ImageSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await data(
      "GET /api/images",
      admin.GET("/api/images", { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } } }),
    );
    images.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return images;
}

export async function alarms(admin: AdminClient): Promise<Alarm[]> {
  return (await data("GET /api/alarms", admin.GET("/api/alarms"))).items;
}

export type Transition = AdminSchema<"AlarmHistoryDto_Output">["items"][number];

/** An alarm's whole history of state changes, newest first. */
export async function alarmHistory(admin: AdminClient, name: string): Promise<Transition[]> {
  const items: Transition[] = [];
  let cursor: string | undefined;
  do {
    const page = await data(
      `GET /api/alarms/${name}/history`,
      admin.GET("/api/alarms/{name}/history", {
        params: { path: { name }, query: { limit: 100, ...(cursor ? { cursor } : {}) } },
      }),
    );
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

export async function alerts(admin: AdminClient): Promise<Alert[]> {
  const items: Alert[] = [];
  let cursor: string | undefined;
  do {
    const page = await data(
      "GET /api/alerts",
      admin.GET("/api/alerts", { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } } }),
    );
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}
