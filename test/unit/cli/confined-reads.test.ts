/**
 * Regression tests for confined reads (issue 14, item 1): a nested stack's TemplateURL or SAM
 * Location naming a file outside the directories the user gave (absolute, `..`, `%2e%2e`,
 * `file://`, a symlink out), a FIFO, a device or a directory is refused quickly, with the
 * parent's file and line, the logical id and the path, a hint saying how to allow it, and none
 * of the refused file's content in any message. Runs the CLI in-process on real files.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from '../../helpers/run-cli.js';

const root = mkdtempSync(join(tmpdir(), 'ecsnet-confined-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** The user's project, and a secret beside it that no template may make ecsnet read. */
const project = join(root, 'project');
const secretDir = join(root, 'secret');
mkdirSync(join(project, 'infrastructure'), { recursive: true });
mkdirSync(secretDir);
const MARKER = 'SecretContent7f3a';
const secret = join(secretDir, 'shadow.yml');
writeFileSync(secret, `Resources:\n  ${MARKER}: {Type: AWS::SNS::Topic}\n# ${MARKER}\n`);
writeFileSync(join(project, 'infrastructure', 'vpc.yml'), 'Resources:\n  Topic: {Type: AWS::SNS::Topic}\n');
symlinkSync(secret, join(project, 'link.yml'));
mkdirSync(join(project, 'adir'));
execFileSync('mkfifo', [join(project, 'pipe.yml')]);
writeFileSync(join(project, 'huge.yml'), `Resources:\n  Topic: {Type: AWS::SNS::Topic}\n#${'x'.repeat(2 * 1024 * 1024)}\n`);

/** Writes a parent stack nesting `reference` and runs `ecsnet validate` on it. */
async function validateNesting(reference: string, type: 'stack' | 'sam' = 'stack', extra: string[] = []) {
  const parent = join(project, 'parent.yml');
  const resource =
    type === 'stack'
      ? `Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: '${reference}'`
      : `Type: AWS::Serverless::Application\n    Properties:\n      Location: '${reference}'`;
  writeFileSync(parent, `Transform: AWS::Serverless-2016-10-31\nResources:\n  Child:\n    ${resource}\n`);
  const started = performance.now();
  const result = await runCli(['validate', '--no-spec', ...extra, parent]);
  return { ...result, ms: performance.now() - started, parent };
}

const TIMEOUT = { timeout: 20_000 };

