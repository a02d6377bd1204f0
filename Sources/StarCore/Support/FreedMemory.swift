/// Memory the process has freed but the allocator still holds: glibc keeps what each thread freed in that
/// thread's arena, so after a phase that read 100,000 files on every core the resident size stays at that
/// phase's high-water mark while the next phase allocates anew (docs/benchmarks.md has the figures).
enum FreedMemory {
    /// Gives the freed memory of every arena back to the system; a few milliseconds, done between phases.
    static func release() {
        #if os(Linux)
            _ = mallocTrim(0)
        #endif
    }
}

#if os(Linux)
    // malloc.h, which Swift's Glibc module leaves out: int malloc_trim(size_t pad).
    @_silgen_name("malloc_trim")
    private func mallocTrim(_ pad: Int) -> Int32
#endif
