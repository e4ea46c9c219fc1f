import type { EventSubscriber } from '../events/bus.ts';
import { CompileBudget, type StackOperations } from '../engine/stack-operations.ts';
import type { ResourceTypeRegistry } from '../resources/registry.ts';
import type { Reads } from '../store/reads.ts';
import { AppError } from '../errors.ts';
import { DEFAULT_COST_SETTINGS, type CostSettings } from './limits.ts';
import { createLoaders, type Loaders } from './loaders.ts';

export type Role = 'reader' | 'editor';

/** Who is calling: every query is scoped to the tenant; mutations need the editor role. */
export interface Principal {
  tenant: string;
  role: Role;
  /** The token's `sub`, when it has one: subscription limits count per tenant + subject. */
  subject?: string;
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
  /** What the request has spent of its cost budget, counted at real sizes as lists resolve. */
  cost: CostMeter;
  /** What the request may still spend compiling templates (MAX_COMPILE_SECONDS_PER_REQUEST). */
  compileBudget: CompileBudget;
}

/**
 * The cost budget of one request. The estimate before execution counts the unpaginated lists at
 * their real lengths read from counters (see `sizeQuestions` in limits.ts); resolvers of such lists
 * charge their real length here again, so a stack that grew between the two, or a list the
 * estimate could not size, cannot be read whole under a small estimate.
 */
export class CostMeter {
  used = 0;
  constructor(
    readonly max: number,
    readonly pageSizes: CostSettings = DEFAULT_COST_SETTINGS,
  ) {}

  charge(amount: number, what: string): void {
    this.used += amount;
    if (this.used > this.max) {
      throw new AppError(
        'QUERY_TOO_COMPLEX',
        `${what} makes the operation's cost ${this.used} at real sizes; the limit is ${this.max}: paginate (e.g. resourcesConnection(first:, after:))`,
        { limit: 'MAX_QUERY_COMPLEXITY', max: this.max, actual: this.used },
      );
    }
  }
}

export function createContext(
  services: Services,
  principal: Principal,
  cost: CostMeter = new CostMeter(Number.MAX_SAFE_INTEGER),
  compileBudget: CompileBudget = new CompileBudget(),
): ApiContext {
  return { ...services, principal, loaders: createLoaders(services.reads), cost, compileBudget };
}
