import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import {
  configFromEnv,
  DEFAULT_ACCOUNT_ID,
  type EmulatorConfig,
  type StaticCredential,
  withTestCredential,
} from "./config.ts";
import { EventBus } from "./events/event-bus.ts";
import type { EmulatorRuntime } from "./gateway/context.ts";
import { Gateway } from "./gateway/gateway.ts";
import { MetricStore } from "./metrics/metric-store.ts";
import { createServices } from "./services/index.ts";
import { StateStore } from "./state/store.ts";

export type { EmulatorConfig, StaticCredential };
export { DEFAULT_ACCOUNT_ID };

export interface StartOptions extends Partial<Omit<EmulatorConfig, "credentials">> {
  /** Extra key pairs; test:test is always accepted. */
  credentials?: StaticCredential[];
}

export interface RunningEmulator {
  /** e.g. http://127.0.0.1:4566 */
  url: string;
  port: number;
  /** Names of the services answering, e.g. ["s3", "sts", "iam"]. */
  services: string[];
  runtime: EmulatorRuntime;
  stop(): Promise<void>;
}

/** The same defaults as the CLI, except that an embedded emulator logs nothing unless asked. */
const DEFAULTS: EmulatorConfig = { ...configFromEnv({}), logRequests: false };

/** Starts the emulator in this process. `port: 0` picks a free port. */
export async function startEmulator(options: StartOptions = {}): Promise<RunningEmulator> {
  const config: EmulatorConfig = {
    ...DEFAULTS,
    ...options,
    credentials: withTestCredential(options.credentials ?? []),
  };
  const store = config.persist ? await StateStore.open(resolve(config.stateDir)) : StateStore.memory();
  let url = "";
  const runtime: EmulatorRuntime = {
    config,
    store,
    events: new EventBus(),
    metrics: new MetricStore(store),
    url: () => url,
  };
  const services = createServices(runtime);
  const gateway = new Gateway(runtime, services.all, services.fallback, services.internalRoutes);
  const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 0 }, gateway.listener);
  try {
    await listen(server, config.port, config.host);
  } catch (err) {
    await services.close();
    await store.close();
    const e = err as NodeJS.ErrnoException;
    if (e.code === "EADDRINUSE") {
      throw new Error(
        `port ${config.port} on ${config.host} is already in use (LocalStack or another emulator?); stop it or set DARKROOM_PORT`,
      );
    }
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  url = `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`;
  let stopped: Promise<void> | null = null;
  return {
    url,
    port,
    services: services.all.map((s) => s.name),
    runtime,
    stop: () => {
      stopped ??= (async () => {
        await new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
        });
        await services.close();
        await store.close();
      })();
      return stopped;
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolveListen();
    });
  });
}
