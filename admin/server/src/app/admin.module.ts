import { type DynamicModule, Module } from "@nestjs/common";
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from "@nestjs/core";
import { ZodSerializerInterceptor, ZodValidationPipe } from "nestjs-zod";
import { LocalSessionController } from "../auth/local-session.controller.ts";
import { LocalSessionService } from "../auth/local-session.service.ts";
import { HealthController } from "../health/health.controller.ts";
import { HealthService } from "../health/health.service.ts";
import { AdminTokenGuard } from "../http/admin-token.guard.ts";
import { ErrorFilter } from "../http/error.filter.ts";
import { ImageListingService } from "../images/image-listing.service.ts";
import { ImageViews } from "../images/image-views.ts";
import { ImagesController } from "../images/images.controller.ts";
import { ImagesService } from "../images/images.service.ts";
import { LabelsController } from "../labels/labels.controller.ts";
import { LabelsService } from "../labels/labels.service.ts";
import type { HttpMetrics } from "../metrics/http-metrics.ts";
import { MetricsController } from "../metrics/metrics.controller.ts";
import type { AdminContext } from "./admin-context.ts";
import {
  ADMIN_SETTINGS,
  FUNCTION_LOGS,
  HTTP_METRICS,
  IMAGE_TABLE,
  OBJECT_STORE,
  PLATFORM_STATUS,
  PROCESSOR_INVOKER,
  STACK_RESOURCES,
  UPLOAD_API,
} from "./tokens.ts";

@Module({})
export class AdminModule {}

/** The whole backend as one dynamic module, so each app (and each test) gets its own context. */
export function adminModule(context: AdminContext, metrics: HttpMetrics): DynamicModule {
  const { repositories } = context;
  return {
    module: AdminModule,
    controllers: [ImagesController, LabelsController, HealthController, MetricsController, LocalSessionController],
    providers: [
      { provide: ADMIN_SETTINGS, useValue: context.settings },
      { provide: STACK_RESOURCES, useValue: context.stack },
      { provide: HTTP_METRICS, useValue: metrics },
      { provide: IMAGE_TABLE, useValue: repositories.imageTable },
      { provide: OBJECT_STORE, useValue: repositories.objectStore },
      { provide: FUNCTION_LOGS, useValue: repositories.functionLogs },
      { provide: PROCESSOR_INVOKER, useValue: repositories.processor },
      { provide: UPLOAD_API, useValue: repositories.uploadApi },
      { provide: PLATFORM_STATUS, useValue: repositories.platformStatus },
      ImageViews,
      ImageListingService,
      ImagesService,
      LabelsService,
      HealthService,
      LocalSessionService,
      { provide: APP_PIPE, useClass: ZodValidationPipe },
      { provide: APP_INTERCEPTOR, useClass: ZodSerializerInterceptor },
      { provide: APP_GUARD, useClass: AdminTokenGuard },
      { provide: APP_FILTER, useClass: ErrorFilter },
    ],
  };
}
