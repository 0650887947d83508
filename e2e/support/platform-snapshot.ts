import { createHash } from "node:crypto";
import type { AdminClient } from "@darkroom/admin-client";
import {
  alarmHistory,
  alarms,
  alerts,
  allImages,
  type ImageDetail,
  imageDetail,
  type Transition,
} from "./admin-api.ts";

/** Everything a user keeps in Darkroom, as the admin API shows it, with each variant's content hashed. */
export interface PlatformSnapshot {
  images: { record: ImageDetail["record"]; variants: Record<string, string> }[];
  labels: unknown;
  alarms: { name: string; state: string; updatedAt: string; reason: string }[];
  /** Each alarm's state changes, newest first. */
  histories: Record<string, Transition[]>;
  alertIds: string[];
}

async function variantHashes(detail: ImageDetail): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  for (const variant of detail.variants) {
    const response = await fetch(variant.url);
    if (!response.ok) throw new Error(`GET ${variant.key}: ${response.status}`);
    hashes[variant.name] = createHash("sha256")
      .update(Buffer.from(await response.arrayBuffer()))
      .digest("hex");
  }
  return hashes;
}

export async function snapshot(admin: AdminClient): Promise<PlatformSnapshot> {
  const images: PlatformSnapshot["images"] = [];
  for (const summary of await allImages(admin)) {
    const detail = await imageDetail(admin, summary.imageId);
    images.push({ record: detail.record, variants: await variantHashes(detail) });
  }
  const labels = await admin.GET("/api/labels", { params: { query: { top: 1000 } } });
  const alarmList = await alarms(admin);
  const histories: PlatformSnapshot["histories"] = {};
  for (const alarm of alarmList) histories[alarm.name] = await alarmHistory(admin, alarm.name);
  return {
    images,
    labels: labels.data,
    alarms: alarmList.map(({ name, state, updatedAt, reason }) => ({ name, state, updatedAt, reason })),
    histories,
    alertIds: (await alerts(admin)).map((alert) => alert.id),
  };
}
