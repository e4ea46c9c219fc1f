/**
 * String functions: list_join, str_replace (and its strict variants), str_split, digest.
 */
import { createHash } from 'node:crypto';
import { versionAtLeast } from '../versions.ts';
import { describeType } from '../values.ts';
import {
  alwaysKnown,
  expectKeys,
  expectList,
  expectMap,
  expectString,
  FunctionArgumentError,
  joinItemText,
  replacementText,
} from './arguments.ts';
import type { IsKnown } from './arguments.ts';
import type { FunctionEnvironment, PureFunction } from './pure-function.ts';

/** `list_join: [delimiter, list, ...more lists]` (several lists from 2015-10-15). */
export const listJoin: PureFunction = {
  name: 'list_join',
  since: '2013-05-23',
  check: (args, isKnown, env) => void readListJoin(args, isKnown, env),
  apply(args, env) {
    const { delimiter, lists } = readListJoin(args, alwaysKnown, env);
    // Before 2015-10-15 Heat's list_join (Join) joins strings only; JoinMultiple adds JSON.
    if (!versionAtLeast(env.version, '2015-10-15')) {
      lists.forEach((list, listIndex) =>
        (list ?? []).forEach((item, index) => {
          if (typeof item === 'object' && item !== null)
            throw new FunctionArgumentError(
              `list_join items must be strings before heat_template_version 2015-10-15, not ${describeType(item)}`,
              [listIndex + 1, index],
            );
        }),
      );
    }
    return lists
      .flatMap((list, listIndex) =>
        (list ?? []).map((item, index) => joinItemText(item, [listIndex + 1, index])),
      )
      .join(delimiter);
  },
};

function readListJoin(args: unknown, isKnown: IsKnown, env: FunctionEnvironment) {
  const list = expectList(args, 'list_join arguments');
  const severalListsAllowed = versionAtLeast(env.version, '2015-10-15');
  if (list.length < 2 || (list.length > 2 && !severalListsAllowed)) {
    const shape = severalListsAllowed ? '[delimiter, list, ...more lists]' : '[delimiter, list]';
    throw new FunctionArgumentError(`list_join needs ${shape}`);
  }
  const [delimiter, ...lists] = list;
  if (isKnown(delimiter)) expectString(delimiter, 'list_join delimiter', [0]);
  // Heat (JoinMultiple): a null list joins as nothing.
  lists.forEach((item, index) => {
    if (isKnown(item) && item !== null) expectList(item, 'list_join list', [index + 1]);
  });
  return { delimiter: delimiter as string, lists: lists as (unknown[] | null)[] };
}

type ReplaceStrictness = 'lenient' | 'strict' | 'very-strict';

function makeStrReplace(
  name: string,
  since: PureFunction['since'],
  strictness: ReplaceStrictness,
): PureFunction {
  return {
    name,
    since,
    check: (args, isKnown, env) => void readStrReplace(name, args, isKnown, env),
    apply(args, env) {
      const { template, params } = readStrReplace(name, args, alwaysKnown, env);
      const placeholders = Object.keys(params);
      for (const placeholder of placeholders) {
        if (strictness !== 'lenient' && !template.includes(placeholder)) {
          throw new FunctionArgumentError(
            `${name}: placeholder "${placeholder}" does not occur in the template`,
            ['params', placeholder],
          );
        }
        const value = params[placeholder];
        const empty =
          value === null ||
          value === '' ||
          (Array.isArray(value) && value.length === 0) ||
          (typeof value === 'object' && value !== null && Object.keys(value).length === 0);
        if (strictness === 'very-strict' && empty) {
          throw new FunctionArgumentError(`${name}: value for "${placeholder}" is empty`, [
            'params',
            placeholder,
          ]);
        }
      }
      const texts = new Map(
        placeholders.map((placeholder) => [placeholder, replacementText(params[placeholder])]),
      );
      // Nested replacements can grow a short template exponentially: estimate before building it.
      let size = template.length;
      for (const [placeholder, text] of texts) {
        if (placeholder !== '') size += (template.split(placeholder).length - 1) * text.length;
        if (size > MAX_STRING_LENGTH) {
          throw new FunctionArgumentError(
            `${name} would produce a string of more than ${MAX_STRING_LENGTH} characters`,
            ['params', placeholder],
          );
        }
      }
      return replacePlaceholders(template, orderPlaceholders(placeholders), texts);
    },
  };
}

/** The longest string a string function may produce (1 MiB of characters). */
const MAX_STRING_LENGTH = 1_048_576;

/**
 * `str_replace: {template, params}`. Placeholders are replaced longest first, and replaced
 * text is never searched again (so a value containing another placeholder stays as it is),
 * exactly as Heat does.
 */
export const strReplace = makeStrReplace('str_replace', '2013-05-23', 'lenient');
/** Like str_replace, but every placeholder must occur in the template. */
export const strReplaceStrict = makeStrReplace('str_replace_strict', '2017-02-24', 'strict');
/** Like str_replace_strict, and no value may be empty. */
export const strReplaceVstrict = makeStrReplace('str_replace_vstrict', '2017-09-01', 'very-strict');

