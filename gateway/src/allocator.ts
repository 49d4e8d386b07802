/**
 * Whether to warn that the process runs on glibc's malloc untuned. glibc gives each thread that
 * allocates (DuckDB's workers, libuv's pool) an arena of its own, up to eight per core, and keeps
 * freed memory in each one, so under steady load the resident size creeps up: the soak measured
 * twice the native growth of `MALLOC_ARENA_MAX=2` or jemalloc (README, "Memory"). glibc reads the
 * variable once at start, so the process cannot tune itself; the service unit sets it.
 */
export function untunedAllocator(env: Readonly<Record<string, string | undefined>>, platform: string): boolean {
  if (platform !== 'linux') return false;
  if (env.MALLOC_ARENA_MAX) return false;
  return !(env.LD_PRELOAD ?? '').includes('jemalloc');
}
