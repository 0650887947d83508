/** The processor function, invoked by the backend rather than by S3. */
export interface ProcessorInvoker {
  /**
   * Queues one asynchronous run (InvocationType Event) for an original in the uploads bucket,
   * marked as a deliberate re-processing: a PROCESSED or FAILED image is taken again.
   */
  reprocess(object: { key: string; bytes: number }): Promise<void>;
  /**
   * Queues the ObjectCreated event S3 should have sent for an original (no mark): the processor
   * takes an UPLOADED image and treats one already taken or finished as a duplicate delivery.
   */
  redeliver(object: { key: string; bytes: number }): Promise<void>;
}
