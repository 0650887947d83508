import { Inject, Injectable } from "@nestjs/common";
import { ADMIN_SETTINGS, PLATFORM_STATUS, STACK_RESOURCES } from "../app/tokens.ts";
import type { PlatformStatus } from "../repositories/platform-status.repository.ts";
import type { AdminSettings } from "../settings/admin-settings.ts";
import type { StackResources } from "../settings/stack-resources.ts";
import type { Health } from "./health.dto.ts";

/** Where the backend points and whether what it points at answers. */
@Injectable()
export class HealthService {
  readonly #settings: AdminSettings;
  readonly #stack: StackResources;
  readonly #status: PlatformStatus;

  constructor(
    @Inject(ADMIN_SETTINGS) settings: AdminSettings,
    @Inject(STACK_RESOURCES) stack: StackResources,
    @Inject(PLATFORM_STATUS) status: PlatformStatus,
  ) {
    this.#settings = settings;
    this.#stack = stack;
    this.#status = status;
  }

  async health(): Promise<Health> {
    const endpoint = this.#settings.endpoint.endpoint;
    const [resources, emulator] = await Promise.all([
      this.#status.resources(),
      endpoint === undefined ? Promise.resolve(null) : this.#status.emulator(endpoint),
    ]);
    const healthy = resources.every((r) => r.answers) && (emulator === null || emulator.reachable);
    const { cdnUrl: _, ...stack } = this.#stack;
    return {
      status: healthy ? "ok" : "degraded",
      target: this.#settings.target,
      region: this.#settings.endpoint.region,
      endpoint: endpoint ?? null,
      stack,
      resources,
      emulator,
    };
  }
}
