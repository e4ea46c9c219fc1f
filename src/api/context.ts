import type { EventSubscriber } from '../events/bus.ts';
import type { StackOperations } from '../engine/stack-operations.ts';
import type { ResourceTypeRegistry } from '../resources/registry.ts';
import type { Reads } from '../store/reads.ts';
import { createLoaders, type Loaders } from './loaders.ts';

export type Role = 'reader' | 'editor';

/** Who is calling: every query is scoped to the tenant; mutations need the editor role. */
export interface Principal {
  tenant: string;
  role: Role;
  /** Epoch seconds after which the credential is no longer valid (WebSocket connections close then). */
  expiresAt?: number;
}

/** Long-lived services the resolvers call; built once by the composition root. */
export interface Services {
  reads: Reads;
  operations: StackOperations;
  events: EventSubscriber;
  registry: ResourceTypeRegistry;
}

export interface ApiContext extends Services {
  principal: Principal;
  loaders: Loaders;
}

export function createContext(services: Services, principal: Principal): ApiContext {
  return { ...services, principal, loaders: createLoaders(services.reads) };
}
