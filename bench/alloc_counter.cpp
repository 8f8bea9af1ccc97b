// Interposes the C allocator (see alloc_counter.h). glibc exports its own implementation
// as __libc_malloc & co., which the wrappers forward to.

#include "bench/alloc_counter.h"

#include <atomic>
#include <cstddef>
#include <malloc.h>

extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* __libc_memalign(std::size_t, std::size_t);
void __libc_free(void*);
}

namespace {

std::atomic<std::uint64_t> g_count { 0 };
std::atomic<std::int64_t> g_live { 0 };
std::atomic<std::int64_t> g_peak { 0 };

void added(void* p)
{
    if (!p)
        return;
    g_count.fetch_add(1, std::memory_order_relaxed);
    const auto size = static_cast<std::int64_t>(malloc_usable_size(p));
    const auto now = g_live.fetch_add(size, std::memory_order_relaxed) + size;
    auto peak = g_peak.load(std::memory_order_relaxed);
    while (now > peak && !g_peak.compare_exchange_weak(peak, now, std::memory_order_relaxed)) { }
}

void removed(void* p)
{
    if (p)
        g_live.fetch_sub(
            static_cast<std::int64_t>(malloc_usable_size(p)), std::memory_order_relaxed);
}

} // namespace

extern "C" {

void* malloc(std::size_t size)
{
    void* p = __libc_malloc(size);
    added(p);
    return p;
}

void* calloc(std::size_t n, std::size_t size)
{
    void* p = __libc_calloc(n, size);
    added(p);
    return p;
}

void* realloc(void* old, std::size_t size)
{
    removed(old);
    void* p = __libc_realloc(old, size);
    if (p)
        added(p);
    else if (old && size != 0)
        g_live.fetch_add(static_cast<std::int64_t>(malloc_usable_size(old)));
    return p;
}

void free(void* p)
{
    removed(p);
    __libc_free(p);
}

void* memalign(std::size_t alignment, std::size_t size)
{
    void* p = __libc_memalign(alignment, size);
    added(p);
    return p;
}

void* aligned_alloc(std::size_t alignment, std::size_t size)
{
    return memalign(alignment, size);
}

int posix_memalign(void** out, std::size_t alignment, std::size_t size)
{
    void* p = memalign(alignment, size);
    if (!p)
        return 12; // ENOMEM
    *out = p;
    return 0;
}

} // extern "C"

namespace bench {

std::uint64_t allocationCount()
{
    return g_count.load(std::memory_order_relaxed);
}

std::int64_t liveBytes()
{
    return g_live.load(std::memory_order_relaxed);
}

std::int64_t peakLiveBytes()
{
    return g_peak.load(std::memory_order_relaxed);
}

void resetPeakLiveBytes()
{
    g_peak.store(g_live.load(std::memory_order_relaxed), std::memory_order_relaxed);
}

} // namespace bench
