import { failureSchema, imageStatusSchema } from "@darkroom/image-record";
import { z } from "zod";
import { api, call } from "../api/client.ts";

/** What the console reads of an `image` event (the backend sends more). */
const imageEventSchema = z.looseObject({
  imageId: z.string(),
  status: imageStatusSchema,
  previousStatus: imageStatusSchema.nullable(),
  failure: failureSchema.optional(),
});
export type ImageEvent = z.infer<typeof imageEventSchema>;

export type LiveEventType = "image" | "alert" | "alarm";
type Listener = (data: unknown) => void;

const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 30_000;

/**
 * The backend's Server-Sent Events (GET /api/events), one stream for the whole console.
 * EventSource sends no Authorization header, so each connection starts with a one-use ticket
 * (POST /api/events/tickets); after an error it reconnects with a new ticket and the last event
 * id, so nothing is missed while the backend keeps it.
 */
class LiveEvents {
  /** True while the stream is open: pages poll only when it is not. */
  connected = $state(false);

  readonly #listeners = new Map<LiveEventType, Set<Listener>>();
  #source: EventSource | null = null;
  #lastEventId: string | null = null;
  #retryMs = RETRY_FIRST_MS;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #users = 0;

  /** Listens to one event type; the stream runs while anyone listens. Returns the unsubscribe. */
  on(type: LiveEventType, listener: Listener): () => void {
    let set = this.#listeners.get(type);
    if (!set) {
      set = new Set();
      this.#listeners.set(type, set);
    }
    set.add(listener);
    this.#users += 1;
    if (this.#users === 1) void this.#open();
    return () => {
      set.delete(listener);
      this.#users -= 1;
      if (this.#users === 0) this.#close();
    };
  }

  onImage(listener: (event: ImageEvent) => void): () => void {
    return this.on("image", (data) => {
      const parsed = imageEventSchema.safeParse(data);
      if (parsed.success) listener(parsed.data);
    });
  }

  async #open(): Promise<void> {
    clearTimeout(this.#timer);
    try {
      const ticket = await call(api().POST("/api/events/tickets"));
      if (this.#users === 0) return;
      const url = new URL(ticket.url, location.origin);
      if (this.#lastEventId) url.searchParams.set("lastEventId", this.#lastEventId);
      const source = new EventSource(url);
      this.#source = source;
      source.onopen = () => {
        this.connected = true;
        this.#retryMs = RETRY_FIRST_MS;
      };
      // The ticket opened one stream: EventSource's own reconnection would be refused, so a new ticket.
      source.onerror = () => this.#reconnect();
      for (const type of ["image", "alert", "alarm"] as const) {
        source.addEventListener(type, (event) => this.#deliver(type, event));
      }
    } catch {
      this.#reconnect();
    }
  }

  #deliver(type: LiveEventType, event: MessageEvent<string>): void {
    if (event.lastEventId) this.#lastEventId = event.lastEventId;
    let data: unknown;
    try {
      data = JSON.parse(event.data);
    } catch {
      return;
    }
    for (const listener of this.#listeners.get(type) ?? []) listener(data);
  }

  #reconnect(): void {
    this.#source?.close();
    this.#source = null;
    this.connected = false;
    if (this.#users === 0) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#open(), this.#retryMs);
    this.#retryMs = Math.min(this.#retryMs * 2, RETRY_MAX_MS);
  }

  #close(): void {
    clearTimeout(this.#timer);
    this.#source?.close();
    this.#source = null;
    this.connected = false;
  }
}

export const liveEvents = new LiveEvents();
