import { createHmac } from 'node:crypto';
import { isMap, isScalar, parseDocument } from 'yaml';
import type { ResourceTypeSchema } from '../resources/types.ts';
import { stableJson } from '../template/values.ts';
import { decryptSecret, encryptSecret, isEncrypted, MASK, transformSecrets } from './index.ts';
import { openTemplateText, sealTemplateText, type SealedTemplate } from './template.ts';

/**
 * Secret values on their way to and from Neo4j. Encrypted values are self-describing
 * (`enc:v1:...`), so readers need no schema: the worker opens every encrypted leaf it reads, the
 * API masks every one it returns. Writers seal what is secret by schema (properties and attributes
 * marked `secret`), by name (hidden parameters) and by value: any string that contains a value
 * known to be secret (a hidden parameter's value reaching a plain property, a generated password
 * embedded in a URL) is encrypted as a whole.
 */

/** Secrets shorter than this are only recognised as whole values, never inside longer strings. */
const MIN_EMBEDDED_SECRET = 4;
const EMBEDDED = /enc:v1:[A-Za-z0-9+/=]*:[A-Za-z0-9+/=]*:[A-Za-z0-9+/=]*/g;
/** A scalar `sealTemplate` sealed, as it stands in a stored text. */
const SEALED_SCALAR = /"enc:v1:[A-Za-z0-9+/=]*:[A-Za-z0-9+/=]*:[A-Za-z0-9+/=]*"/g;
/** Functions whose arguments are names resolved at run time, never values. */
const PENDING_REFERENCES = new Set(['get_attr', 'get_resource']);

export class SecretCodec {
  constructor(private readonly key: Buffer) {}

  encrypt(plain: string): string {
    return encryptSecret(plain, this.key);
  }

  /**
   * A short fingerprint of `value` (JSON with sorted keys, so the same files sent in another order
   * match) to tell later whether it changed, keyed with the secrets key so that a fingerprint of
   * something holding a secret is no oracle for guessing it.
   */
  digest(value: unknown): string {
    return createHmac('sha256', this.key)
      .update('digest:v1:')
      .update(stableJson(value))
      .digest('base64url')
      .slice(0, 22);
  }

  /**
   * A copy of `value` with every encrypted string decrypted; each clear secret found is added to
   * `found` (so the caller can seal whatever those values reach when it writes back).
   */
  open<T>(value: T, found?: Set<string>): T {
    return mapStrings(value, (s) => {
      if (!isEncrypted(s)) return s;
      const clear = decryptSecret(s, this.key);
      found?.add(clear);
      return clear;
    }) as T;
  }

  /** Encrypts every string leaf that contains a known secret (already encrypted ones stay). */
  seal<T>(value: T, known: ReadonlySet<string>): T {
    if (known.size === 0) return value;
    return mapStrings(value, (s) => (!isEncrypted(s) && containsSecret(s, known) ? this.encrypt(s) : s)) as T;
  }

  /** Seals a type's properties: those its schema marks `secret`, and any holding a known secret. */
  sealProperties(
    type: Pick<ResourceTypeSchema, 'properties'> | undefined,
    properties: Record<string, unknown>,
    known: ReadonlySet<string>,
  ): Record<string, unknown> {
    const bySchema = type ? transformSecrets(type, properties, (v) => this.sealValue(v)) : properties;
    return this.seal(bySchema, known);
  }

  /**
   * One value a schema marks secret, sealed: a string whole; a list or map leaf by leaf (its shape
   * kept, so the worker opens it into the same list or map), except the names a pending
   * `get_attr`/`get_resource` call holds (resolved at run time, then sealed by the worker).
   */
  private sealValue(value: unknown): unknown {
    if (typeof value === 'string') return isEncrypted(value) ? value : this.encrypt(value);
    if (typeof value !== 'object' || value === null) return value;
    return mapStrings(value, (s) => (isEncrypted(s) ? s : this.encrypt(s)), isPendingReference);
  }

  /** Seals attributes: those the type's schema marks `secret`, and any holding a known secret. */
  sealAttributes(
    type: Pick<ResourceTypeSchema, 'attributes'> | undefined,
    attributes: Record<string, unknown>,
    known: ReadonlySet<string>,
  ): Record<string, unknown> {
    const out: Record<string, unknown> = { ...attributes };
    for (const [name, schema] of Object.entries(type?.attributes ?? {})) {
      const v = out[name];
      if (schema.secret && typeof v === 'string' && !isEncrypted(v)) out[name] = this.encrypt(v);
    }
    return this.seal(out, known);
  }

  /**
   * An environment text with the values of `hidden` parameters (in `parameters` and
   * `parameter_defaults`) encrypted in place; comments and layout are kept. Text that does not
   * parse as a map is returned as is (the compiler refused it already).
   */
  sealEnvironment(text: string, hidden: readonly string[]): string {
    if (hidden.length === 0) return text;
    return this.editEnvironment(text, (name, value) =>
      hidden.includes(name) && !isEncrypted(value) ? this.encrypt(value) : value,
    );
  }

  /** The environment text with its encrypted values decrypted (for compiling it again). */
  openEnvironment(text: string): string {
    if (!text.includes('enc:v1:')) return text;
    return this.editEnvironment(text, (_, value) =>
      isEncrypted(value) ? decryptSecret(value, this.key) : value,
    );
  }

