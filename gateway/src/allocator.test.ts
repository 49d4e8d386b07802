import { describe, expect, it } from 'vitest';
import { untunedAllocator } from './allocator.ts';

describe('untunedAllocator', () => {
  it('is true on Linux with glibc defaults only', () => {
    expect(untunedAllocator({}, 'linux')).toBe(true);
    expect(untunedAllocator({ LD_PRELOAD: '/usr/lib/libfoo.so' }, 'linux')).toBe(true);
    expect(untunedAllocator({ MALLOC_ARENA_MAX: '2' }, 'linux')).toBe(false);
    expect(untunedAllocator({ LD_PRELOAD: '/usr/lib/x86_64-linux-gnu/libjemalloc.so.2' }, 'linux')).toBe(false);
    expect(untunedAllocator({}, 'darwin')).toBe(false);
  });
});
