/**
 * The CloudFormation functions Heat still reads in old HOT versions (HOTemplate20130523 and
 * HOTemplate20141016/20150430 `functions`): `Fn::Select` until 2015-10-15; `Fn::Join`,
 * `Fn::Split` and `Fn::GetAZs` (and `Ref`, evaluated by the evaluator) in 2013-05-23 only.
 */
import { describeType, isPlainMap } from '../values.ts';
import { expectList, expectString, FunctionArgumentError } from './arguments.ts';
import type { PureFunction } from './pure-function.ts';

/** `Fn::Select: [index, list or map]`: a missing index or key gives "" (cfn Select). */
export const fnSelect: PureFunction = {
  name: 'Fn::Select',
  since: '2013-05-23',
  until: '2015-10-15',
  apply(args) {
    const list = expectList(args, 'Fn::Select arguments');
    if (list.length !== 2) throw new FunctionArgumentError('Fn::Select needs [index, collection]');
    const [index, raw] = list;
    let collection: unknown = raw;
    if (collection === '' || collection === null) return '';
    if (typeof collection === 'string') {
      try {
        collection = JSON.parse(collection);
      } catch {
        throw new FunctionArgumentError('Fn::Select: a string collection must be JSON', [1]);
      }
    }
    if (isPlainMap(collection)) {
      if (typeof index !== 'string')
        throw new FunctionArgumentError('Fn::Select index into a map must be a string', [0]);
      return Object.hasOwn(collection, index) ? collection[index] : '';
    }
    if (!Array.isArray(collection)) {
      throw new FunctionArgumentError(
        `Fn::Select needs a list or a map, not ${describeType(collection)}`,
        [1],
      );
    }
    const position = typeof index === 'string' && /^\s*-?\d+\s*$/.test(index) ? Number(index) : index;
    if (typeof position !== 'number' || !Number.isInteger(position)) {
      throw new FunctionArgumentError('Fn::Select index into a list must be an integer', [0]);
    }
    const items: unknown[] = collection;
    const item = items[position < 0 ? items.length + position : position];
    return item === undefined ? '' : item;
  },
};

/** `Fn::Join: [delimiter, [strings]]` (hot Join: items must be strings or null). */
export const fnJoin: PureFunction = {
  name: 'Fn::Join',
  since: '2013-05-23',
  until: '2014-10-16',
  apply(args) {
    const list = expectList(args, 'Fn::Join arguments');
    if (list.length !== 2) throw new FunctionArgumentError('Fn::Join needs [delimiter, list]');
    const delimiter = expectString(list[0], 'Fn::Join delimiter', [0]);
    const items = list[1] === null ? [] : expectList(list[1], 'Fn::Join list', [1]);
    return items
      .map((item, index) => {
        if (item === null) return '';
        return expectString(item, 'Fn::Join items', [1, index]);
      })
      .join(delimiter);
  },
};

/** `Fn::Split: [delimiter, string]`. */
export const fnSplit: PureFunction = {
  name: 'Fn::Split',
  since: '2013-05-23',
  until: '2014-10-16',
  apply(args) {
    const list = expectList(args, 'Fn::Split arguments');
    if (list.length !== 2) throw new FunctionArgumentError('Fn::Split needs [delimiter, string]');
    const delimiter = expectString(list[0], 'Fn::Split delimiter', [0]);
    if (delimiter === '') throw new FunctionArgumentError('Fn::Split delimiter cannot be empty', [0]);
    return expectString(list[1], 'Fn::Split string', [1]).split(delimiter);
  },
};

/**
 * `Fn::GetAZs: region`: Heat asks Nova for its availability zones; without a cloud it answers
 * `["nova"]` (GetAZs.result with no stack), which is what this gives.
 */
export const fnGetAZs: PureFunction = {
  name: 'Fn::GetAZs',
  since: '2013-05-23',
  until: '2014-10-16',
  apply: () => ['nova'],
};
