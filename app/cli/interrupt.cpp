#include "app/cli/interrupt.h"

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstring>
#include <unistd.h>

namespace bitlab::cli {

namespace {
std::atomic<int> g_signal { 0 };
static_assert(std::atomic<int>::is_always_lock_free, "the signal handler needs a lock-free flag");

// The second Ctrl-C's message: written into the buffer the handler is not reading, then
// published by one atomic store (the handler only reads).
char g_messages[2][1024];
std::atomic<int> g_published { -1 };
static_assert(std::atomic<int>::is_always_lock_free);

extern "C" void onSignal(int signal)
{
    int none = 0;
    if (g_signal.compare_exchange_strong(none, signal))
        return; // the first: stop between steps, write what was recorded
    const int which = g_published.load();
    if (which >= 0) {
        const char* text = g_messages[which];
        std::size_t n = 0;
        while (n < sizeof g_messages[0] && text[n] != '\0')
            ++n;
        [[maybe_unused]] const auto written = ::write(STDERR_FILENO, text, n);
    }
    // End as the signal's default action would (the shell sees "killed by SIGINT"): the
    // signal is blocked while its handler runs, so it is delivered when this returns.
    std::signal(signal, SIG_DFL);
    std::raise(signal);
}
} // namespace

void installInterruptHandler()
{
    struct sigaction action { };
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    sigaddset(&action.sa_mask, SIGINT);
    sigaddset(&action.sa_mask, SIGTERM);
    action.sa_flags = 0;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

bool interruptRequested()
{
    return g_signal.load() != 0;
}

int interruptSignal()
{
    return g_signal.load();
}

void setSecondInterruptMessage(const std::string& message)
{
    if (message.empty()) {
        g_published = -1;
        return;
    }
    const int target = g_published.load() == 0 ? 1 : 0;
    const std::string line = message + "\n";
    const std::size_t n = std::min(line.size(), sizeof g_messages[0] - 1);
    std::memcpy(g_messages[target], line.data(), n);
    g_messages[target][n] = '\0';
    g_published = target;
}

} // namespace bitlab::cli
