import { createHash } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
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

async function readHistories(admin: AdminClient, names: string[]): Promise<PlatformSnapshot["histories"]> {
  const byName: PlatformSnapshot["histories"] = {};
  for (const name of names) byName[name] = await alarmHistory(admin, name);
  return byName;
}

/**
 * The alarms and their histories as of one moment: read again while an alarm changed in between
 * (the emulator evaluates every second), so no state is paired with a history that moved on.
 */
async function alarmsWithHistories(admin: AdminClient) {
  for (let attempt = 0; attempt < 10; attempt++) {
    const names = (await alarms(admin)).map((alarm) => alarm.name);
    const first = await readHistories(admin, names);
    const alarmList = await alarms(admin);
    const second = await readHistories(admin, names);
    if (isDeepStrictEqual(first, second)) return { alarmList, histories: second };
  }
  throw new Error("the alarms kept changing while they were read");
}

export async function snapshot(admin: AdminClient): Promise<PlatformSnapshot> {
  const images: PlatformSnapshot["images"] = [];
  for (const summary of await allImages(admin)) {
    const detail = await imageDetail(admin, summary.imageId);
    images.push({ record: detail.record, variants: await variantHashes(detail) });
  }
  const labels = await admin.GET("/api/labels", { params: { query: { top: 1000 } } });
  const { alarmList, histories } = await alarmsWithHistories(admin);
  return {
    images,
    labels: labels.data,
    alarms: alarmList.map(({ name, state, updatedAt, reason }) => ({ name, state, updatedAt, reason })),
    histories,
    alertIds: (await alerts(admin)).map((alert) => alert.id),
  };
}
