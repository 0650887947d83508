/** The Lambda execution runtime's public API, for the control plane. */

export { RESERVED_ENVIRONMENT_VARIABLES } from "./child-environment.ts";
export {
  ConcurrencyLimitReached,
  type FunctionSnapshot,
  type InvokeOutcome,
  type InvokeRequest,
  type RoleCredentials,
} from "./contract.ts";
export type { EnvironmentState } from "./environment.ts";
export {
  type EnvironmentInfo,
  ExecutionEnvironments,
  type ExecutionEnvironmentsOptions,
} from "./environments.ts";
export {
  SUPPORTED_RUNTIMES,
  type SupportedRuntime,
  supportedRuntime,
  UnsupportedRuntime,
} from "./runtimes.ts";
