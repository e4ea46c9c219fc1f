import { cancelStackUpdate, deleteStack, lastEventSequence, rollbackStack, type StackBrief } from '../api.ts';
import { booleanValue, NAME_OPTION, requiredString, WAIT_OPTION } from '../args.ts';
import { EXIT, UsageError } from '../errors.ts';
import type { Command } from '../context.ts';
import { runOperation } from '../operation.ts';

export const deleteCommand: Command = {
  spec: {
    name: 'delete',
    summary: 'delete a stack and every physical resource it owns',
    usage: 'delete --name STACK [--yes] [--no-wait]',
    description: [
      'Calls deleteStack (also allowed during a create or update), then follows it: exit 0 on',
      'DELETE_COMPLETE, 1 on DELETE_FAILED. On a terminal it asks first; elsewhere it needs --yes.',
    ].join('\n'),
    options: {
      ...NAME_OPTION,
      yes: { type: 'boolean', short: 'y', description: 'do not ask for confirmation' },
      ...WAIT_OPTION,
    },
  },
  async run(ctx, values) {
    const name = requiredString(values, 'name', 'delete');
    if (!booleanValue(values, 'yes')) {
      if (!ctx.confirm) {
        throw new UsageError(
          'refusing to delete without confirmation: not a terminal, so pass --yes to delete',
          'delete',
        );
      }
      const sure = await ctx.confirm(
        `Delete stack ${name} and every physical resource it owns (Retain policies excepted)?`,
      );
      if (!sure) {
        ctx.out.notice('Not deleted.');
        return EXIT.FAILURE;
      }
    }
    const after = await lastEventSequence(ctx.http, name);
    const stack = await deleteStack(ctx.http, name);
    return runOperation(ctx, {
      name,
      operation: 'DELETE',
      stack,
      after,
      actions: ['DELETE'],
      succeeded: (s) => s === 'DELETE_COMPLETE',
      autoRollback: false,
      readiness: false,
      wait: !booleanValue(values, 'no-wait'),
    });
  },
};

export const rollback: Command = {
  spec: {
    name: 'rollback',
    summary: 'converge a stack back to its last good version',
    usage: 'rollback --name STACK [--no-wait]',
    description:
      'Calls rollbackStack (back to the last good version; to nothing after a failed first create),\nthen follows it: exit 0 on ROLLBACK_COMPLETE.',
    options: { ...NAME_OPTION, ...WAIT_OPTION },
  },
  async run(ctx, values) {
    const name = requiredString(values, 'name', 'rollback');
    const after = await lastEventSequence(ctx.http, name);
    const stack = await rollbackStack(ctx.http, name);
    return runOperation(ctx, {
      name,
      operation: 'ROLLBACK',
      stack,
      after,
      actions: ['ROLLBACK'],
      succeeded: (s) => s === 'ROLLBACK_COMPLETE',
      autoRollback: false,
      readiness: true,
      wait: !booleanValue(values, 'no-wait'),
    });
  },
};

export const cancel: Command = {
  spec: {
    name: 'cancel',
    summary: 'stop a running create or update (optionally rolling back)',
    usage: 'cancel --name STACK [--rollback] [--no-wait]',
    description: [
      'Calls cancelStackUpdate. Without --rollback nothing new starts; the stack ends *_FAILED',
      '"cancelled" once in-flight actions have finished (followed until then): exit 0. With --rollback it converges back',
      'to the last good version, followed like rollback: exit 0 on ROLLBACK_COMPLETE.',
    ].join('\n'),
    options: {
      ...NAME_OPTION,
      rollback: { type: 'boolean', description: 'roll back to the last good version instead of stopping' },
      ...WAIT_OPTION,
    },
  },
  async run(ctx, values) {
    const name = requiredString(values, 'name', 'cancel');
    const withRollback = booleanValue(values, 'rollback');
    const after = await lastEventSequence(ctx.http, name);
    const stack: StackBrief = await cancelStackUpdate(ctx.http, name, withRollback);
    return runOperation(ctx, {
      name,
      operation: withRollback ? 'CANCEL (ROLLBACK)' : 'CANCEL',
      stack,
      after,
      actions: withRollback ? ['ROLLBACK'] : ['CREATE', 'UPDATE'],
      succeeded: (s) => (withRollback ? s === 'ROLLBACK_COMPLETE' : s.endsWith('_FAILED')),
      autoRollback: false,
      readiness: withRollback,
      wait: !booleanValue(values, 'no-wait'),
    });
  },
};
