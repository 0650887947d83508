/** One deployed resource of the stack, and whether it answers. */
export interface ResourceStatus {
  kind: "bucket" | "table" | "function";
  name: string;
  answers: boolean;
  error?: string;
}

/** What the emulator's (or LocalStack's) health endpoint says; undefined on AWS. */
export interface EmulatorStatus {
  url: string;
  reachable: boolean;
  /** The body of /_localstack/health when it answered: services, version, persistence. */
  health?: Record<string, unknown>;
  error?: string;
}

export interface PlatformStatus {
  resources(): Promise<ResourceStatus[]>;
  emulator(endpoint: string): Promise<EmulatorStatus>;
}
