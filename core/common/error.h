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

} // namespace bitlab
