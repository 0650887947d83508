import { type BeforeApplicationShutdown, Inject, Injectable } from "@nestjs/common";
import type { Request, Response } from "express";
import { ADMIN_SETTINGS } from "../app/tokens.ts";
import type { AdminSettings } from "../settings/admin-settings.ts";
import { ImageStatusWatcher } from "./image-status-watcher.ts";
import { LiveEvents } from "./live-events.ts";
import { RETRY_MS, sseComment, sseEvent } from "./sse.ts";

/** The open `GET /api/events` responses: each gets every event and a heartbeat comment. */
@Injectable()
export class EventStreams implements BeforeApplicationShutdown {
  readonly #events: LiveEvents;
  readonly #images: ImageStatusWatcher;
  readonly #heartbeatMs: number;
  readonly #open = new Set<Response>();

  constructor(
    @Inject(LiveEvents) events: LiveEvents,
    @Inject(ImageStatusWatcher) images: ImageStatusWatcher,
    @Inject(ADMIN_SETTINGS) settings: AdminSettings,
  ) {
    this.#events = events;
    this.#images = images;
    this.#heartbeatMs = settings.live.heartbeatMs;
  }

  get open(): number {
    return this.#open.size;
  }

  /** Streams to `res` until the client goes (or the app stops); `lastEventId` resumes after it. */
  stream(req: Request, res: Response, lastEventId: string | undefined): void {
    res.status(200);
    res.setHeader("content-type", "text/event-stream; charset=utf-8");
    res.setHeader("cache-control", "no-cache, no-transform");
    res.setHeader("connection", "keep-alive");
    // Reverse proxies (nginx) would buffer the stream otherwise.
    res.setHeader("x-accel-buffering", "no");
    res.flushHeaders();
    res.write(`retry: ${RETRY_MS}\n${sseComment("connected")}`);
    const subscription = this.#events.stream(lastEventId).subscribe((event) => res.write(sseEvent(event)));
    const heartbeat = setInterval(
      () => res.write(sseComment(`heartbeat ${new Date().toISOString()}`)),
      this.#heartbeatMs,
    );
    this.#open.add(res);
    req.on("close", () => {
      clearInterval(heartbeat);
      subscription.unsubscribe();
      this.#open.delete(res);
    });
    // This listener started the image watcher (or joined it): say when its changes are covered.
    void this.#images.whenWatching().then(() => {
      if (this.#open.has(res)) res.write(sseComment("watching images"));
    });
  }

  /** An open stream would keep the HTTP server from closing: end them all. */
  beforeApplicationShutdown(): void {
    for (const res of this.#open) res.end();
  }
}
