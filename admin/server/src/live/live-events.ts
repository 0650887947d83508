import { randomBytes } from "node:crypto";
import { Injectable } from "@nestjs/common";
import { BehaviorSubject, concat, defer, finalize, from, type Observable, Subject } from "rxjs";
import type { LiveEvent } from "./live-events.dto.ts";

/** An event with its stream id (the SSE `id:` line). */
export interface NumberedEvent {
  id: string;
  event: LiveEvent;
}

/** Events kept for clients that reconnect with Last-Event-ID. */
export const REPLAY_LIMIT = 200;

/**
 * The in-process event bus: every publisher (the image watcher, the alarm and alert jobs) pushes
 * here, and every open stream gets each event. It counts its listeners, so the image watcher
 * polls only while someone listens.
 */
@Injectable()
export class LiveEvents {
  /** Ids carry the run's boot id: after a restart, old ids resume nothing rather than the wrong events. */
  readonly #boot = randomBytes(6).toString("hex");
  readonly #events = new Subject<NumberedEvent>();
  readonly #recent: NumberedEvent[] = [];
  readonly #listeners = new BehaviorSubject(0);
  #sequence = 0;

  /** How many streams are open, now and whenever it changes. */
  readonly listeners$: Observable<number> = this.#listeners.asObservable();

  publish(event: LiveEvent): NumberedEvent {
    this.#sequence += 1;
    const numbered = { id: `${this.#boot}.${this.#sequence}`, event };
    this.#recent.push(numbered);
    if (this.#recent.length > REPLAY_LIMIT) this.#recent.shift();
    this.#events.next(numbered);
    return numbered;
  }

  /** The events after `lastEventId` still kept (when it is this run's), then every new one. */
  stream(lastEventId?: string): Observable<NumberedEvent> {
    return defer(() => {
      this.#listeners.next(this.#listeners.value + 1);
      return concat(from(this.#replay(lastEventId)), this.#events);
    }).pipe(finalize(() => this.#listeners.next(this.#listeners.value - 1)));
  }

  #replay(lastEventId: string | undefined): NumberedEvent[] {
    const [boot, sequence] = (lastEventId ?? "").split(".");
    if (boot !== this.#boot || sequence === undefined) return [];
    const after = Number(sequence);
    return this.#recent.filter((e) => Number(e.id.split(".")[1]) > after);
  }
}
