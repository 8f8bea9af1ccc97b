#pragma once
// Ctrl-C handling: a sigaction handler for SIGINT (and SIGTERM) that only sets an atomic
// flag; the main thread polls it and turns it into a std::stop_source request, so the
// engine stops between steps and what was recorded is still written. A second Ctrl-C ends
// the program at once (by that signal, as the default action would), after writing the
// message the command set with setSecondInterruptMessage() to stderr (what became of the
// results folder).

#include <string>

namespace bitlab::cli {

void installInterruptHandler();
bool interruptRequested();
// The signal that asked to stop (SIGINT or SIGTERM); 0 when none.
int interruptSignal();
// The line a second Ctrl-C prints (a newline is added); empty: none.
void setSecondInterruptMessage(const std::string& message);

} // namespace bitlab::cli
