/**
 * Keeps one namespace's nftables in step with a desired model, cheaply: it remembers the model
 * it last applied, and `update` sends only the diff — a security-group membership change is
 * one element add and one delete, whatever the size of the lab, and every counter not touched
 * keeps counting. When a transaction fails (nft refused it, or the namespace drifted from what
 * the keeper remembers) it resyncs: one transaction that deletes and recreates the tables from
 * the desired model, and it says so in its report.
 *
 * @module
 */
import type { NftBackend } from './backend.js';
import { diffTables, resyncOps } from './diff.js';
import type { NftTable, NftTransaction } from './types.js';
import { transactionProblems, type NftProblem } from './validate.js';

/** What one update did. */
export interface NftUpdateReport {
  /** Operations in the transaction that took effect (0 when nothing changed). */
  operations: number;
  /** True when the tables were recreated whole: first apply, or after a failed transaction. */
  resynced: boolean;
  /** Why the incremental transaction failed, when it did. */
  failure?: string;
  elapsedMs: number;
}

/** One namespace's tables as applied, and the way to change them; see the module documentation. */
export class NftStateKeeper {
  private applied: NftTable[] | undefined;
  /** Updates run one after another: each diffs against what the previous one applied. */
  private queue: Promise<unknown> = Promise.resolve();

  /** @param known the tables the namespace already has, when the caller knows them exactly (undefined: the first update resyncs) */
  constructor(
    private readonly backend: NftBackend,
    readonly namespace: string,
    known?: readonly NftTable[],
  ) {
    this.applied = known ? structuredClone([...known]) : undefined;
  }

  /** The model last applied, or undefined before the first successful update. */
  get tables(): readonly NftTable[] | undefined {
    return this.applied;
  }

  /** The transaction {@link update} would send now. */
  plan(desired: readonly NftTable[]): NftTransaction {
    return this.applied ? diffTables(this.applied, desired) : resyncOps(desired);
  }

  /**
   * Applies the difference to `desired`; resyncs once when that fails, and throws when the
   * resync fails too. What the transaction adds is validated first (an invalid model never
   * reaches the backend). The keeper holds on to `desired` as the applied model: the caller
   * must not change it afterwards (build a new model for the next update).
   */
  update(desired: readonly NftTable[]): Promise<NftUpdateReport> {
    const run = this.queue.then(() => this.updateNow(desired));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async updateNow(desired: readonly NftTable[]): Promise<NftUpdateReport> {
    const started = performance.now();
    const want = [...desired];
    if (!this.applied) {
      const tx = resyncOps(want);
      this.check(tx, want);
      await this.resync(want, []);
      return { operations: tx.length, resynced: true, elapsedMs: performance.now() - started };
    }
    const tx = diffTables(this.applied, want);
    if (tx.length === 0) return { operations: 0, resynced: false, elapsedMs: performance.now() - started };
    this.check(tx, want);
    try {
      await this.backend.apply(this.namespace, tx, this.applied);
      this.applied = want;
      return { operations: tx.length, resynced: false, elapsedMs: performance.now() - started };
    } catch (err) {
      const failure = err instanceof Error ? err.message : String(err);
      const resync = await this.resync(want, this.applied);
      return { operations: resync.length, resynced: true, failure, elapsedMs: performance.now() - started };
    }
  }

  private check(tx: NftTransaction, want: readonly NftTable[]): void {
    const problems: NftProblem[] = transactionProblems(tx, want);
    if (problems.length > 0) throw new Error(`nftables model for ${this.namespace} is invalid:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
  }

  private async resync(want: NftTable[], previous: readonly NftTable[]): Promise<NftTransaction> {
    const tx = resyncOps(want, previous);
    this.applied = undefined;
    await this.backend.apply(this.namespace, tx, []);
    this.applied = want;
    return tx;
  }
}
