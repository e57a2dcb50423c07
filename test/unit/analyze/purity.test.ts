/**
 * The analyzer is a pure layer (DESIGN.md, "Shape of the system"): the dashboard reuses it in
 * a browser, so none of its modules may import Node built-ins or the system-facing layers.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../../helpers/corpus.js';

describe('src/analyze purity', () => {
  const dir = resolve(repoRoot, 'src/analyze');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));

  it('has modules to check', () => {
    assert.ok(files.length >= 8, files.join(', '));
  });

  for (const file of files) {
    it(`${file} imports no Node built-in, CLI, data plane or fabric module`, () => {
      const imports = [...readFileSync(resolve(dir, file), 'utf8').matchAll(/^import [^;]*?from '([^']+)'/gms)].map((m) => m[1]!);
      const impure = imports.filter((i) => i.startsWith('node:') || /^(fs|path|child_process|os|crypto)$/.test(i) || /\/(cli|dataplane|fabric|services|pipeline)\//.test(i));
      assert.deepEqual(impure, []);
    });
  }
});
