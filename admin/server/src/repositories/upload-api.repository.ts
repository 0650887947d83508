/** The public API's answer, passed on as it came: the backend only checks and relays it. */
export interface UploadApiResponse {
  status: number;
  body: unknown;
}

/** The deployed API Lambda's `POST /uploads` (the presigned POST for the browser). */
export interface UploadApi {
  createUpload(request: {
    fileName: string;
    contentType: string;
    bytes: number;
    keepLocation: boolean;
  }): Promise<UploadApiResponse>;
}
