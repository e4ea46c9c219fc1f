import { AppError } from '../errors.ts';
import type { ApiContext } from './context.ts';

/** Mutations need the editor role; readers may query and subscribe. */
export function requireEditor(ctx: ApiContext): void {
  if (ctx.principal.role !== 'editor') {
    throw new AppError('FORBIDDEN', 'This operation needs the editor role', { role: ctx.principal.role });
  }
}
