import { describe, expect, it } from 'vitest';
import { tuneCliHeap } from '../../src/cli/heap.js';

describe('CLI heap tuning', () => {
  it('caps the old-generation growth unless node was given its own --heap-growing-percent', () => {
    expect(tuneCliHeap(['--heap-growing-percent=50'])).toBeUndefined();
    expect(tuneCliHeap(['--heap_growing_percent=30'])).toBeUndefined();
    expect(tuneCliHeap(['--max-old-space-size=512'])).toBe('--heap-growing-percent=100');
  });
});
