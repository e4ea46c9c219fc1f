/**
 * What the service's schema accepts, read by introspection when it matters: `environment` and
 * `files` are newer arguments, sent only to a service that declares them.
 */
import type { GraphQLClient } from './http.ts';

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}

/** An argument's or input field's type as written in SDL, e.g. `[String!]`, `JSON`. */
export interface Accepted {
  type: string;
  list: boolean;
}

export interface Capabilities {
  /** Argument or input field name -> its type, per place. */
  createStack: Map<string, Accepted>;
  updateStack: Map<string, Accepted>;
  previewStack: Map<string, Accepted>;
  validateTemplate: Map<string, Accepted>;
  /** Fields of TemplateValidation that need no selection (scalars, lists of scalars). */
  validationFields: Set<string>;
  /** Every field name of TemplateValidation. */
  validationAllFields: Set<string>;
}

const TYPE_REF = 'kind name ofType { kind name ofType { kind name ofType { kind name } } }';

function printType(type: TypeRef | null): string {
  if (!type) return 'JSON';
  if (type.kind === 'NON_NULL') return `${printType(type.ofType)}!`;
  if (type.kind === 'LIST') return `[${printType(type.ofType)}]`;
  return type.name ?? 'JSON';
}

function isScalar(type: TypeRef | null): boolean {
  let t = type;
  while (t && (t.kind === 'NON_NULL' || t.kind === 'LIST')) t = t.ofType;
  return t?.kind === 'SCALAR' || t?.kind === 'ENUM';
}

function accepted(type: TypeRef): Accepted {
  const printed = printType(type);
  return { type: printed, list: printed.startsWith('[') };
}

const cache = new WeakMap<GraphQLClient, Promise<Capabilities>>();

/** The schema's capabilities, read once per client. */
export function readCapabilities(client: GraphQLClient): Promise<Capabilities> {
  let found = cache.get(client);
  if (!found) {
    found = introspect(client);
    cache.set(client, found);
  }
  return found;
}

async function introspect(client: GraphQLClient): Promise<Capabilities> {
  const data = await client.request<{
    query: { fields: Array<{ name: string; args: Array<{ name: string; type: TypeRef }> }> } | null;
    create: { inputFields: Array<{ name: string; type: TypeRef }> } | null;
    update: { inputFields: Array<{ name: string; type: TypeRef }> } | null;
    validation: { fields: Array<{ name: string; type: TypeRef }> } | null;
  }>(
    `query Capabilities {
      query: __type(name: "Query") { fields { name args { name type { ${TYPE_REF} } } } }
      create: __type(name: "CreateStackInput") { inputFields { name type { ${TYPE_REF} } } }
      update: __type(name: "UpdateStackInput") { inputFields { name type { ${TYPE_REF} } } }
      validation: __type(name: "TemplateValidation") { fields { name type { ${TYPE_REF} } } }
    }`,
  );
  const toMap = (list: Array<{ name: string; type: TypeRef }> | undefined) =>
    new Map((list ?? []).map((f) => [f.name, accepted(f.type)] as const));
  const args = (field: string) => toMap(data.query?.fields.find((f) => f.name === field)?.args);
  return {
    createStack: toMap(data.create?.inputFields),
    updateStack: toMap(data.update?.inputFields),
    previewStack: args('previewStack'),
    validateTemplate: args('validateTemplate'),
    validationAllFields: new Set((data.validation?.fields ?? []).map((f) => f.name)),
    validationFields: new Set(
      (data.validation?.fields ?? []).filter((f) => isScalar(f.type)).map((f) => f.name),
    ),
  };
}
