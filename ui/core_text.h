#pragma once
// CoreText: the engine's user-visible English texts in the UI language. core/ includes no
// Qt, so the descriptions of its registries (datasets, models, losses, optimizers,
// quantizers), the presets' titles and descriptions, the conventions' titles and
// differences, and the task and run-status names are listed in core_text.cpp with
// QT_TRANSLATE_NOOP (context "bitlab::ui::CoreText") for lupdate, and translated where the
// UI shows them: CoreText::text(info.description).
// A text missing from the list shows in English; tst_translation lists what is missing,
// ready to paste (docs/gui.md, Translations).

#include <QCoreApplication>
#include <QString>
#include <QStringList>
#include <string>

namespace bitlab::ui {

class CoreText {
    Q_DECLARE_TR_FUNCTIONS(bitlab::ui::CoreText)
public:
    // The translation of an engine text (the text itself when there is none).
    static QString text(const std::string& english);
    static QString text(const char* english);
    // Every engine text the UI shows, in English, read from the registries at run time
    // (what core_text.cpp must list).
    static QStringList shownTexts();
};

} // namespace bitlab::ui
