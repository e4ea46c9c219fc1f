/**
 * Everything the CLI writes: results on stdout, errors on stderr, ANSI colours only on a TTY with
 * NO_COLOR unset, `--json` documents, tables, and a progress bar redrawn in place on a TTY.
 */

const ANSI = {
  bold: '\x1b[1m',
  dim: '\x1b[2m',
  red: '\x1b[31m',
  green: '\x1b[32m',
  yellow: '\x1b[33m',
  blue: '\x1b[34m',
  magenta: '\x1b[35m',
  cyan: '\x1b[36m',
} as const;
const RESET = '\x1b[0m';
const CLEAR_LINE = '\r\x1b[2K';
// eslint-disable-next-line no-control-regex
const ANSI_PATTERN = /\x1b\[[0-9;]*m/g;

export type Style = keyof typeof ANSI;

export interface Stream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface OutputOptions {
  json: boolean;
  stdout?: Stream;
  stderr?: Stream;
  env?: NodeJS.ProcessEnv;
}

export function visibleLength(text: string): number {
  return text.replace(ANSI_PATTERN, '').length;
}

export class Output {
  readonly json: boolean;
  readonly tty: boolean;
  readonly color: boolean;
  /** Colours on stderr follow stderr's own terminal. */
  private readonly errorColor: boolean;
  private readonly stdout: Stream;
  private readonly stderr: Stream;
  /** The progress bar currently drawn on the last line (TTY only), to clear before other output. */
  private bar: string | null = null;

  constructor(options: OutputOptions) {
    this.json = options.json;
    this.stdout = options.stdout ?? process.stdout;
    this.stderr = options.stderr ?? process.stderr;
    const env = options.env ?? process.env;
    this.tty = this.stdout.isTTY === true;
    this.color = this.tty && env.NO_COLOR === undefined;
    this.errorColor = this.stderr.isTTY === true && env.NO_COLOR === undefined;
  }

  paint(style: Style, text: string): string {
    return this.color ? `${ANSI[style]}${text}${RESET}` : text;
  }

  /** A stack or resource status, coloured by outcome. */
  status(status: string): string {
    if (status.endsWith('_FAILED')) return this.paint('red', status);
    if (status.startsWith('ROLLBACK_')) return this.paint('magenta', status);
    if (status === 'DELETE_COMPLETE' || status === 'INIT_COMPLETE') return this.paint('dim', status);
    if (status.endsWith('_COMPLETE')) return this.paint('green', status);
    if (status.endsWith('_IN_PROGRESS')) return this.paint('yellow', status);
    return status;
  }

  /** A line of human output on stdout, printed above the progress bar (which is redrawn below it). */
  line(text = ''): void {
    this.withoutBar(() => this.stdout.write(`${text}\n`));
  }

  /** A line on stderr. */
  error(text: string): void {
    const painted = this.errorColor ? `${ANSI.red}${text}${RESET}` : text;
    this.withoutBar(() => this.stderr.write(`${painted}\n`));
  }

  /** A notice on stderr (not an error). */
  notice(text: string): void {
    this.withoutBar(() => this.stderr.write(`${text}\n`));
  }

  /** One JSON document (one-shot commands) or one line of a newline-delimited stream. */
  jsonLine(value: unknown): void {
    this.stdout.write(`${JSON.stringify(value)}\n`);
  }

  /**
   * Progress as a bar redrawn in place on a TTY; elsewhere a plain line (the caller only calls this
   * when something changed).
   */
  progress(ready: number, total: number, status: string, justReady: readonly string[] = []): void {
    if (!this.tty) {
      const just = justReady.length > 0 ? `  (${justReady.join(', ')} ready)` : '';
      this.stdout.write(`progress  ${ready}/${total} ready  ${status}${just}\n`);
      return;
    }
    const width = Math.max(10, Math.min(40, (this.stdout.columns ?? 80) - 40));
    const filled = total === 0 ? width : Math.round((ready / total) * width);
    const bar = `${this.paint('green', '█'.repeat(filled))}${this.paint('dim', '░'.repeat(width - filled))}`;
    this.bar = `[${bar}] ${ready}/${total} ready  ${this.status(status)}`;
    this.stdout.write(`${CLEAR_LINE}${this.bar}`);
  }

  /** Leaves the last drawn bar on its own line (TTY) so later output starts below it. */
  endProgress(): void {
    if (this.bar === null) return;
    this.stdout.write('\n');
    this.bar = null;
  }

  table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
    const widths = headers.map((h, i) =>
      Math.max(visibleLength(h), ...rows.map((r) => visibleLength(r[i] ?? ''))),
    );
    const render = (cells: readonly string[]) =>
      cells
        .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i]! - visibleLength(c))))
        .join('  ')
        .trimEnd();
    return [this.paint('bold', render(headers)), ...rows.map(render)].join('\n');
  }

  private withoutBar(write: () => void): void {
    if (this.bar === null) {
      write();
      return;
    }
    this.stdout.write(CLEAR_LINE);
    write();
    this.stdout.write(this.bar);
  }
}