describe('nested templates are read only inside the allowed directories', () => {
  const outside = [
    ['an absolute path', secret],
    ['a relative path with ..', `./infrastructure/../../secret/shadow.yml`],
    ['a file:// URL', `file://${secret}`],
    ['an S3 URL with %2e%2e', `https://s3.amazonaws.com/bucket/%2e%2e/${relative(root, secretDir)}/shadow.yml`],
    ['an S3 URL with ..', `s3://bucket/../${relative(root, secretDir)}/shadow.yml`],
    ['a symlink out of the directory', 'link.yml'],
  ] as const;
  for (const [what, reference] of outside) {
    for (const type of ['stack', 'sam'] as const) {
      it(`refuses ${what} (${type === 'stack' ? 'TemplateURL' : 'SAM Location'}) with a located error and no content`, TIMEOUT, async () => {
        const result = await validateNesting(reference, type);
        assert.ok(result.ms < 2000, `took ${result.ms.toFixed(0)} ms`);
        assert.equal(result.code, 1, result.err + result.out);
        const text = result.out + result.err;
        assert.doesNotMatch(text, new RegExp(MARKER));
        const line = text.split('\n').find((l) => l.includes('[file-outside-allowed-dirs]'));
        assert.ok(line, text);
        assert.ok(line.startsWith(`${result.parent}:6:`), line);
        assert.match(line, /parent\.Child Properties\.(TemplateURL|Location): nested stack Child/);
        assert.ok(line.includes(secret), line);
        assert.match(line, new RegExp(`--allow-dir ${secretDir}`));
      });
    }
  }

  const special = [
    ['a FIFO', 'pipe.yml', 'not-a-regular-file', /it is a FIFO/, []],
    ['a directory', 'adir', 'not-a-regular-file', /it is a directory/, []],
    ['/dev/zero, even in an allowed directory', '/dev/zero', 'not-a-regular-file', /it is a character device/, ['--allow-dir', '/dev']],
    ['/dev/zero', '/dev/zero', 'file-outside-allowed-dirs', /outside the directories ecsnet may read/, []],
    ['a 2 MB file', 'huge.yml', 'template-too-large', /over CloudFormation's 1 MB/, []],
  ] as const;
  for (const [what, reference, code, message, extra] of special) {
    it(`refuses ${what} without blocking or reading it`, TIMEOUT, async () => {
      const result = await validateNesting(reference, 'stack', [...extra]);
      assert.ok(result.ms < 2000, `took ${result.ms.toFixed(0)} ms`);
      assert.equal(result.code, 1, result.err + result.out);
      const line = (result.out + result.err).split('\n').find((l) => l.includes(`[${code}]`));
      assert.ok(line, result.out + result.err);
      assert.ok(line.startsWith(`${result.parent}:6:`), line);
      assert.match(line, message);
      assert.match(line, /nested stack Child \(AWS::CloudFormation::Stack\)/);
    });
  }

  it("reads a nested template below the parent's directory, and one outside once --allow-dir allows it", TIMEOUT, async () => {
    const inside = await validateNesting('https://s3.amazonaws.com/bucket/infrastructure/vpc.yml');
    assert.equal(inside.code, 0, inside.err + inside.out);
    assert.match(inside.out, /valid: 2 stack\(s\)/);
    const allowed = await validateNesting(secret, 'stack', ['--allow-dir', secretDir]);
    assert.equal(allowed.code, 0, allowed.err + allowed.out);
    assert.match(allowed.out, /valid: 2 stack\(s\)/);
  });

  it('exits 2 on a named file that is a FIFO or over 1 MB, and on --allow-dir of nothing', TIMEOUT, async () => {
    const fifo = await runCli(['validate', join(project, 'pipe.yml')]);
    assert.equal(fifo.code, 2);
    assert.match(fifo.err, /not a regular file/);
    const huge = await runCli(['validate', '--no-spec', join(project, 'huge.yml')]);
    assert.equal(huge.code, 2);
    assert.match(huge.err, /template-too-large/);
    const nothing = await runCli(['validate', '--allow-dir', join(root, 'nope'), join(project, 'infrastructure', 'vpc.yml')]);
    assert.equal(nothing.code, 2);
    assert.match(nothing.err, /--allow-dir .*nope: no such directory/);
  });

  it("documents --allow-dir in every importing command's help", async () => {
    for (const command of ['validate', 'show', 'plan', 'check', 'up']) {
      const help = await runCli([command, '--help']);
      assert.match(help.out, /--allow-dir DIR/, command);
    }
  });
});

describe('found by the security review', () => {
  it('a directory swapped for a symlink between the check and the open is caught on the opened descriptor', TIMEOUT, async () => {
    const { readRegularFile } = await import('../../../src/cli/confined-reader.js');
    const file = join(project, 'infrastructure', 'vpc.yml');
    // The check after the open sees the path the kernel really opened; a path outside the roots is refused.
    const outside = readRegularFile(file, 1024 * 1024, (opened) => !opened.startsWith(join(project, 'infrastructure')));
    assert.ok(typeof outside !== 'string');
    assert.equal(outside.code, 'file-outside-allowed-dirs');
    assert.match(readRegularFile(file, 1024 * 1024, (opened) => opened === file) as string, /AWS::SNS::Topic/);
  });

  it('sibling nested stacks that multiply (2 children per level, 16 levels: 131,071 stacks) stop at 2,000 stacks, quickly', TIMEOUT, async () => {
    const dir = join(project, 'fan');
    mkdirSync(dir);
    for (let i = 0; i < 16; i++) {
      writeFileSync(
        join(dir, `l${i}.yml`),
        `Resources:\n  S1: {Type: AWS::CloudFormation::Stack, Properties: {TemplateURL: l${i + 1}.yml}}\n  S2: {Type: AWS::CloudFormation::Stack, Properties: {TemplateURL: l${i + 1}.yml}}\n`,
      );
    }
    writeFileSync(join(dir, 'l16.yml'), 'Resources:\n  Topic: {Type: AWS::SNS::Topic}\n');
    const started = performance.now();
    const result = await runCli(['validate', '--no-spec', join(dir, 'l0.yml')]);
    assert.ok(performance.now() - started < 5000, `took ${(performance.now() - started).toFixed(0)} ms`);
    assert.equal(result.code, 1);
    assert.match(result.err + result.out, /\[too-many-stacks\].*at most 2000 stacks/);
  });

  it('a TemplateURL over 1,024 characters is refused before any lookup (its tails made the lookup quadratic)', TIMEOUT, async () => {
    const result = await validateNesting(`https://s3.amazonaws.com/bucket/${'a/'.repeat(20_000)}x.yml`);
    assert.ok(result.ms < 2000, `took ${result.ms.toFixed(0)} ms`);
    assert.equal(result.code, 1);
    assert.match(result.err + result.out, /\[template-url-too-long\].*40\d\d\d characters; CloudFormation accepts at most 1024/);
  });
});
