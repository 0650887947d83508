import { type DynamicModule, Module } from "@nestjs/common";
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from "@nestjs/core";
import { ScheduleModule } from "@nestjs/schedule";
import { ZodSerializerInterceptor, ZodValidationPipe } from "nestjs-zod";
import { AlarmsController } from "../alarms/alarms.controller.ts";
import { AlarmsService } from "../alarms/alarms.service.ts";
import { StackAlarmHistory } from "../alarms/stack-alarm-history.ts";
import { AlertsController } from "../alerts/alerts.controller.ts";
import { AlertsService } from "../alerts/alerts.service.ts";
import { LocalSessionController } from "../auth/local-session.controller.ts";
import { LocalSessionService } from "../auth/local-session.service.ts";
import { CostSnapshotsJob } from "../costs/cost-snapshots.job.ts";
import { CostsController } from "../costs/costs.controller.ts";
import { CostsService } from "../costs/costs.service.ts";
import { UsageMeasurementService } from "../costs/usage-measurement.service.ts";
import { HealthController } from "../health/health.controller.ts";
import { HealthService } from "../health/health.service.ts";
import { AdminTokenGuard } from "../http/admin-token.guard.ts";
import { ErrorFilter } from "../http/error.filter.ts";
import { ImageListingService } from "../images/image-listing.service.ts";
import { ImageViews } from "../images/image-views.ts";
import { ImagesController } from "../images/images.controller.ts";
import { ImagesService } from "../images/images.service.ts";
import { AlarmWatchJob } from "../jobs/alarm-watch.job.ts";
import { AlertWatchJob } from "../jobs/alert-watch.job.ts";
import { JobRunner } from "../jobs/job-runner.ts";
import { ScheduledJobs } from "../jobs/scheduled-jobs.ts";
import { StuckImagesJob } from "../jobs/stuck-images.job.ts";
import { LabelsController } from "../labels/labels.controller.ts";
import { LabelsService } from "../labels/labels.service.ts";
import { EventStreamGuard } from "../live/event-stream.guard.ts";
import { EventStreams } from "../live/event-streams.ts";
import { EventsController } from "../live/events.controller.ts";
import { ImageStatusWatcher } from "../live/image-status-watcher.ts";
import { LiveEvents } from "../live/live-events.ts";
import { StreamTickets } from "../live/stream-tickets.ts";
import { LogsController } from "../logs/logs.controller.ts";
import { LogsService } from "../logs/logs.service.ts";
import type { HttpMetrics } from "../metrics/http-metrics.ts";
import { MetricsController } from "../metrics/metrics.controller.ts";
import { MetricsSeriesController } from "../metrics-series/metrics-series.controller.ts";
import { MetricsSeriesService } from "../metrics-series/metrics-series.service.ts";
import type { AdminContext } from "./admin-context.ts";
import {
  ADMIN_SETTINGS,
  ALARMS,
  ALERT_INBOX,
  FUNCTION_LOGS,
  HTTP_METRICS,
  IMAGE_TABLE,
  METRIC_DATA,
  OBJECT_STORE,
  PLATFORM_STATUS,
  PROCESSOR_INVOKER,
  STACK_RESOURCES,
  UPLOAD_API,
  USAGE_SOURCES,
} from "./tokens.ts";

@Module({})
export class AdminModule {}

/** The whole backend as one dynamic module, so each app (and each test) gets its own context. */
export function adminModule(context: AdminContext, metrics: HttpMetrics): DynamicModule {
  const { repositories } = context;
  return {
    module: AdminModule,
    // The scheduled jobs (@nestjs/schedule): their timers live and stop with this app.
    imports: [ScheduleModule.forRoot()],
    controllers: [
      ImagesController,
      LabelsController,
      HealthController,
      MetricsController,
      LocalSessionController,
      MetricsSeriesController,
      LogsController,
      CostsController,
      AlarmsController,
      AlertsController,
      EventsController,
    ],
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
      { provide: METRIC_DATA, useValue: repositories.metricData },
      { provide: USAGE_SOURCES, useValue: repositories.usageSources },
      { provide: ALARMS, useValue: repositories.alarms },
      { provide: ALERT_INBOX, useValue: repositories.alertInbox },
      ImageViews,
      ImageListingService,
      ImagesService,
      LabelsService,
      HealthService,
      LocalSessionService,
      MetricsSeriesService,
      LogsService,
      UsageMeasurementService,
      CostsService,
      CostSnapshotsJob,
      AlarmsService,
      StackAlarmHistory,
      AlertsService,
      LiveEvents,
      StreamTickets,
      EventStreamGuard,
      EventStreams,
      ImageStatusWatcher,
      JobRunner,
      AlarmWatchJob,
      AlertWatchJob,
      StuckImagesJob,
      ScheduledJobs,
      { provide: APP_PIPE, useClass: ZodValidationPipe },
      { provide: APP_INTERCEPTOR, useClass: ZodSerializerInterceptor },
      { provide: APP_GUARD, useClass: AdminTokenGuard },
      { provide: APP_FILTER, useClass: ErrorFilter },
    ],
  };
}
