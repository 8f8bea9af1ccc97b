#pragma once
// Language: picks and installs the UI language. The choice is, in order: a command-line
// override (`bitlab --lang zh_CN`), the user's pick in View ▸ Language (stored in QSettings
// under "ui/language"), and otherwise the system locale (QLocale::system()). Installing a
// language loads BitLab's own catalogue from the resources (:/translations/bitlab_zh_CN.qm,
// built from resources/translations/*.ts) and Qt's catalogue for the standard dialogs and
// buttons (qtbase_zh_CN.qm from QLibraryInfo::TranslationsPath; Debian package
// qt6-translations-l10n). English needs no catalogue: it is the source language.
//
// Widgets take their texts when they are built, so a new choice in the menu applies at the
// next start (the menu says so).

#include <QCoreApplication>
#include <QList>
#include <QLocale>
#include <QString>

class QMenu;
class QTranslator;
class QWidget;

namespace bitlab::ui {

class Language {
    Q_DECLARE_TR_FUNCTIONS(bitlab::ui::Language)
public:
    struct Option {
        QString code; // "" (system default), "en", "zh_CN"
        QString nativeName; // as shown in the menu: "English", "简体中文"
    };

    // The languages BitLab ships, system default first.
    static QList<Option> options();
    // The stored choice ("" when the user never chose, or chose System default).
    static QString storedChoice();
    static void storeChoice(const QString& code);
    // The locale a code stands for: "" means QLocale::system().
    static QLocale localeFor(const QString& code);
    // Installs BitLab's and Qt's catalogues for `locale` on the application, replacing any
    // installed before. Returns true when BitLab's catalogue loaded or none is needed
    // (English); false when the locale has no BitLab translation (the UI stays English).
    static bool install(const QLocale& locale);
    // The resource path of BitLab's catalogue for a locale (":/translations/bitlab_zh_CN.qm").
    static QString catalogPath(const QLocale& locale);
    // Fills `menu` with one checkable action per option; choosing one stores it and tells
    // the user it applies at the next start (message boxes parented to `parent`).
    static void fillMenu(QMenu* menu, QWidget* parent);
};

} // namespace bitlab::ui
