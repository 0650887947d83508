import "reflect-metadata";

/**
 * What `emitDecoratorMetadata` would write for a handler: its parameters' types. Nest's
 * validation pipe and @nestjs/swagger read the DTO classes from `design:paramtypes`, which
 * esbuild (tsx) and oxc (vitest) never emit, so each handler with a DTO states them here,
 * in parameter order (`undefined` for parameters without a DTO).
 */
export function ParamTypes(...types: (abstract new (...args: never[]) => unknown)[]): MethodDecorator {
  return (target, propertyKey) => {
    Reflect.defineMetadata("design:paramtypes", types, target, propertyKey);
  };
}
