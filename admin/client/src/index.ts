export {
  type AdminClient,
  type AdminClientOptions,
  type AdminSchema,
  createAdminClient,
} from "./admin-client.ts";
export type { components, operations, paths } from "./generated/admin-api.ts";
