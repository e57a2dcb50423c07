/**
 * Nothing but a checked name or a quotable string reaches nft text: names with a newline, a
 * quote, a space or a brace are refused (not stripped), derived names are stable and safe
 * whatever the identity holds, and the renderer refuses a model that skipped validation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNftName, nftNameFor, nftNameForSet, nftNameProblem, NftIdentifierError, NFT_NAME_PATTERN, quoteNftString } from '../../../../src/dataplane/nft/identifiers.js';
import { renderRule, renderTable, renderTransaction } from '../../../../src/dataplane/nft/render.js';
import { emptyTable } from '../../../../src/dataplane/nft/types.js';
import { nftTablesProblems } from '../../../../src/dataplane/nft/validate.js';

test('names: letters, digits and _, starting with a letter; anything else is refused', () => {
  for (const good of ['sg_web', 'a', 'ecsnet', `x${'y'.repeat(63)}`]) assert.equal(nftNameProblem(good), undefined, good);
  for (const bad of ['', '1abc', '_x', 'a-b', 'a b', 'a\nb', 'a"b', 'a}', 'x;flush ruleset', `x${'y'.repeat(64)}`]) {
    assert.ok(nftNameProblem(bad), JSON.stringify(bad));
    assert.throws(() => assertNftName(bad, 'set'), NftIdentifierError);
  }
});

test('strings: quoted, and refused when they hold a quote, a backslash or a newline', () => {
  assert.equal(quoteNftString('eth0'), '"eth0"');
  for (const bad of ['a"b', 'a\nb', 'a\\b', 'tab\there', '']) assert.throws(() => quoteNftString(bad), NftIdentifierError, JSON.stringify(bad));
});

test('derived names are stable, safe and distinct for identities that slug alike, newlines included', () => {
  const a = nftNameFor('sg', 'app.Web');
  assert.equal(a, nftNameFor('sg', 'app.Web'), 'stable');
  assert.match(a, /^sg_app_Web_[0-9a-f]{12}$/);
  const evil = nftNameFor('sg', 'app.Web\n}\nflush ruleset', 'in');
  assert.match(evil, NFT_NAME_PATTERN);
  assert.notEqual(nftNameFor('sg', 'app.Web'), nftNameFor('sg', 'app_Web'), 'same slug, different identity, different name');
  assert.ok(nftNameFor('acl', 'x'.repeat(300), 'out_32766').length <= 64, 'long identities are shortened, never over the limit');
  assert.equal(nftNameForSet('sgset', ['b', 'a', 'a']), nftNameForSet('sgset', ['a', 'b']), 'a combination is its sorted distinct ids');
});

test('a model holding an injected name or value is reported by validation and refused by the renderer', () => {
  const table = emptyTable('inet', 'ecsnet');
  table.sets.push({ name: 'x }\nflush ruleset\nadd set inet ecsnet y', type: ['ipv4_addr'], elements: [] });
  assert.match(nftTablesProblems([table])[0]?.message ?? '', /is not an nft name/);
  assert.throws(() => renderTable(table), NftIdentifierError);

  const chain = emptyTable('inet', 'ecsnet');
  chain.chains.push({ name: 'c', rules: [{ exprs: [{ match: 'iifname', value: 'eth0"\nflush ruleset' }, { verdict: { kind: 'accept' } }] }] });
  assert.ok(nftTablesProblems([chain]).length > 0, 'an interface name with a quote is a problem');
  assert.throws(() => renderRule(chain.chains[0]!.rules[0]!));
  assert.throws(() => renderRule({ exprs: [{ verdict: { kind: 'accept' } }], comment: 'ok"\nflush ruleset' }), NftIdentifierError);
  assert.throws(() => renderTransaction([{ op: 'add-table', family: 'inet', table: 'ecsnet\nflush ruleset' }]), NftIdentifierError);
  assert.equal(
    renderRule({ exprs: [{ match: 'ip saddr', value: '10.0.0.0/8' }, { verdict: { kind: 'accept' } }], comment: 'from the VPC' }),
    'ip saddr 10.0.0.0/8 accept comment "from the VPC"',
  );
});
