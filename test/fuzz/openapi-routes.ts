/** The part of a JSON schema (OpenAPI 3.0) the fuzzer reads. */
export interface Schema {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  maxItems?: number;
  maxLength?: number;
  format?: string;
  enum?: unknown[];
  example?: unknown;
}

export interface Operation {
  method: string;
  /** e.g. `/v1/campaigns/{id}/launch` */
  template: string;
  pathParams: string[];
  /** Path parameters that are whole numbers (a dead letter's sequence); every other one is a UUID. */
  integerParams: string[];
  /** `operator` when only an operator key may call it (`x-switchboard-role`). */
  role?: string;
  body?: Schema;
}

/** A place in a request body: its path from the root, its schema, and whether it may be left out. */
export interface Slot {
  path: (string | number)[];
  schema: Schema;
  optional: boolean;
}

interface Document {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { name: string; in: string; schema?: Schema }[];
        requestBody?: { content: Record<string, { schema: Schema; examples?: Record<string, { value: unknown }> }> };
        'x-switchboard-role'?: string;
      }
    >
  >;
  components?: { schemas?: Record<string, Schema> };
}

/** Every operation of the gateway's OpenAPI document, with request bodies' schemas resolved. */
export async function loadOperations(gatewayUrl: string): Promise<Operation[]> {
  const response = await fetch(`${gatewayUrl}/docs-json`);
  if (!response.ok) throw new Error(`GET /docs-json answered ${response.status}`);
  const document = (await response.json()) as Document;
  const resolve = (schema: Schema): Schema => {
    const own = schema.$ref ? document.components!.schemas![schema.$ref.split('/').pop()!] : schema;
    return {
      ...own,
      ...(own.properties && { properties: Object.fromEntries(Object.entries(own.properties).map(([name, field]) => [name, resolve(field)])) }),
      ...(own.items && { items: resolve(own.items) }),
    };
  };
  return Object.entries(document.paths).flatMap(([template, methods]) =>
    Object.entries(methods).map(([method, operation]) => {
      const json = operation.requestBody?.content['application/json'];
      // The operation's own example, where it has one, is a whole valid body (fields that exclude
      // each other are shown apart); otherwise the body is made from its fields' examples.
      const example = Object.values(json?.examples ?? {})[0]?.value;
      const body = json?.schema && { ...resolve(json.schema), ...(example !== undefined && { example }) };
      return {
        method: method.toUpperCase(),
        template,
        pathParams: (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
        integerParams: (operation.parameters ?? []).filter((p) => p.in === 'path' && p.schema?.type === 'integer').map((p) => p.name),
        role: operation['x-switchboard-role'],
        ...(body && { body: resolve(body) }),
      };
    }),
  );
}

/** A valid string of the formats the gateway declares, for fields without an example. */
const formatExamples: Record<string, string> = {
  'date-time': '2026-12-01T09:00:00.000Z',
  uuid: '7d9f3b1e-4c2a-4f5e-9b8d-2a6c1e0f3d47',
  email: 'someone@example.com',
  uri: 'https://example.com/',
};

/** A valid value of the schema, from its examples: the defects the fuzzer adds are then the only ones. */
export function exampleOf(schema: Schema): unknown {
  if (schema.example !== undefined) return structuredClone(schema.example);
  if (schema.enum?.length) return schema.enum[0];
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([name, field]) => [name, exampleOf(field)]));
    case 'array':
      return schema.items ? [exampleOf(schema.items)] : [];
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    default:
      return formatExamples[schema.format ?? ''] ?? 'x';
  }
}

/** Every place in the schema's example value, the root first. */
export function slotsOf(schema: Schema): Slot[] {
  const walk = (at: Schema, value: unknown, path: Slot['path'], optional: boolean): Slot[] => {
    const own: Slot = { path, schema: at, optional };
    if (at.type === 'object' && value && typeof value === 'object') {
      return [
        own,
        ...Object.entries(at.properties ?? {}).flatMap(([name, field]) =>
          walk(field, (value as Record<string, unknown>)[name], [...path, name], !(at.required ?? []).includes(name)),
        ),
      ];
    }
    if (at.type === 'array' && at.items && Array.isArray(value) && value.length > 0) return [own, ...walk(at.items, value[0], [...path, 0], false)];
    return [own];
  };
  return walk(schema, exampleOf(schema), [], false);
}

/** How a validation problem names the slot, e.g. `contacts[0].name`. */
export const fieldName = (path: Slot['path']): string =>
  path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i ? `.${part}` : part)).join('');
