/** "Did you mean": close names are offered, unrelated ones are not. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { didYouMean, editDistance, suggestName } from '../../../src/util/suggest-name.js';

const ATTRIBUTES = ['CidrBlock', 'CidrBlockAssociations', 'DefaultNetworkAcl', 'DefaultSecurityGroup', 'Ipv6CidrBlocks', 'VpcId'];

describe('suggestName', () => {
  it('prefers a case-insensitive match, then the closest name', () => {
    assert.equal(suggestName('cidrblock', ATTRIBUTES), 'CidrBlock');
    assert.equal(suggestName('CidrBlocks', ATTRIBUTES), 'CidrBlock');
    assert.equal(suggestName('VpcID', ATTRIBUTES), 'VpcId');
    assert.equal(suggestName('Propertes', ['Type', 'Properties', 'DependsOn']), 'Properties');
    assert.equal(suggestName('DependOn', ['Type', 'Properties', 'DependsOn']), 'DependsOn');
  });

  it('counts a swap of two letters as one edit', () => {
    assert.equal(editDistance('fromprot', 'fromport'), 1);
    assert.equal(suggestName('FromProt', ['FromPort', 'ToPort']), 'FromPort');
  });

  it('offers nothing for unrelated names', () => {
    assert.equal(suggestName('Colour', ATTRIBUTES), undefined);
    assert.equal(didYouMean('Colour', ATTRIBUTES), undefined);
    assert.equal(didYouMean('Ipv6CidrBlock', ATTRIBUTES), "did you mean 'Ipv6CidrBlocks'?");
  });

  it('edit distance is a metric bounded by the longer length', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const d = editDistance(a, b);
        assert.equal(d, editDistance(b, a));
        assert.equal(editDistance(a, a), 0);
        assert.ok(d <= Math.max(a.length, b.length));
        assert.ok(d >= Math.abs(a.length - b.length));
      }),
    );
  });
});
