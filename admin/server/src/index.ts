export type { AdminContext, Repositories } from "./app/admin-context.ts";
export { createAdminApp } from "./app/create-app.ts";
export { openApiDocument } from "./app/openapi.ts";
export { type RunningAdminServer, type StartOptions, startAdminServer } from "./server.ts";
export { type AdminSettings, DEFAULT_ADMIN_PORT, loadAdminSettings } from "./settings/admin-settings.ts";
export { readStackOutputs, type StackResources, stackResources } from "./settings/stack-resources.ts";