function readStrReplace(name: string, args: unknown, isKnown: IsKnown, env: FunctionEnvironment) {
  const map = expectMap(args, `${name} arguments`);
  expectKeys(map, ['template', 'params'], ['template', 'params'], `${name} arguments`);
  const { template, params } = map;
  if (isKnown(template)) expectString(template, `${name} template`, ['template']);
  if (isKnown(params)) {
    const paramMap = expectMap(params, `${name} params`, ['params']);
    for (const [placeholder, value] of Object.entries(paramMap)) {
      if (placeholder === '')
        throw new FunctionArgumentError(`${name}: a placeholder cannot be empty`, ['params']);
      // Maps and lists became JSON text in 2015-10-15; before, only scalars were allowed.
      if (
        isKnown(value) &&
        typeof value === 'object' &&
        value !== null &&
        !versionAtLeast(env.version, '2015-10-15')
      ) {
        throw new FunctionArgumentError(`${name}: value for "${placeholder}" must be a string or number`, [
          'params',
          placeholder,
        ]);
      }
    }
  }
  return { template: template as string, params: params as Record<string, unknown> };
}

/** Longest first; equal lengths in alphabetical order, for a deterministic result. */
function orderPlaceholders(placeholders: string[]): string[] {
  return [...placeholders].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
}

function replacePlaceholders(
  text: string,
  placeholders: readonly string[],
  values: ReadonlyMap<string, string>,
): string {
  const [placeholder, ...rest] = placeholders;
  if (placeholder === undefined) return text;
  return text
    .split(placeholder)
    .map((piece) => replacePlaceholders(piece, rest, values))
    .join(values.get(placeholder) ?? '');
}

/**
 * `str_split: [delimiter, string, index?]`: the list of pieces, or the piece at index. As Heat
 * (StrSplit, Python's str.split): a null string gives null, a null delimiter splits on runs of
 * whitespace, a negative index counts from the end.
 */
export const strSplit: PureFunction = {
  name: 'str_split',
  since: '2015-10-15',
  check: (args, isKnown) => void readStrSplit(args, isKnown),
  apply(args) {
    const { delimiter, text, index } = readStrSplit(args, alwaysKnown);
    if (text === null) return null;
    const pieces =
      delimiter === null ? text.split(/\s+/).filter((piece) => piece !== '') : text.split(delimiter);
    if (index === undefined) return pieces;
    const position = index < 0 ? pieces.length + index : index;
    if (position < 0 || position >= pieces.length) {
      throw new FunctionArgumentError(
        `str_split index ${index} is out of range (${pieces.length} pieces)`,
        [2],
      );
    }
    return pieces[position];
  },
};

function readStrSplit(args: unknown, isKnown: IsKnown) {
  const list = expectList(args, 'str_split arguments');
  if (list.length < 2 || list.length > 3)
    throw new FunctionArgumentError('str_split needs [delimiter, string, index?]');
  const [delimiter, text, index] = list;
  if (
    isKnown(delimiter) &&
    delimiter !== null &&
    expectString(delimiter, 'str_split delimiter', [0]) === ''
  ) {
    throw new FunctionArgumentError('str_split delimiter cannot be empty', [0]);
  }
  if (isKnown(text) && text !== null) expectString(text, 'str_split string', [1]);
  const position = list.length === 3 && isKnown(index) ? readSignedIndex(index) : undefined;
  return { delimiter: delimiter as string | null, text: text as string | null, index: position };
}

function readSignedIndex(value: unknown): number {
  const index = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof index !== 'number' || !Number.isInteger(index)) {
    throw new FunctionArgumentError('str_split index must be an integer', [2]);
  }
  return index;
}

const DIGEST_ALGORITHMS = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'] as const;

/** `digest: [algorithm, value]`: the hexadecimal hash of a string. */
export const digest: PureFunction = {
  name: 'digest',
  since: '2015-04-30',
  check: (args, isKnown) => void readDigest(args, isKnown),
  apply(args) {
    const { algorithm, value } = readDigest(args, alwaysKnown);
    // Heat hashes value.encode('latin-1'): one byte per character, none above U+00FF.
    if ([...value].some((character) => character.charCodeAt(0) > 0xff)) {
      throw new FunctionArgumentError(
        'digest value must be Latin-1 text (Heat encodes it as latin-1; characters above U+00FF fail there)',
        [1],
      );
    }
    return createHash(algorithm).update(value, 'latin1').digest('hex');
  },
};

function readDigest(args: unknown, isKnown: IsKnown) {
  const list = expectList(args, 'digest arguments');
  if (list.length !== 2) throw new FunctionArgumentError('digest needs [algorithm, value]');
  const [algorithm, value] = list;
  if (isKnown(algorithm) && !(DIGEST_ALGORITHMS as readonly unknown[]).includes(algorithm)) {
    throw new FunctionArgumentError(
      `digest algorithm must be one of ${DIGEST_ALGORITHMS.join(', ')}, not ${describeAlgorithm(algorithm)}`,
      [0],
    );
  }
  if (isKnown(value)) expectString(value, 'digest value', [1]);
  return { algorithm: algorithm as string, value: value as string };
}

function describeAlgorithm(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : describeType(value);
}

/**
 * `get_file: path` — the content of a file sent with the template (`files`), as
 * python-heatclient uploads them: the key is the path as written (or the URL it was resolved
 * to); `./x` and `x` name the same file.
 */
export const getFile: PureFunction = {
  name: 'get_file',
  since: '2014-10-16',
  apply(args, env) {
    if (typeof args !== 'string' || args === '')
      throw new FunctionArgumentError('get_file needs the path or URL of a file sent with the template');
    const files = env.files ?? {};
    const candidates = [args, args.replace(/^(\.\/)+/, '')];
    for (const candidate of candidates) if (Object.hasOwn(files, candidate)) return files[candidate];
    throw new MissingFileError(args);
  },
};

/** A get_file path that is not among the files sent with the template. */
export class MissingFileError extends FunctionArgumentError {
  constructor(readonly file: string) {
    super(`get_file: the file "${file}" was not sent with the template (it is not a key of files)`);
  }
}
