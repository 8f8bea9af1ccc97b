#pragma once
// A counting allocator for the benchmark binary: malloc, calloc, realloc and the aligned
// allocators are interposed (glibc: the executable's definitions win, and operator new,
// std::vector and Eigen all end in malloc), so every heap allocation of every thread is
// counted, and the live heap bytes are tracked with malloc_usable_size.
//
// Use: read allocationCount() before and after the code to measure and subtract; reset the
// peak with resetPeakLiveBytes() before measuring a high-water mark. Counting costs one
// relaxed atomic add per allocation, nothing on code that does not allocate.

#include <cstdint>

namespace bench {

std::uint64_t allocationCount();
std::int64_t liveBytes();
std::int64_t peakLiveBytes();
void resetPeakLiveBytes();

} // namespace bench
