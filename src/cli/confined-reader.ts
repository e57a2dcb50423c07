/**
 * The file access the CLI injects into the import pipeline. Templates come from anywhere and
 * `ecsnet up` runs as root, so a nested stack's TemplateURL or Location (absolute, `../..`,
 * `file://`, an S3 key with `%2e%2e`, a symlink) must not make ecsnet read /etc/shadow, block
 * forever on a FIFO, /dev/kmsg or stdin, or fill the heap from /dev/zero. Reads are confined to
 * regular files of at most 1 MB inside the directories of the files the user named, the `--map`
 * targets and the `--allow-dir` directories; symlinks are resolved before the check, and the file
 * is opened without blocking and checked again through its descriptor. A refusal says why and
 * how to allow the file, and never carries any of its content.
 */
import { closeSync, constants, fstatSync, openSync, readSync, readlinkSync, realpathSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { MAX_INLINE_TEMPLATE_BYTES, MAX_TEMPLATE_BYTES } from '../template/template-limits.js';
import type { ReadRefusal } from '../template/types.js';

/** Reads one path for the pipeline: its text, undefined when it does not exist, or why it is refused. */
export type ConfinedRead = (path: string) => string | ReadRefusal | undefined;

/** A directory reads may reach, as given (for paths written through a symlinked directory) and resolved. */
interface Root {
  given: string;
  real: string;
}

/**
 * A reader confined to `dirs` (and everything below them). Directories that do not exist are
 * ignored; the CLI checks `--allow-dir` values before.
 */
export function confinedReader(dirs: readonly string[]): ConfinedRead {
  const roots: Root[] = [];
  for (const dir of new Set(dirs.map((d) => resolve(d)))) {
    try {
      roots.push({ given: dir, real: realpathSync(dir) });
    } catch {
      // A directory that does not exist holds nothing to read.
    }
  }
  const shown = roots.map((r) => r.given).join(', ') || 'none';
  const allowHint = (dir: string) =>
    `ecsnet reads only files inside the directories of the files given (${shown}); allow this one with --allow-dir ${dir}, or give the file with --map <url>=<file>`;
  return (path) => {
    if (path.includes('\0')) return refusal('unreadable-file', `${JSON.stringify(path)}: the path holds a NUL character`, 'fix the path');
    const absolute = resolve(path);
    // Refuse a path outside every root before touching it, so not even its existence is disclosed.
    if (!roots.some((r) => inside(absolute, r.given) || inside(absolute, r.real))) {
      return refusal('file-outside-allowed-dirs', `${absolute}: it is outside the directories ecsnet may read`, allowHint(dirname(absolute)));
    }
    let real: string;
    try {
      real = realpathSync(absolute);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      return refusal('unreadable-file', `${absolute}: ${describeErrno(code)}`, 'make the file readable');
    }
    if (!roots.some((r) => inside(real, r.real))) {
      return refusal('file-outside-allowed-dirs', `${absolute} (a symlink to ${real}): its target is outside the directories ecsnet may read`, allowHint(dirname(real)));
    }
    const shownPath = real === absolute ? absolute : `${absolute} (→ ${real})`;
    const read = readRegularFile(real, MAX_TEMPLATE_BYTES, (opened) => roots.some((r) => inside(opened, r.real)));
    if (typeof read === 'string') return read;
    return { ...read, reason: `${shownPath}: ${read.reason}` };
  };
}

/**
 * Reads a regular file of at most `maxBytes` without ever blocking: the type and size are
 * checked with stat before opening (so no FIFO or device is opened at all), then the file is
 * opened with O_NONBLOCK | O_NOFOLLOW and checked again through the descriptor (the path may
 * have been replaced in between), and at most `maxBytes` + 1 bytes are read. Returns the text,
 * or a refusal whose reason does not name the path (callers add it).
 *
 * `contained`, when given, is asked about the path the kernel actually opened (read back from
 * `/proc/self/fd`): a directory of the path swapped for a symlink between the caller's check and
 * the open (O_NOFOLLOW guards only the last component) is caught there.
 */
export function readRegularFile(path: string, maxBytes: number, contained?: (openedPath: string) => boolean): string | ReadRefusal {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    return refusal('unreadable-file', describeErrno((error as NodeJS.ErrnoException).code), 'give an existing, readable file');
  }
  const notRegular = checkRegular(stats, maxBytes);
  if (notRegular) return notRegular;
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (error) {
    return refusal('unreadable-file', describeErrno((error as NodeJS.ErrnoException).code), 'make the file readable');
  }
  try {
    const changed = checkRegular(fstatSync(fd), maxBytes);
    if (changed) return changed;
    if (contained && !contained(readlinkSync(`/proc/self/fd/${fd}`))) {
      return refusal(
        'file-outside-allowed-dirs',
        'the path changed while it was opened and now leads outside the directories ecsnet may read',
        'make sure nothing rewrites the template directories while ecsnet reads them',
      );
    }
    const buffer = Buffer.alloc(Math.min(maxBytes + 1, Math.max(stats.size, 0) + 1));
    let length = 0;
    for (;;) {
      if (length === buffer.length) break;
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > maxBytes) return tooLarge(maxBytes);
    return buffer.subarray(0, length).toString('utf8');
  } catch (error) {
    return refusal('unreadable-file', describeErrno((error as NodeJS.ErrnoException).code), 'make the file readable');
  } finally {
    closeSync(fd);
  }
}

function checkRegular(stats: Stats, maxBytes: number): ReadRefusal | undefined {
  if (!stats.isFile()) {
    const kind = stats.isDirectory()
      ? 'a directory'
      : stats.isFIFO()
        ? 'a FIFO'
        : stats.isCharacterDevice()
          ? 'a character device'
          : stats.isBlockDevice()
            ? 'a block device'
            : stats.isSocket()
              ? 'a socket'
              : 'not a regular file';
    return refusal('not-a-regular-file', `it is ${kind}, and ecsnet reads only regular files`, 'name a template file');
  }
  if (stats.size > maxBytes) return tooLarge(maxBytes, stats.size);
  return undefined;
}

function tooLarge(maxBytes: number, size?: number): ReadRefusal {
  const limit = maxBytes === MAX_TEMPLATE_BYTES ? `CloudFormation's 1 MB (${MAX_TEMPLATE_BYTES} bytes) limit for a template` : `the limit of ${maxBytes} bytes`;
  return refusal(
    'template-too-large',
    `it is ${size === undefined ? 'over' : `${size} bytes,`} ${size === undefined ? limit : `over ${limit}`}`,
    `CloudFormation refuses templates over 1 MB in S3 (and over ${MAX_INLINE_TEMPLATE_BYTES} bytes inline); split the stack into nested stacks`,
  );
}

function inside(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith(sep) ? dir : `${dir}${sep}`);
}

function describeErrno(code: string | undefined): string {
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT') return 'no such file';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  if (code === 'ENAMETOOLONG') return 'the path is too long';
  return `cannot be read (${code ?? 'unknown error'})`;
}

function refusal(code: string, reason: string, hint: string): ReadRefusal {
  return { refused: true, code, reason, hint };
}
