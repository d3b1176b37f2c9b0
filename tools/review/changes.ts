/**
 * A resource change as the review sees it: what the model (model.ts) classifies and the cost section (cost.ts)
 * reads. Its own module, so those two do not import each other.
 */
import type { ResourceChange } from './plan-json';

export type ChangeAction = 'create' | 'update' | 'replace' | 'delete' | 'forget' | 'read' | 'no-op';

export interface ReviewedChange extends ResourceChange {
  readonly stack: string;
  readonly action: ChangeAction;
  readonly dataBearing: boolean;
  readonly security: boolean;
}