  /**
   * A template text with its literal secrets sealed in place (see template.ts): scalars at the
   * property paths `secretPaths` names for each resource, hidden parameters' defaults, and any
   * scalar holding one of their values. Returns the clear values too, to seal what they reach.
   */
  sealTemplate(
    text: string,
    secretPaths: (name: string, type: string | undefined) => readonly string[],
    known?: ReadonlySet<string>,
  ): SealedTemplate {
    return sealTemplateText(text, {
      secretPaths,
      encrypt: (raw) => this.encrypt(raw),
      ...(known ? { known } : {}),
    });
  }

  /** The template text exactly as it was sent (for compiling it again). */
  openTemplate(text: string): string {
    return openTemplateText(text, (value) => decryptSecret(value, this.key));
  }

  /**
   * A file sent with a template (`files`: a nested template, a script read by get_file), sealed
   * for storing: as a template text (`sealTemplate`: literal secrets by the types' secret paths,
   * hidden parameters' defaults, any scalar holding a secret of this file or a `known` one), and,
   * when a known secret would still show in clear (in a comment, a map key, a text that is no
   * template; secrets shorter than 4 characters only as the whole text, as `seal` matches them)
   * or the text holds what looks sealed, encrypted whole (`enc:v1:...`).
   */
  sealFile(
    text: string,
    secretPaths: (name: string, type: string | undefined) => readonly string[],
    known: ReadonlySet<string>,
  ): SealedTemplate {
    const sealed = this.sealTemplate(text, secretPaths, known);
    const all = sealed.values.length > 0 ? new Set([...known, ...sealed.values]) : known;
    const rest = sealed.text.replace(SEALED_SCALAR, '""');
    if (rest.includes('enc:v1:') || containsSecret(rest, all))
      return { text: this.encrypt(text), values: sealed.values };
    return sealed;
  }

  /** A stored file exactly as it was sent (for compiling again); see `sealFile`. */
  openFile(text: string): string {
    if (isEncrypted(text)) {
      try {
        return decryptSecret(text, this.key);
      } catch {
        return text;
      }
    }
    return this.openTemplate(text);
  }

  /** Stored files (path → text) opened, to compile them again. */
  openFiles(files: Readonly<Record<string, string>>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [path, text] of Object.entries(files)) setOwn(out, path, this.openFile(text));
    return out;
  }

  private editEnvironment(text: string, edit: (name: string, value: string) => string): string {
    const doc = parseDocument(text);
    if (doc.errors.length > 0 || !isMap(doc.contents)) return text;
    let changed = false;
    for (const section of ['parameters', 'parameter_defaults']) {
      const values = doc.contents.get(section, true);
      if (!isMap(values)) continue;
      for (const pair of values.items) {
        if (!isScalar(pair.key) || !isScalar(pair.value)) continue;
        const current: unknown = pair.value.value;
        if (typeof current !== 'string' && typeof current !== 'number' && typeof current !== 'boolean')
          continue;
        const next = edit(String(pair.key.value), String(current));
        if (next !== String(current)) {
          pair.value.value = next;
          changed = true;
        }
      }
    }
    return changed ? doc.toString() : text;
  }
}

/** Every string value of a hidden parameter (and its text form for numbers), for `seal`. */
export function hiddenValues(values: Record<string, unknown>, hidden: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const name of hidden) addSecretValue(out, values[name]);
  return out;
}

/** Adds a value to a set of known secrets: strings as they are, numbers as text, lists and maps by leaf. */
export function addSecretValue(into: Set<string>, value: unknown): void {
  if (value === null || value === undefined || value === '') return;
  if (typeof value === 'string') into.add(value);
  else if (typeof value === 'number' || typeof value === 'boolean') into.add(String(value));
  else mapStrings(value, (s) => (s !== '' && into.add(s), s));
}

/** A copy with every encrypted value (whole, or embedded in a longer string) replaced by the mask. */
export function maskEncrypted<T>(value: T): T {
  return mapStrings(value, (s) => (s.includes('enc:v1:') ? s.replace(EMBEDDED, MASK) : s)) as T;
}

/** Known secrets inside free text (a failure reason) replaced by the mask. */
export function redactText(text: string, known: ReadonlySet<string>): string {
  let out = text;
  for (const secret of known) if (secret.length >= MIN_EMBEDDED_SECRET) out = out.split(secret).join(MASK);
  return out;
}

function containsSecret(s: string, known: ReadonlySet<string>): boolean {
  if (known.has(s)) return true;
  for (const secret of known) if (secret.length >= MIN_EMBEDDED_SECRET && s.includes(secret)) return true;
  return false;
}

/** A call left for run time whose arguments name resources (`{get_attr: [db, host]}`). */
function isPendingReference(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && PENDING_REFERENCES.has(keys[0]!);
}

function setOwn(target: Record<string, string>, key: string, value: string): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * `value` with `fn` applied to every string leaf. Parts where nothing changes are returned as they
 * are, not copied: most values hold no secret, and every claimed item is opened and every write
 * sealed, so copying them all showed up in the engine's CPU profile.
 */
function mapStrings(value: unknown, fn: (s: string) => string, skip?: (value: unknown) => boolean): unknown {
  if (typeof value === 'string') return fn(value);
  if (skip?.(value)) return value;
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      const mapped = mapStrings(v, fn, skip);
      if (mapped !== v && !out) out = value.slice(0, i);
      if (out) out.push(mapped);
    }
    return out ?? value;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    let changed = false;
    const mapped = entries.map(([k, v]) => {
      const m = mapStrings(v, fn, skip);
      if (m !== v) changed = true;
      return [k, m] as const;
    });
    // fromEntries defines own properties, even for a key named __proto__.
    return changed ? Object.fromEntries(mapped) : value;
  }
  return value;
}
