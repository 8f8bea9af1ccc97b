#pragma once
// UsageError: the command line itself is malformed (unknown option, missing argument).
// bitlab-cli reports it with a usage hint and exits 2; bad input files, keys or preset
// names are bitlab::Error instead (exit 1).

#include <stdexcept>
#include <string>

namespace bitlab::cli {

class UsageError : public std::runtime_error {
public:
    UsageError(const std::string& message, std::string command)
        : std::runtime_error(message), m_command(std::move(command)) {}
    // The command whose usage line to show ("run", "inspect", ...), empty for the top level.
    const std::string& command() const { return m_command; }

private:
    std::string m_command;
};

} // namespace bitlab::cli
