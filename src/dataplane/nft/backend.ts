/**
 * Where transactions go: the interface the state keeper drives, and its kernel implementation,
 * which renders a transaction and hands it to `nft -f -` inside the namespace — one process
 * per transaction, committed by nft all or nothing, so a refused transaction leaves the
 * namespace as it was. The fake ({@link ./fake.ts}) implements the same interface in memory.
 *
 * @module
 */
import type { CommandRunner } from '../command-runner.js';
import { assertNftName } from './identifiers.js';
import { renderTransaction } from './render.js';
import type { NftFamily, NftTable, NftTransaction } from './types.js';

/** Packets and bytes of one named counter. */
export interface NftCounterValue {
  packets: number;
  bytes: number;
}

/** Applies transactions in namespaces and reads counters back. */
export interface NftBackend {
  /**
   * Applies one transaction in `namespace`, all or nothing. `current` is the backend caller's
   * view of the namespace's tables before it (the kernel needs the types of the sets whose
   * elements change); the call rejects when nft refuses the transaction.
   */
  apply(namespace: string, tx: NftTransaction, current: readonly NftTable[]): Promise<void>;
  /** Named counters of one table, by name. */
  listCounters(namespace: string, family: NftFamily, table: string): Promise<Map<string, NftCounterValue>>;
}

/** The real kernel: `ip netns exec <netns> nft -f -` through the lab's command runner. */
export class KernelNftBackend implements NftBackend {
  /** @param netns maps the namespace names the caller uses to kernel namespace names */
  constructor(
    private readonly runner: CommandRunner,
    private readonly netns: (namespace: string) => string = (n) => n,
  ) {}

  async apply(namespace: string, tx: NftTransaction, current: readonly NftTable[]): Promise<void> {
    if (tx.length === 0) return;
    await this.runner.run(['ip', 'netns', 'exec', this.netns(namespace), 'nft', '-f', '-'], { stdin: renderTransaction(tx, current) });
  }

  async listCounters(namespace: string, family: NftFamily, table: string): Promise<Map<string, NftCounterValue>> {
    const result = await this.runner.run(['ip', 'netns', 'exec', this.netns(namespace), 'nft', '-j', 'list', 'counters', 'table', family, assertNftName(table, 'table')]);
    const parsed = JSON.parse(result.stdout) as { nftables: Array<{ counter?: { name: string; packets: number; bytes: number } }> };
    const out = new Map<string, NftCounterValue>();
    for (const item of parsed.nftables) if (item.counter) out.set(item.counter.name, { packets: item.counter.packets, bytes: item.counter.bytes });
    return out;
  }
}
