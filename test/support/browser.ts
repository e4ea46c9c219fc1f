import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's package; Playwright never downloads a browser of its own here. */
const DEFAULT_CHROMIUM = '/usr/bin/chromium';

const INSTALL_HINT =
  'Install Debian\'s Chromium (as root: "apt-get update && apt-get install -y chromium") ' +
  'or point CHROMIUM_PATH at a Chromium/Chrome executable.';

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function hasAptGet(): boolean {
  return ['/usr/bin/apt-get', '/bin/apt-get'].some(existsSync);
}

/**
 * The Chromium to drive: `CHROMIUM_PATH` when set (it must exist), else /usr/bin/chromium. When
 * that is missing and this process runs as root on a machine with apt-get, Debian's `chromium`
 * package is installed (this takes a few minutes); otherwise this throws, saying how to install it.
 */
export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!executable(fromEnv))
      throw new Error(`CHROMIUM_PATH=${fromEnv} is not an executable. ${INSTALL_HINT}`);
    return fromEnv;
  }
  if (executable(DEFAULT_CHROMIUM)) return DEFAULT_CHROMIUM;
  if (process.getuid?.() === 0 && hasAptGet()) {
    console.warn(`${DEFAULT_CHROMIUM} is missing: installing Debian's chromium package (apt-get)…`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const run = (args: string[]) =>
      execFileSync('apt-get', args, { env, stdio: ['ignore', 'inherit', 'inherit'], timeout: 900_000 });
    try {
      run(['install', '-y', '-q', 'chromium']);
    } catch {
      // The package lists may be missing or stale on a fresh machine.
      run(['update', '-q']);
      run(['install', '-y', '-q', 'chromium']);
    }
    if (executable(DEFAULT_CHROMIUM)) return DEFAULT_CHROMIUM;
    throw new Error(`apt-get installed chromium but ${DEFAULT_CHROMIUM} is still missing. ${INSTALL_HINT}`);
  }
  throw new Error(`No Chromium at ${DEFAULT_CHROMIUM}. ${INSTALL_HINT}`);
}

/** Headless Chromium, quiet: no GPU, no QUIC, no background network traffic of its own. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
