import type { z } from "zod";

// Names of the schemas that become components of the OpenAPI document (`#/components/schemas/{name}`)
// and are referenced with `$ref` wherever they occur. Any other schema is written out in place.
// Keyed by name, the last one wins: a module evaluated again (hot reload) replaces its schemas.
const byName = new Map<string, z.ZodType>();

/** Names `schema` as a component of the OpenAPI document; returns it unchanged. */
export function component<S extends z.ZodType>(name: string, schema: S): S {
  byName.set(name, schema);
  return schema;
}

/** Every named schema, by name. */
export function namedComponents(): ReadonlyMap<string, z.ZodType> {
  return byName;
}
