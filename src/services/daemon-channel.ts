/**
 * The controller's side of the daemons' control channel: send an update (a record upserted in
 * the VPC resolver, a relay target added) to a running daemon and wait for it to be applied.
 * A reply means the change is live: the daemon answers only after applying it, so the next DNS
 * query already sees it. {@link DaemonChannel} keeps one connection for a stream of updates;
 * {@link sendDaemonUpdate} is the one-shot form.
 *
 * @module
 */
import { connect, type Socket } from 'node:net';
import { DAEMON_PROTOCOL_VERSION, encodeMessage, type DaemonErrorCode, type DaemonReply, type DaemonStatus, type DaemonUpdate } from './daemon-protocol.js';

/** Why an update did not apply: the daemon's refusal (`code` from the protocol), or the channel's own failure. */
export class DaemonChannelError extends Error {
  constructor(
    readonly code: DaemonErrorCode | 'timeout' | 'unreachable' | 'closed' | 'bad-reply',
    message: string,
  ) {
    super(message);
    this.name = 'DaemonChannelError';
  }
}

/** Options of a send. */
export interface SendOptions {
  /** How long to wait for the reply. @default 5000 */
  timeoutMs?: number;
}

/** Pause between connects to a daemon that does not listen yet. */
const RETRY_MS = 20;

interface Waiting {
  resolve: (status: DaemonStatus) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/** One open connection to a daemon's control socket; requests are answered in order. */
export class DaemonChannel {
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private pending = '';
  private failure: Error | undefined;

  private constructor(
    private readonly socket: Socket,
    readonly socketPath: string,
  ) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.receive(chunk));
    socket.on('error', (err) => this.fail(new DaemonChannelError('closed', `${socketPath}: ${err.message}`)));
    socket.on('close', () => this.fail(new DaemonChannelError('closed', `${socketPath}: the daemon closed the channel`)));
  }

  /**
   * Connects to the daemon listening on `socketPath`. A daemon just started may not listen yet
   * (a large zone loads first): a missing or refusing socket is retried until `timeoutMs`.
   */
  static open(socketPath: string, options: SendOptions = {}): Promise<DaemonChannel> {
    const timeoutMs = options.timeoutMs ?? 5000;
    const deadline = Date.now() + timeoutMs;
    return new Promise((resolve, reject) => {
      const attempt = (): void => {
        const socket = connect(socketPath);
        socket.once('connect', () => resolve(new DaemonChannel(socket, socketPath)));
        socket.once('error', (err: NodeJS.ErrnoException) => {
          socket.destroy();
          const starting = err.code === 'ENOENT' || err.code === 'ECONNREFUSED' || err.code === 'EAGAIN';
          if (starting && Date.now() + RETRY_MS < deadline) setTimeout(attempt, RETRY_MS);
          else
            reject(
              new DaemonChannelError(
                starting ? 'timeout' : 'unreachable',
                `${socketPath}: ${err.code ?? err.message}${starting ? ` for ${timeoutMs} ms` : ''} (is the daemon running?)`,
              ),
            );
        });
      };
      attempt();
    });
  }

  /** Sends one update; resolves with the daemon's status after it applied it. */
  send(update: DaemonUpdate, options: SendOptions = {}): Promise<DaemonStatus> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const timeoutMs = options.timeoutMs ?? 5000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new DaemonChannelError('timeout', `${this.socketPath}: no reply to ${update.op} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(id, { resolve, reject, timer });
      this.socket.write(encodeMessage({ ...update, v: DAEMON_PROTOCOL_VERSION, id }));
    });
  }

  /** Closes the connection (updates already answered stay applied; unanswered ones are rejected). */
  close(): void {
    this.socket.destroy();
  }

  private receive(chunk: string): void {
    this.pending += chunk;
    for (let newline = this.pending.indexOf('\n'); newline >= 0; newline = this.pending.indexOf('\n')) {
      const line = this.pending.slice(0, newline);
      this.pending = this.pending.slice(newline + 1);
      let reply: DaemonReply;
      try {
        reply = JSON.parse(line) as DaemonReply;
      } catch {
        this.fail(new DaemonChannelError('bad-reply', `${this.socketPath}: a reply that is not JSON`));
        this.socket.destroy();
        return;
      }
      // Id 0 answers a request the daemon could not read: replies come in order, so it is the oldest.
      const id: number | undefined = reply.id !== 0 ? reply.id : this.waiting.keys().next().value;
      const waiting = id !== undefined ? this.waiting.get(id) : undefined;
      if (id === undefined || !waiting) continue;
      this.waiting.delete(id);
      clearTimeout(waiting.timer);
      if (reply.ok) waiting.resolve(reply.status);
      else waiting.reject(new DaemonChannelError(reply.error.code, `${this.socketPath}: ${reply.error.code}: ${reply.error.message}`));
    }
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const w of this.waiting.values()) {
      clearTimeout(w.timer);
      w.reject(err);
    }
    this.waiting.clear();
  }
}

/**
 * Sends one update to the daemon at `socketPath` and resolves once it is applied (with the
 * daemon's new status); rejects with a {@link DaemonChannelError} when the daemon refuses it,
 * is not there, or does not answer within `timeoutMs`.
 */
export async function sendDaemonUpdate(socketPath: string, update: DaemonUpdate, options: SendOptions = {}): Promise<DaemonStatus> {
  const channel = await DaemonChannel.open(socketPath, options);
  try {
    return await channel.send(update, options);
  } finally {
    channel.close();
  }
}
