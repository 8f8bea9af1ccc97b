#pragma once
// CoreText: the engine's user-visible English texts in the UI language. core/ includes no
// Qt, so it marks its texts (registry descriptions, field labels and help, preset titles,
// conventions, task and run-status names) with BITLAB_TR_NOOP("bitlab::core", ...)
// (core/common/text.h); lupdate reads them from core/ (ui/CMakeLists.txt), and the UI
// translates them where it shows them: CoreText::text(info.description). A text without a
// translation shows in English (tst_translation lists them).

#include <QCoreApplication>
#include <QString>
#include <string>

namespace bitlab::ui {

class CoreText {
public:
    // The translation of an engine text (the text itself when there is none).
    static QString text(const char* english)
    {
        return QCoreApplication::translate("bitlab::core", english);
    }
    static QString text(const std::string& english) { return text(english.c_str()); }
};

} // namespace bitlab::ui
