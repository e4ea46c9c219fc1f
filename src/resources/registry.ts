import type { ResourceType, TypeCatalog } from './types.ts';
import { selectPath } from '../template/evaluator.ts';
import { noneType } from './builtin/none.ts';
import { valueType } from './builtin/value.ts';
import { randomStringType } from './builtin/random-string.ts';
import { testResourceType } from './builtin/test-resource.ts';
import { isTemplateTypeName, stackType, templateResourceType } from './builtin/nested.ts';
import { createWebhookType } from './builtin/webhook.ts';
import { resourceGroupType } from './builtin/resource-group.ts';
import type { WebhookGuardSettings } from './builtin/webhook-guard.ts';
import { connectionsFromEnvironment, type Connections } from './clients.ts';
import { postgresqlTypes } from './postgresql/index.ts';
import { mysqlTypes } from './mysql/index.ts';
import { rabbitmqTypes } from './rabbitmq/index.ts';
import { natsTypes } from './nats/index.ts';

/** Resource types known to the engine, by name. Template validation sees the same catalog. */
export class ResourceTypeRegistry implements TypeCatalog {
  private readonly types = new Map<string, ResourceType>();
  private readonly closers: Array<() => Promise<void>> = [];

  /** Runs `close` when the registry is closed (connection pools of real-system types). */
  onClose(close: () => Promise<void>): this {
    this.closers.push(close);
    return this;
  }

  /** Closes what the types opened (pools, NATS connections); call it when the service stops. */
  async close(): Promise<void> {
    const closers = this.closers.splice(0);
    await Promise.allSettled(closers.map((c) => c()));
  }

  register(type: ResourceType): this {
    if (this.types.has(type.name)) throw new Error(`Resource type ${type.name} is already registered`);
    this.types.set(type.name, type);
    return this;
  }

  get(name: string): ResourceType | undefined {
    return this.types.get(name);
  }

  /**
   * The type the engine runs: a registered one, or a template resource for a type that is a
   * template file (the compiler checked the file was sent).
   */
  resolve(name: string): ResourceType | undefined {
    const known = this.types.get(name);
    if (known || !isTemplateTypeName(name)) return known;
    let type = this.templates.get(name);
    if (!type) this.templates.set(name, (type = templateResourceType(name)));
    return type;
  }

  private readonly templates = new Map<string, ResourceType>();

  /**
   * `get_attr: [res, ...path]` on a resource of type `typeName` whose stored attributes are
   * `stored`: the type's own reader (nested stacks, see NestedStackHooks.readAttribute), else the
   * value at `path`.
   */
  readAttribute(
    typeName: string | null | undefined,
    stored: Record<string, unknown>,
    path: readonly (string | number)[],
  ): unknown {
    const reader = typeName ? this.resolve(typeName)?.nested?.readAttribute : undefined;
    return reader ? reader(stored, path) : selectPath(stored, path);
  }

  require(name: string): ResourceType {
    const type = this.types.get(name);
    if (!type) throw new Error(`Unknown resource type ${name}`);
    return type;
  }

  names(): string[] {
    return [...this.types.keys()].sort();
  }
}

export interface BuiltinOptions {
  /**
   * Where the PostgreSQL, MySQL, RabbitMQ and NATS types connect. Default: read from the process
   * environment on first use (CONNECTIONS_FILE, CONNECTION_*; local defaults without authentication).
   */
  connections?: Connections;
  /** Where Convergence::Webhook may call (strict by default). */
  webhook?: WebhookGuardSettings;
  /**
   * Registers OS::Heat::ResourceGroup (default true); false leaves it unknown to templates.
   */
  nestedStacks?: boolean;
}

/** The registry with every built-in type. */
export function builtinRegistry(options: BuiltinOptions = {}): ResourceTypeRegistry {
  const connections = options.connections ?? connectionsFromEnvironment();
  const registry = new ResourceTypeRegistry()
    .register(noneType)
    .register(valueType)
    .register(randomStringType)
    .register(testResourceType)
    .register(stackType)
    .register(createWebhookType(options.webhook));
  for (const type of [
    ...postgresqlTypes(connections),
    ...mysqlTypes(connections),
    ...rabbitmqTypes(connections),
    ...natsTypes(connections),
  ])
    registry.register(type);
  if (options.nestedStacks !== false) registry.register(resourceGroupType);
  return registry.onClose(() => connections.close());
}
