import { StuckImagesJob } from "../../src/jobs/stuck-images.job.ts";
import { ImageStatusWatcher } from "../../src/live/image-status-watcher.ts";
import { LiveEvents, type NumberedEvent } from "../../src/live/live-events.ts";
import { fakeContext } from "./context.ts";

/** The fakes, and a status watcher whose published events are collected in `published`. */
export function watchedWorld() {
  const { context, repositories } = fakeContext();
  const events = new LiveEvents();
  const published: NumberedEvent[] = [];
  events.stream().subscribe((e) => published.push(e));
  const watcher = new ImageStatusWatcher(repositories.imageTable, events, context.settings);
  return { context, repositories, watcher, published, table: repositories.imageTable };
}

/** The stuck-image job over the fakes, with that watcher. */
export function stuckJobWorld() {
  const world = watchedWorld();
  const { repositories, context, watcher } = world;
  const job = new StuckImagesJob(
    repositories.imageTable,
    repositories.processor,
    repositories.objectStore,
    context.settings,
    watcher,
  );
  return { ...world, job, processor: repositories.processor, objects: repositories.objectStore };
}
