// The JSON reader of json_text.h: a recursive-descent parser over UTF-8 bytes that
// reports line:column and enforces the depth and value limits before it allocates.

#include "core/common/error.h"
#include "core/io/json_text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <system_error>

namespace bitlab::io {

namespace {

class Parser {
public:
    Parser(const QByteArray& text, const QString& fileName, int maxDepth, qint64 maxValues,
        bool packNumbers)
        : m_p(text.constData())
        , m_end(text.constData() + text.size())
        , m_begin(m_p)
        , m_file(fileName.isEmpty() ? QStringLiteral("input") : fileName)
        , m_maxDepth(maxDepth)
        , m_maxValues(maxValues)
        , m_packNumbers(packNumbers)
    {
    }

    JsonNode document()
    {
        checkEncoding();
        skipSpace();
        if (m_p == m_end)
            failHere(QStringLiteral("the file is empty (expected a JSON object)"));
        JsonNode root = value(0);
        skipSpace();
        if (m_p != m_end)
            failHere(QStringLiteral("unexpected text after the end of the JSON document"));
        return root;
    }

private:
    [[noreturn]] void failAt(const char* at, const QString& what) const
    {
        int line = 1, column = 1;
        for (const char* c = m_begin; c < at && c < m_end; ++c) {
            if (*c == '\n') {
                ++line;
                column = 1;
            } else if ((static_cast<unsigned char>(*c) & 0xC0) != 0x80) {
                ++column; // count characters, not UTF-8 continuation bytes
            }
        }
        throw Error(QStringLiteral("%1:%2:%3: %4")
                        .arg(m_file)
                        .arg(line)
                        .arg(column)
                        .arg(what)
                        .toStdString());
    }
    [[noreturn]] void failHere(const QString& what) const { failAt(m_p, what); }

    void checkEncoding()
    {
        const auto size = m_end - m_p;
        const auto* u = reinterpret_cast<const unsigned char*>(m_p);
        if (size >= 4
            && ((u[0] == 0 && u[1] == 0 && u[2] == 0xFE && u[3] == 0xFF)
                || (u[0] == 0xFF && u[1] == 0xFE && u[2] == 0 && u[3] == 0)))
            throw Error(QStringLiteral("%1: the file is UTF-32 text; save it as UTF-8")
                            .arg(m_file)
                            .toStdString());
        if (size >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
            throw Error(QStringLiteral("%1: the file is UTF-16 text; save it as UTF-8")
                            .arg(m_file)
                            .toStdString());
        if (size >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
            m_p += 3;
            m_begin = m_p;
        }
        const char* nul
            = static_cast<const char*>(memchr(m_p, 0, static_cast<size_t>(m_end - m_p)));
        if (nul) {
            // ASCII text stored as UTF-16 without a BOM: every other byte is NUL and the
            // bytes between are printable.
            const auto n = std::min<std::ptrdiff_t>(size, 256) & ~std::ptrdiff_t(1);
            bool utf16 = n >= 2;
            for (int parity = 0; parity < 2 && n >= 2; ++parity) {
                utf16 = n >= 2;
                for (std::ptrdiff_t i = 0; i < n && utf16; i += 2) {
                    const unsigned char zero = u[i + parity], text = u[i + 1 - parity];
                    utf16 = zero == 0
                        && (text == '\t' || text == '\n' || text == '\r'
                            || (text >= 0x20 && text < 0x7F));
                }
                if (utf16)
                    break;
            }
            if (utf16)
                throw Error(QStringLiteral("%1: the file looks like UTF-16 text; save it as UTF-8")
                                .arg(m_file)
                                .toStdString());
            failAt(
                nul, QStringLiteral("the file contains binary data (a NUL byte), not JSON text"));
        }
    }

    void skipSpace()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\t' || *m_p == '\n' || *m_p == '\r'))
            ++m_p;
    }

