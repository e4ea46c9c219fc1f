import { readFile } from 'node:fs/promises';
import { InputError, UsageError } from './errors.ts';

/** The template text from `-f FILE` (`-` reads stdin). */
export async function readTemplate(file: string): Promise<string> {
  try {
    if (file === '-') return await readStdin();
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    const reason = code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new InputError(`cannot read template ${file}: ${reason}`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a file named on the command line, with a readable error. */
export async function readInputFile(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new InputError(
      `cannot read ${what} ${path}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
}

function splitAssignment(raw: string, flag: string): [string, string] {
  const eq = raw.indexOf('=');
  if (eq <= 0)
    throw new UsageError(`${flag} expects NAME=${flag === '--param' ? 'VALUE' : 'FILE'}, got '${raw}'`);
  return [raw.slice(0, eq), raw.slice(eq + 1)];
}

/**
 * Parameters from `--params-file` (a JSON or YAML object of name -> value) overlaid with each
 * `--param-file k=path` (the file's content) and `--param k=v`. `--param` values are sent as the
 * strings typed: the parameter's declared type converts them on the service, as Heat does with
 * `openstack stack create --parameter`.
 */
export async function readParameters(
  params: readonly string[],
  paramsFile: string | undefined,
  paramFiles: readonly string[] = [],
): Promise<Record<string, unknown> | undefined> {
  let result: Record<string, unknown> | undefined;
  if (paramsFile !== undefined) {
    let text: string;
    try {
      text = await readFile(paramsFile, 'utf8');
    } catch (error) {
      const code = (error as { code?: string }).code;
      throw new InputError(
        `cannot read ${paramsFile}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
      );
    }
    let parsed: unknown;
    try {
      parsed = paramsFile.endsWith('.json') ? JSON.parse(text) : (await import('yaml')).parse(text);
    } catch (error) {
      throw new InputError(`cannot parse ${paramsFile}: ${(error as Error).message}`);
    }
    if (!isObject(parsed)) throw new InputError(`${paramsFile} must hold an object of name -> value`);
    result = { ...parsed };
  }
  for (const assignment of paramFiles) {
    const [key, path] = splitAssignment(assignment, '--param-file');
    result ??= {};
    result[key] = await readInputFile(path, `--param-file ${key}`);
  }
  for (const param of params) {
    const [key, value] = splitAssignment(param, '--param');
    result ??= {};
    result[key] = value;
  }
  return result;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
