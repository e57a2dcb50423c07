import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CommandError, describeFailure, SpawnCommandRunner } from '../../../src/dataplane/command-runner.js';

test('the real runner passes stdin, captures stdout, stderr and the exit code, with no shell', async () => {
  const runner = new SpawnCommandRunner({ env: { ECSNET_TEST_MARK: 'yes' } });
  const r = await runner.run(['sh', '-c', 'cat; echo "err $ECSNET_TEST_MARK" >&2; exit 3'], { stdin: 'hello $HOME', check: false });
  assert.equal(r.stdout, 'hello $HOME', 'stdin is passed verbatim, not expanded');
  assert.equal(r.stderr, 'err yes\n');
  assert.equal(r.exitCode, 3);
  assert.deepEqual(r.argv, ['sh', '-c', 'cat; echo "err $ECSNET_TEST_MARK" >&2; exit 3']);
});

test('a failing command throws a CommandError naming the command, exit code and stderr', async () => {
  const runner = new SpawnCommandRunner();
  await assert.rejects(runner.run(['sh', '-c', 'echo "RTNETLINK answers: File exists" >&2; exit 2']), (err: unknown) => {
    assert.ok(err instanceof CommandError);
    assert.equal(err.code, 'ECSNET_E_COMMAND');
    assert.equal(err.result.exitCode, 2);
    assert.equal(err.message, '`sh -c \'echo "RTNETLINK answers: File exists" >&2; exit 2\'` failed (exit 2): RTNETLINK answers: File exists');
    return true;
  });
});

test('a program that does not exist is reported by name', async () => {
  await assert.rejects(new SpawnCommandRunner().run(['ecsnet-no-such-program']), /cannot run `ecsnet-no-such-program`: .*ENOENT/);
});

test('a command past its timeout is killed and reported as killed by SIGKILL', async () => {
  const r = await new SpawnCommandRunner().run(['sleep', '5'], { timeoutMs: 50, check: false });
  assert.equal(r.exitCode, 128 + 9);
});

test('a batch failure quotes the offending input line', () => {
  const message = describeFailure(
    { argv: ['ip', '-n', 'ecsnet-demo.router', '-batch', '-'], exitCode: 1, stdout: '', stderr: 'Error: Nexthop has invalid gateway.\nCommand failed -:2\n', durationMs: 1 },
    'link set dev lo up\nroute add default via 10.9.9.9\n',
  );
  assert.equal(
    message,
    '`ip -n ecsnet-demo.router -batch -` failed (exit 1): Error: Nexthop has invalid gateway.\nCommand failed -:2\n  input line 2: route add default via 10.9.9.9',
  );
});