    JsonNode value(int depth)
    {
        skipSpace();
        if (depth >= m_maxDepth)
            failHere(QStringLiteral("the JSON is nested more than %1 levels deep").arg(m_maxDepth));
        if (++m_values > m_maxValues)
            failHere(QStringLiteral("the file holds more than %1 JSON values, the limit for this "
                                    "kind of file")
                         .arg(m_maxValues));
        skipSpace();
        if (m_p == m_end)
            failHere(QStringLiteral("the file ends early (truncated?): a value is missing"));
        JsonNode node;
        switch (*m_p) {
        case '{':
            object(node, depth);
            break;
        case '[':
            array(node, depth);
            break;
        case '"':
            node.type = JsonNode::Type::String;
            node.string = string();
            break;
        case 't':
            literal("true");
            node.type = JsonNode::Type::Bool;
            node.boolean = true;
            break;
        case 'f':
            literal("false");
            node.type = JsonNode::Type::Bool;
            node.boolean = false;
            break;
        case 'n':
            literal("null");
            node.type = JsonNode::Type::Null;
            break;
        default:
            if (*m_p == '-' || (*m_p >= '0' && *m_p <= '9'))
                number(node);
            else
                failHere(unexpected(QStringLiteral("a value")));
        }
        return node;
    }

    QString unexpected(const QString& expected) const
    {
        if (m_p == m_end)
            return QStringLiteral("the file ends early (truncated?): expected %1").arg(expected);
        const unsigned char c = static_cast<unsigned char>(*m_p);
        if (c < 0x20 || c >= 0x80)
            return QStringLiteral("unexpected byte 0x%1, expected %2")
                .arg(c, 2, 16, QLatin1Char('0'))
                .arg(expected);
        return QStringLiteral("unexpected '%1', expected %2").arg(QChar(c)).arg(expected);
    }

    void literal(const char* word)
    {
        const char* start = m_p;
        for (const char* w = word; *w; ++w, ++m_p)
            if (m_p == m_end || *m_p != *w)
                failAt(start,
                    QStringLiteral("invalid literal (expected '%1'; strings need double "
                                   "quotes)")
                        .arg(QLatin1String(word)));
    }

    void object(JsonNode& node, int depth)
    {
        node.type = JsonNode::Type::Object;
        ++m_p; // {
        skipSpace();
        if (m_p < m_end && *m_p == '}') {
            ++m_p;
            return;
        }
        for (;;) {
            skipSpace();
            if (m_p == m_end || *m_p != '"')
                failHere(unexpected(QStringLiteral("a key in double quotes")));
            QString key = string();
            skipSpace();
            if (m_p == m_end || *m_p != ':')
                failHere(unexpected(QStringLiteral("':' after the key \"%1\"").arg(key)));
            ++m_p;
            node.object.emplace_back(std::move(key), value(depth + 1));
            skipSpace();
            if (m_p < m_end && *m_p == ',') {
                ++m_p;
                continue;
            }
            if (m_p < m_end && *m_p == '}') {
                ++m_p;
                return;
            }
            failHere(unexpected(QStringLiteral("',' or '}'")));
        }
    }

    void array(JsonNode& node, int depth)
    {
        node.type = JsonNode::Type::Array;
        ++m_p; // [
        skipSpace();
        if (m_p < m_end && *m_p == ']') {
            ++m_p;
            return;
        }
        for (;;) {
            skipSpace();
            const bool isNumber = m_p < m_end && (*m_p == '-' || (*m_p >= '0' && *m_p <= '9'));
            if (m_packNumbers && isNumber && node.array.empty()) {
                // value(depth + 1)'s checks, then the number alone.
                if (depth + 1 >= m_maxDepth)
                    failHere(QStringLiteral("the JSON is nested more than %1 levels deep")
                                 .arg(m_maxDepth));
                if (++m_values > m_maxValues)
                    failHere(
                        QStringLiteral("the file holds more than %1 JSON values, the limit for "
                                       "this kind of file")
                            .arg(m_maxValues));
                JsonNode n;
                number(n);
                node.numbers.push_back(n.number);
            } else {
                if (!node.numbers.empty()) { // not numbers only after all: back to nodes
                    for (double x : node.numbers)
                        node.array.push_back(numberNode(x));
                    node.numbers = {};
                }
                node.array.push_back(value(depth + 1));
            }
            skipSpace();
            if (m_p < m_end && *m_p == ',') {
                ++m_p;
                continue;
            }
            if (m_p < m_end && *m_p == ']') {
                ++m_p;
                return;
            }
            failHere(unexpected(QStringLiteral("',' or ']'")));
        }
    }

