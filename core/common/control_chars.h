#pragma once
// Control characters in text BitLab shows or uses as a name.
//
// A control character is a C0 code (U+0000-U+001F: NUL, tab, line breaks, ESC, ...), DEL
// (U+007F) or a C1 code (U+0080-U+009F, two bytes in UTF-8). None belongs in a name (run
// names, column names, class labels): a NUL cuts C strings short, a line break or a tab
// breaks tables and CSV rows, an ESC sequence recolours or rewrites a terminal. Names are
// refused when they hold one (findControlCharacter + describeControlCharacter give the
// located error's words); any other text that reaches a terminal goes through
// escapeControlCharacters.

#include <cstddef>
#include <string>
#include <string_view>

namespace bitlab {

// Byte offset of the first control character in UTF-8 text, or npos.
std::size_t findControlCharacter(std::string_view text);

// The control character at byte offset `at` in words, e.g. "a NUL byte (U+0000)",
// "an escape character (U+001B)", "a line break (U+000A)", "a tab (U+0009)",
// "control character U+0085".
std::string describeControlCharacter(std::string_view text, std::size_t at);

// text with every control character written visibly: \n, \r, \t, \xHH (C0 and DEL),
// \u0085 (C1). Everything else (printable ASCII, other UTF-8, invalid bytes) is kept.
// With keepLineBreaks, '\n' stays a line break (for multi-line messages).
std::string escapeControlCharacters(std::string_view text, bool keepLineBreaks = false);

} // namespace bitlab
