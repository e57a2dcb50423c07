import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic } from '../../../src/diagnostics.js';
import { renderDiagnostics } from '../../../src/cli/render-diagnostics.js';

const missing = (line: number, logicalId: string): Diagnostic => ({
  severity: 'error',
  code: 'missing-export',
  message: "Fn::ImportValue 'net-VpcId': no stack given exports this name",
  hint: 'add the template that exports it',
  file: '/x/app.yml',
  line,
  column: 3,
  stack: 'app',
  logicalId,
});

describe('renderDiagnostics', () => {
  it('prints a repeated finding once, with the other places after it', () => {
    const lines = renderDiagnostics([missing(4, 'A'), missing(9, 'B'), missing(12, 'C'), missing(20, 'D'), missing(30, 'E'), missing(40, 'F')]);
    assert.equal(lines.length, 2);
    assert.match(lines[0] ?? '', /^\/x\/app\.yml:4:3: error \[missing-export\] app\.A: /);
    assert.equal(lines[1], '  the same at app.yml:9 (B), app.yml:12 (C), app.yml:20 (D), app.yml:30 (E) and 1 more');
  });

  it('keeps different findings apart and in order', () => {
    const other: Diagnostic = { ...missing(7, 'G'), code: 'unknown-property', message: 'no property Cidr' };
    const lines = renderDiagnostics([missing(4, 'A'), other, missing(9, 'B')]);
    assert.deepEqual(
      lines.map((l) => l.slice(0, 30)),
      ['/x/app.yml:4:3: error [missing', '  the same at app.yml:9 (B)', '/x/app.yml:7:3: error [unknown'],
    );
  });
});
