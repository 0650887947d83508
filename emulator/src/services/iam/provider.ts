import type { Provider } from "../../protocol/provider.ts";
import type { iamSchemas } from "./schemas.ts";

/** IAM: roles, inline and managed policies, attachments and tags. */
export class IamProvider implements Provider<typeof iamSchemas> {}
