/** The SDK settings every bench client shares: the target's endpoint, us-east-1, `test:test`. */
export function clientConfig(endpoint: string) {
  return {
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  };
}

/** The same without retries, so a failing request fails the bench instead of hiding in its latency. */
export function noRetryClientConfig(endpoint: string) {
  return { ...clientConfig(endpoint), maxAttempts: 1 };
}
