#pragma once
// Ctrl-C handling: a sigaction handler for SIGINT (and SIGTERM) that only sets an atomic
// flag; the main thread polls it and turns it into a std::stop_source request, so the
// engine stops between steps and what was recorded is still written. A second Ctrl-C
// while stopping falls back to the default action (SA_RESETHAND) and ends the program.

namespace bitlab::cli {

void installInterruptHandler();
bool interruptRequested();
// The signal that asked to stop (SIGINT or SIGTERM); 0 when none.
int interruptSignal();

} // namespace bitlab::cli
