import { RecordingServer } from './recording-server.ts';

/**
 * A webhook endpoint that holds every thing "not ready" until released: a `Convergence::Webhook`
 * pointing at it stays in progress (and so does every stack above it) for as long as a test needs
 * to look at the in-progress state, without a sleep. Things are not ready even in the PUT's answer
 * (that would end the action at once); after `release()` the observe answers ready with an id.
 */
export class HeldGate {
  private held = true;
  readonly server = new RecordingServer({
    readyAfterMs: 24 * 3600_000,
    intercept: (method, key) =>
      method !== 'GET'
        ? undefined
        : this.held
          ? { status: 200, body: { ready: false, retryAfterMs: 50 } }
          : { status: 200, body: { id: `thing-${key.slice(0, 8)}`, ready: true } },
  });

  async start(): Promise<this> {
    await this.server.start();
    return this;
  }

  get url(): string {
    return this.server.url;
  }

  hold(): void {
    this.held = true;
  }

  release(): void {
    this.held = false;
  }

  stop(): Promise<void> {
    return this.server.stop();
  }
}

/** A nested template whose `gate` (after `first`) waits on the held gate at `url`. */
export const gatedTemplate = (url: string) => `heat_template_version: 2018-08-31
resources:
  first:
    type: OS::Heat::None
  gate:
    type: Convergence::Webhook
    depends_on: [first]
    properties: {url: '${url}'}
`;
