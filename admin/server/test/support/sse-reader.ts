/** One Server-Sent Events frame as a client sees it (comments are `:` lines). */
export interface SseFrame {
  id?: string;
  event?: string;
  data?: string;
  retry?: string;
  comments: string[];
}

function parseFrame(text: string): SseFrame {
  const frame: SseFrame = { comments: [] };
  for (const line of text.split("\n")) {
    if (line.startsWith(":")) {
      frame.comments.push(line.slice(1).trim());
      continue;
    }
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "id" || field === "event" || field === "retry") frame[field] = value;
    if (field === "data") frame.data = frame.data === undefined ? value : `${frame.data}\n${value}`;
  }
  return frame;
}

/**
 * An event stream read with fetch, as a console without EventSource (or a test) reads it:
 * frames in arrival order, and `until` to read on until one matches. `until`'s deadline only
 * bounds the wait (it names what it waited for); it asserts nothing about speed.
 */
export async function openEventStream(url: string, headers: Record<string, string> = {}) {
  const abort = new AbortController();
  const response = await fetch(url, { headers, signal: abort.signal });
  const frames: SseFrame[] = [];
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  let buffer = "";

  async function readMore(): Promise<boolean> {
    if (!reader) return false;
    const { value, done } = await reader.read();
    if (done) return false;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf("\n\n");
    while (end !== -1) {
      frames.push(parseFrame(buffer.slice(0, end)));
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf("\n\n");
    }
    return true;
  }

  return {
    response,
    frames,
    /** Reads until a frame (from the start) matches; throws naming `what` when the deadline passes or the stream ends. */
    async until(what: string, match: (frame: SseFrame) => boolean, timeoutMs = 60_000): Promise<SseFrame> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = frames.find(match);
        if (found) return found;
        const remaining = deadline - Date.now();
        if (remaining <= 0)
          throw new Error(`gave up after ${timeoutMs} ms waiting for ${what} on the stream`);
        let timer: NodeJS.Timeout | undefined;
        const more = await Promise.race([
          readMore(),
          new Promise<"timeout">((resolve) => {
            timer = setTimeout(() => resolve("timeout"), remaining);
          }),
        ]);
        clearTimeout(timer);
        if (more === false) throw new Error(`the stream ended while waiting for ${what}`);
      }
    },
    close(): void {
      abort.abort();
    },
  };
}
