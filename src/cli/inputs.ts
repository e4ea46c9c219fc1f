import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
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

/** `--param k=v` value: JSON when it parses (numbers, booleans, lists, objects), else the string as given. */
export function paramValue(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

/** Parameters from `--params-file` (a JSON or YAML object of name -> value) overlaid with each `--param k=v`. */
export async function readParameters(
  params: readonly string[],
  paramsFile: string | undefined,
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
      parsed = paramsFile.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    } catch (error) {
      throw new InputError(`cannot parse ${paramsFile}: ${(error as Error).message}`);
    }
    if (!isObject(parsed)) throw new InputError(`${paramsFile} must hold an object of name -> value`);
    result = { ...parsed };
  }
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq <= 0) throw new UsageError(`--param expects NAME=VALUE, got '${param}'`);
    result ??= {};
    result[param.slice(0, eq)] = paramValue(param.slice(eq + 1));
  }
  return result;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
