import { Controller, Get, Inject } from "@nestjs/common";
import { ApiTags } from "@nestjs/swagger";
import { ZodResponse } from "nestjs-zod";
import { Public } from "../http/admin-token.guard.ts";
import { HealthDto } from "./health.dto.ts";
import { HealthService } from "./health.service.ts";

@ApiTags("health")
@Controller("health")
export class HealthController {
  readonly #health: HealthService;

  constructor(@Inject(HealthService) health: HealthService) {
    this.#health = health;
  }

  /** Without the token: load balancers, `npm start` and the console's login page ask it. */
  @Get()
  @Public()
  @ZodResponse({
    status: 200,
    type: HealthDto,
    description: "Target, endpoint, deployed resources, emulator status",
  })
  health() {
    return this.#health.health();
  }
}