    unsigned hex4()
    {
        unsigned v = 0;
        for (int i = 0; i < 4; ++i, ++m_p) {
            if (m_p == m_end)
                failHere(QStringLiteral("the file ends inside a \\u escape"));
            const char c = *m_p;
            v <<= 4;
            if (c >= '0' && c <= '9')
                v |= unsigned(c - '0');
            else if (c >= 'a' && c <= 'f')
                v |= unsigned(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                v |= unsigned(c - 'A' + 10);
            else
                failHere(QStringLiteral("invalid \\u escape (expected 4 hex digits)"));
        }
        return v;
    }

    QString string()
    {
        const char* open = m_p;
        ++m_p; // "
        std::u32string out;
        for (;;) {
            if (m_p == m_end)
                failAt(open, QStringLiteral("unterminated string (the closing '\"' is missing)"));
            const unsigned char c = static_cast<unsigned char>(*m_p);
            if (c == '"') {
                ++m_p;
                break;
            }
            if (c < 0x20)
                failHere(
                    QStringLiteral("a control character inside a string (write \\n, \\t, ...)"));
            if (c == '\\') {
                ++m_p;
                if (m_p == m_end)
                    failAt(open, QStringLiteral("unterminated string"));
                const char e = *m_p++;
                switch (e) {
                case '"':
                    out += U'"';
                    break;
                case '\\':
                    out += U'\\';
                    break;
                case '/':
                    out += U'/';
                    break;
                case 'b':
                    out += U'\b';
                    break;
                case 'f':
                    out += U'\f';
                    break;
                case 'n':
                    out += U'\n';
                    break;
                case 'r':
                    out += U'\r';
                    break;
                case 't':
                    out += U'\t';
                    break;
                case 'u': {
                    unsigned cp = hex4();
                    if (cp >= 0xD800 && cp <= 0xDBFF) {
                        if (m_end - m_p < 2 || m_p[0] != '\\' || m_p[1] != 'u')
                            failHere(QStringLiteral("a lone UTF-16 surrogate in a \\u escape"));
                        m_p += 2;
                        const unsigned lo = hex4();
                        if (lo < 0xDC00 || lo > 0xDFFF)
                            failHere(QStringLiteral("a lone UTF-16 surrogate in a \\u escape"));
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                        failHere(QStringLiteral("a lone UTF-16 surrogate in a \\u escape"));
                    }
                    out += char32_t(cp);
                    break;
                }
                default:
                    failAt(m_p - 2,
                        QStringLiteral("invalid escape '\\%1' in a string")
                            .arg(QChar(static_cast<unsigned char>(e))));
                }
                continue;
            }
            if (c < 0x80) {
                out += char32_t(c);
                ++m_p;
                continue;
            }
            // Multi-byte UTF-8: validate strictly (no overlong forms, no surrogates).
            int len = 0;
            char32_t cp = 0;
            if ((c & 0xE0) == 0xC0) {
                len = 2;
                cp = c & 0x1F;
            } else if ((c & 0xF0) == 0xE0) {
                len = 3;
                cp = c & 0x0F;
            } else if ((c & 0xF8) == 0xF0) {
                len = 4;
                cp = c & 0x07;
            } else
                failHere(QStringLiteral("invalid UTF-8 (byte 0x%1); save the file as UTF-8")
                             .arg(c, 2, 16, QLatin1Char('0')));
            if (m_end - m_p < len)
                failHere(QStringLiteral(
                    "invalid UTF-8 (a truncated character); save the file as UTF-8"));
            for (int i = 1; i < len; ++i) {
                const unsigned char b = static_cast<unsigned char>(m_p[i]);
                if ((b & 0xC0) != 0x80)
                    failHere(QStringLiteral("invalid UTF-8 (byte 0x%1); save the file as UTF-8")
                                 .arg(c, 2, 16, QLatin1Char('0')));
                cp = (cp << 6) | (b & 0x3F);
            }
            const bool overlong
                = (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
            if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                failHere(QStringLiteral(
                    "invalid UTF-8 (a malformed character); save the file as UTF-8"));
            out += cp;
            m_p += len;
        }
        return QString::fromUcs4(out.data(), static_cast<qsizetype>(out.size()));
    }

    void number(JsonNode& node)
    {
        const char* start = m_p;
        const char* p = m_p;
        bool integral = true;
        if (p < m_end && *p == '-')
            ++p;
        if (p == m_end || !(*p >= '0' && *p <= '9'))
            failAt(start, QStringLiteral("invalid number (a digit must follow '-')"));
        if (*p == '0') {
            ++p;
            if (p < m_end && *p >= '0' && *p <= '9')
                failAt(start, QStringLiteral("invalid number (no leading zeros in JSON)"));
        } else {
            while (p < m_end && *p >= '0' && *p <= '9')
                ++p;
        }
        if (p < m_end && *p == '.') {
            integral = false;
            ++p;
            if (p == m_end || !(*p >= '0' && *p <= '9'))
                failAt(start, QStringLiteral("invalid number (a digit must follow '.')"));
            while (p < m_end && *p >= '0' && *p <= '9')
                ++p;
        }
        if (p < m_end && (*p == 'e' || *p == 'E')) {
            integral = false;
            ++p;
            if (p < m_end && (*p == '+' || *p == '-'))
                ++p;
            if (p == m_end || !(*p >= '0' && *p <= '9'))
                failAt(start, QStringLiteral("invalid number (a digit must follow the exponent)"));
            while (p < m_end && *p >= '0' && *p <= '9')
                ++p;
        }
        const auto text = [&] { return QString::fromLatin1(start, p - start); };
        double d = 0.0;
        const auto r = std::from_chars(start, p, d);
        if (r.ec == std::errc::result_out_of_range || (r.ec == std::errc() && !std::isfinite(d)))
            failAt(start,
                QStringLiteral("the number %1 is out of range for a double (magnitudes "
                               "from about 2.2e-308 to 1.8e308, or 0)")
                    .arg(text()));
        if (r.ec != std::errc() || r.ptr != p)
            failAt(start, QStringLiteral("invalid number %1").arg(text()));
        node.type = JsonNode::Type::Number;
        node.number = d;
        if (integral && !(p - start == 2 && start[0] == '-' && start[1] == '0')) {
            std::int64_t i = 0;
            const auto ri = std::from_chars(start, p, i);
            if (ri.ec == std::errc() && ri.ptr == p) {
                node.isInteger = true;
                node.integer = i;
            }
        }
        m_p = p;
    }

    const char* m_p;
    const char* m_end;
    const char* m_begin;
    QString m_file;
    int m_maxDepth;
    qint64 m_maxValues;
    bool m_packNumbers;
    qint64 m_values = 0;
};

} // namespace

JsonNode parseJson(const QByteArray& text, const QString& fileName, int maxDepth, qint64 maxValues,
    bool packNumbers)
{
    Parser parser(text, fileName, maxDepth, maxValues, packNumbers);
    return parser.document();
}

} // namespace bitlab::io
