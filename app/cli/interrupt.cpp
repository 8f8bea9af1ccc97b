#include "app/cli/interrupt.h"

#include <atomic>
#include <csignal>

namespace bitlab::cli {

namespace {
std::atomic<int> g_signal{0};
static_assert(std::atomic<int>::is_always_lock_free, "the signal handler needs a lock-free flag");

extern "C" void onSignal(int signal) { g_signal.store(signal); }
} // namespace

void installInterruptHandler()
{
    struct sigaction action {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

bool interruptRequested() { return g_signal.load() != 0; }

int interruptSignal() { return g_signal.load(); }

} // namespace bitlab::cli
