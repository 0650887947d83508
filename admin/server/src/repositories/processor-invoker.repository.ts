/** The processor function, invoked by the backend rather than by S3. */
export interface ProcessorInvoker {
  /** Queues one asynchronous run (InvocationType Event) for an original in the uploads bucket. */
  reprocess(object: { key: string; bytes: number }): Promise<void>;
}
