import type { ResourceType, TypeCatalog } from './types.ts';
import { noneType } from './builtin/none.ts';
import { valueType } from './builtin/value.ts';
import { randomStringType } from './builtin/random-string.ts';
import { testResourceType } from './builtin/test-resource.ts';
import { createWebhookType } from './builtin/webhook.ts';
import type { WebhookGuardSettings } from './builtin/webhook-guard.ts';

/** Resource types known to the engine, by name. Template validation sees the same catalog. */
export class ResourceTypeRegistry implements TypeCatalog {
  private readonly types = new Map<string, ResourceType>();

  register(type: ResourceType): this {
    if (this.types.has(type.name)) throw new Error(`Resource type ${type.name} is already registered`);
    this.types.set(type.name, type);
    return this;
  }

  get(name: string): ResourceType | undefined {
    return this.types.get(name);
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

/** The registry with every built-in type; `webhook` says where Convergence::Webhook may call (strict by default). */
export function builtinRegistry(options: { webhook?: WebhookGuardSettings } = {}): ResourceTypeRegistry {
  return new ResourceTypeRegistry()
    .register(noneType)
    .register(valueType)
    .register(randomStringType)
    .register(testResourceType)
    .register(createWebhookType(options.webhook));
}
