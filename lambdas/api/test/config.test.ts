import { DEFAULT_MAX_UPLOAD_BYTES } from "@darkroom/image-record";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";

const required = {
  UPLOADS_BUCKET: "darkroom-uploads",
  MEDIA_BUCKET: "darkroom-media",
  IMAGES_TABLE: "darkroom-images",
};

describe("loadConfig", () => {
  it("reads the settings, with defaults for the optional ones", () => {
    expect(loadConfig(required)).toEqual({
      uploadsBucket: "darkroom-uploads",
      mediaBucket: "darkroom-media",
      imagesTable: "darkroom-images",
      maxUploadBytes: DEFAULT_MAX_UPLOAD_BYTES,
      corsAllowedOrigins: [],
      publicS3Endpoint: undefined,
      serviceName: "darkroom-api",
      metricsNamespace: "Darkroom",
    });
  });

  it("parses the origin list and the optional settings", () => {
    const config = loadConfig({
      ...required,
      MAX_UPLOAD_BYTES: "10485760",
      CORS_ALLOWED_ORIGINS: " http://localhost:5173, https://Darkroom.example.com ,",
      PUBLIC_S3_ENDPOINT: "http://localhost:4566/",
      POWERTOOLS_SERVICE_NAME: "api",
      PUBLIC_UNRELATED: "ignored",
    });
    expect(config).toMatchObject({
      maxUploadBytes: 10_485_760,
      corsAllowedOrigins: ["http://localhost:5173", "https://darkroom.example.com"],
      publicS3Endpoint: "http://localhost:4566",
      serviceName: "api",
    });
    expect(loadConfig({ ...required, CORS_ALLOWED_ORIGINS: "*" }).corsAllowedOrigins).toEqual(["*"]);
  });

  it("treats empty variables as unset", () => {
    expect(loadConfig({ ...required, MAX_UPLOAD_BYTES: "", PUBLIC_S3_ENDPOINT: "" })).toMatchObject({
      maxUploadBytes: DEFAULT_MAX_UPLOAD_BYTES,
      publicS3Endpoint: undefined,
    });
  });

  it("names every missing or bad variable", () => {
    expect(() => loadConfig({})).toThrow(/UPLOADS_BUCKET[\s\S]*MEDIA_BUCKET[\s\S]*IMAGES_TABLE/);
    expect(() => loadConfig({ ...required, MAX_UPLOAD_BYTES: "5MB" })).toThrow(/MAX_UPLOAD_BYTES/);
    expect(() => loadConfig({ ...required, MAX_UPLOAD_BYTES: "1000000000" })).toThrow(/at most 104857600/);
    expect(() => loadConfig({ ...required, CORS_ALLOWED_ORIGINS: "localhost:5173" })).toThrow(
      /"localhost:5173" is not an origin/,
    );
    expect(() => loadConfig({ ...required, CORS_ALLOWED_ORIGINS: "https://a.example/app" })).toThrow(
      /CORS_ALLOWED_ORIGINS/,
    );
    expect(() => loadConfig({ ...required, PUBLIC_S3_ENDPOINT: "localhost:4566" })).toThrow(
      /PUBLIC_S3_ENDPOINT/,
    );
    expect(() => loadConfig({ ...required, UPLOADS_BUCKET: "Uploads_Bucket" })).toThrow(/UPLOADS_BUCKET/);
  });
});
