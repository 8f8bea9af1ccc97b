#include "core/kernels/product_pool.h"

namespace bitlab {

ProductPool::ProductPool(int threads)
{
    for (int t = 1; t < threads; ++t)
        m_workers.emplace_back([this] { work(); });
}

ProductPool::~ProductPool()
{
    {
        const std::lock_guard lock(m_lock);
        m_quit = true;
    }
    m_wake.notify_all();
    for (std::thread& worker : m_workers)
        worker.join();
}

void ProductPool::run(int count, Task task, void* context)
{
    std::unique_lock call(m_callLock, std::try_to_lock);
    if (m_workers.empty() || count <= 1 || !call.owns_lock()) {
        for (int i = 0; i < count; ++i)
            task(context, i);
        return;
    }
    {
        const std::lock_guard lock(m_lock);
        m_task = task;
        m_context = context;
        m_count = count;
        m_next = 0;
        m_busy = static_cast<int>(m_workers.size());
        ++m_generation;
    }
    m_wake.notify_all();
    drain();
    // Every worker leaves this call before the next one may change the task.
    std::unique_lock lock(m_lock);
    m_done.wait(lock, [this] { return m_busy == 0; });
}

void ProductPool::drain()
{
    for (;;) {
        int i = 0;
        {
            const std::lock_guard lock(m_lock);
            if (m_next >= m_count)
                return;
            i = m_next++;
        }
        m_task(m_context, i);
    }
}

void ProductPool::work()
{
    std::uint64_t seen = 0;
    for (;;) {
        {
            std::unique_lock lock(m_lock);
            m_wake.wait(lock, [&] { return m_quit || m_generation != seen; });
            if (m_quit)
                return;
            seen = m_generation;
        }
        drain();
        bool last = false;
        {
            const std::lock_guard lock(m_lock);
            last = --m_busy == 0;
        }
        if (last)
            m_done.notify_one();
    }
}

} // namespace bitlab
