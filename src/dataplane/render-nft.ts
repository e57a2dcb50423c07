/**
 * Turns a namespace's ruleset text into one idempotent `nft -f -` transaction, the way
 * knftables does it: each table the text declares is first added (a no-op when it exists) and
 * then deleted, so the text that follows recreates it from scratch. `nft -f` commits the whole
 * input or none of it, so a broken ruleset leaves the previous one in force. Pure.
 *
 * @module
 */

/** nftables address families. */
export type NftFamily = 'ip' | 'ip6' | 'inet' | 'arp' | 'bridge' | 'netdev';

/** A table named by a ruleset. */
export interface NftTableRef {
  family: NftFamily;
  name: string;
}

const TABLE_DECLARATION = /^[ \t]*(?:(?:add|create)[ \t]+)?table[ \t]+(ip|ip6|inet|arp|bridge|netdev)[ \t]+([A-Za-z_][A-Za-z0-9_.-]*)\b/gm;

/** The tables a ruleset declares (`table inet x {` or `add table inet x`), each once, in order. */
export function nftTablesDeclared(ruleset: string): NftTableRef[] {
  const seen = new Set<string>();
  const tables: NftTableRef[] = [];
  for (const m of ruleset.matchAll(TABLE_DECLARATION)) {
    const family = m[1] as NftFamily;
    const name = m[2] as string;
    const key = `${family} ${name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    tables.push({ family, name });
  }
  return tables;
}

/** The full transaction text for a ruleset: reset of its tables, then the ruleset. */
export function renderNftTransaction(ruleset: string): string {
  const reset = nftTablesDeclared(ruleset).flatMap((t) => [`add table ${t.family} ${t.name}`, `delete table ${t.family} ${t.name}`]);
  return `${reset.join('\n')}\n${ruleset.endsWith('\n') ? ruleset : `${ruleset}\n`}`;
}
