#pragma once
// ProductPool: the threads one run lends its dense products (docs/performance.md,
// "Threads for one run's products").
//
// run(count, task) calls task(0) .. task(count - 1), each exactly once, on the calling
// thread and the pool's workers, and returns when all are done. Which thread computes
// which task changes from call to call; the caller makes the tasks independent of that
// (each writes its own part of the result), so the numbers never depend on the thread
// count or the scheduling.
//
// One run() at a time: a second thread calling run() while another call is in progress
// computes its tasks alone, in order (same results, no waiting on each other).

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace bitlab {

class ProductPool {
public:
    using Task = void (*)(void* context, int index);

    // `threads` in all, the caller included: threads - 1 workers (none for 1).
    explicit ProductPool(int threads);
    ~ProductPool();
    ProductPool(const ProductPool&) = delete;
    ProductPool& operator=(const ProductPool&) = delete;

    int threads() const { return static_cast<int>(m_workers.size()) + 1; }

    // task(context, i) for every i in [0, count); `task` must not throw.
    void run(int count, Task task, void* context);

private:
    void work();
    // Takes and runs tasks of the current call until none is left.
    void drain();

    std::mutex m_callLock; // held by the one run() the workers serve
    std::mutex m_lock; // guards everything below
    std::condition_variable m_wake; // a new call, or quit
    std::condition_variable m_done; // the last worker left the current call
    std::uint64_t m_generation = 0;
    bool m_quit = false;
    int m_busy = 0; // workers still inside the current call
    int m_count = 0;
    int m_next = 0; // the next task to hand out
    Task m_task = nullptr;
    void* m_context = nullptr;
    std::vector<std::thread> m_workers;
};

} // namespace bitlab
