/*
 * LD_PRELOAD library for bench/mem.sh: logs every native allocation of at least BIGALLOC_MIN_MB (default 1) with
 * its size and call stack to the file BIGALLOC_LOG, so allocs.py can say who allocates what in each phase of a
 * training step. A diagnostic, not part of the zoo. Build: gcc -O2 -shared -fPIC -o bigalloc.so bigalloc.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <execinfo.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static __thread int inside; /* backtrace() may allocate: do not log ourselves */
static int fd = -1;
static size_t min_bytes;

static void record(const char *kind, size_t n) {
    if (inside) return;
    if (!min_bytes) {
        const char *m = getenv("BIGALLOC_MIN_MB");
        min_bytes = (size_t) (m ? atof(m) * 1048576 : 1048576);
    }
    if (n < min_bytes) return;
    inside = 1;
    if (fd < 0) {
        const char *path = getenv("BIGALLOC_LOG");
        fd = open(path ? path : "/tmp/bigalloc.log", O_WRONLY | O_CREAT | O_APPEND, 0644);
    }
    void *frames[12];
    int k = backtrace(frames, 12);
    char line[64];
    int len = snprintf(line, sizeof line, "ALLOC %s %zu\n", kind, n);
    if (write(fd, line, len) < 0) { inside = 0; return; }
    backtrace_symbols_fd(frames + 2, k - 2, fd);
    inside = 0;
}

void *malloc(size_t n) {
    static void *(*real)(size_t);
    if (!real) real = (void *(*)(size_t)) dlsym(RTLD_NEXT, "malloc");
    void *p = real(n);
    record("malloc", n);
    return p;
}

int posix_memalign(void **out, size_t align, size_t n) {
    static int (*real)(void **, size_t, size_t);
    if (!real) real = (int (*)(void **, size_t, size_t)) dlsym(RTLD_NEXT, "posix_memalign");
    int r = real(out, align, n);
    record("posix_memalign", n);
    return r;
}

void *aligned_alloc(size_t align, size_t n) {
    static void *(*real)(size_t, size_t);
    if (!real) real = (void *(*)(size_t, size_t)) dlsym(RTLD_NEXT, "aligned_alloc");
    void *p = real(align, n);
    record("aligned_alloc", n);
    return p;
}
