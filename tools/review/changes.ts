/**
 * A resource change as the review sees it: what the model (model.ts) classifies and the cost section (cost.ts)
 * reads. Its own module, so those two do not import each other.
 */
import type { ResourceChange } from './plan-json';

export type ChangeAction = 'create' | 'update' | 'replace' | 'delete' | 'forget' | 'read' | 'no-op';

export interface ReviewedChange extends ResourceChange {
  readonly stack: string;
  readonly action: ChangeAction;
  /** A replace that creates the new object before destroying the old (create_before_destroy: ["create","delete"]). */
  readonly createFirst: boolean;
  readonly dataBearing: boolean;
  readonly security: boolean;
  /** The address before a `moved` block (Terraform's previous_address). */
  readonly movedFrom?: string;
  /** The id an `import` block imports the object by. */
  readonly importId?: string;
  /**
   * Attributes the configuration sets, each with the references of its expression (from the plan's
   * `configuration`); undefined when the plan does not carry the configuration of this resource.
   */
  readonly configured?: Readonly<Record<string, readonly string[]>>;
}
