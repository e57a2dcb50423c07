/**
 * The disjoint union of boxes: pieces never overlap (the kernel's interval sets refuse
 * overlaps) and cover exactly the points the input boxes cover.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { disjointUnion, mergeIntervals, type Box } from '../../../src/fabric/box-union.js';

const inside = (box: Box, point: readonly number[]): boolean => box.every(([lo, hi], i) => (point[i] as number) >= lo && (point[i] as number) <= hi);

test('nested and overlapping rules become disjoint boxes, neighbours with the same content merge', () => {
  const boxes: Box[] = [
    [
      [0, 255],
      [6, 6],
      [443, 443],
    ],
    [
      [16, 31],
      [6, 6],
      [443, 443],
    ],
    [
      [16, 31],
      [6, 6],
      [80, 80],
    ],
    [
      [100, 100],
      [0, 255],
      [0, 65535],
    ],
  ];
  assert.deepEqual(disjointUnion(boxes), [
    [
      [0, 15],
      [6, 6],
      [443, 443],
    ],
    [
      [16, 31],
      [6, 6],
      [80, 80],
    ],
    [
      [16, 31],
      [6, 6],
      [443, 443],
    ],
    [
      [32, 99],
      [6, 6],
      [443, 443],
    ],
    [
      [100, 100],
      [0, 255],
      [0, 65535],
    ],
    [
      [101, 255],
      [6, 6],
      [443, 443],
    ],
  ]);
  assert.deepEqual(
    disjointUnion([
      [
        [0, 9],
        [1, 1],
      ],
      [
        [10, 19],
        [1, 1],
      ],
    ]),
    [
      [
        [0, 19],
        [1, 1],
      ],
    ],
  );
  assert.deepEqual(disjointUnion([]), []);
  assert.deepEqual(
    mergeIntervals([
      [5, 9],
      [0, 3],
      [4, 4],
      [20, 30],
    ]),
    [
      [0, 9],
      [20, 30],
    ],
  );
});

test('property: same points as the input, no two pieces overlap', () => {
  const interval = fc.tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 12 })).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const);
  const box = fc.tuple(interval, interval, interval);
  fc.assert(
    fc.property(fc.array(box, { maxLength: 8 }), (boxes) => {
      const pieces = disjointUnion(boxes);
      for (let x = 0; x <= 12; x++) {
        for (let y = 0; y <= 12; y++) {
          for (let z = 0; z <= 12; z++) {
            const covered = boxes.some((b) => inside(b, [x, y, z]));
            const hits = pieces.filter((p) => inside(p, [x, y, z])).length;
            if (hits !== (covered ? 1 : 0)) return false;
          }
        }
      }
      return true;
    }),
    { numRuns: 150 },
  );
});
