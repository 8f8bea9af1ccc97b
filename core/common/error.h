#pragma once
// The engine's one exception type. Every message is a full sentence meant for the user:
// it names the file, line, column or key that is wrong, and what would be right.

#include <stdexcept>
#include <string>

namespace bitlab {

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A long operation (loading a CSV, building an experiment) ended early because its caller
// asked it to stop: not a fault of the input, so it is never shown as one.
class Cancelled : public Error {
public:
    using Error::Error;
};

} // namespace bitlab
