#include "ui/language.h"

#include <QAction>
#include <QActionGroup>
#include <QFile>
#include <QLibraryInfo>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QTranslator>

namespace bitlab::ui {

namespace {
const QString kSettingsKey = QStringLiteral("ui/language");

// The translators installed by the last install(), children of the application.
QList<QTranslator*>& installed()
{
    static QList<QTranslator*> list;
    return list;
}

// BitLab's catalogue name for a locale: the first of its UI languages we ship ("zh_CN" for
// zh_CN, zh_SG, zh_Hans...), or empty when the locale wants English or one we do not ship.
QString shippedName(const QLocale& locale)
{
    for (const QString& ui : locale.uiLanguages()) {
        const QLocale l(ui);
        if (l.language() == QLocale::English)
            return {};
        if (l.language() == QLocale::Chinese && l.script() != QLocale::TraditionalChineseScript
            && l.territory() != QLocale::Taiwan && l.territory() != QLocale::HongKong)
            return QStringLiteral("zh_CN");
    }
    return {};
}
} // namespace

QList<Language::Option> Language::options()
{
    // The language names are written in their own language, never translated.
    return {
        { QString(), tr("System default") },
        { QStringLiteral("en"), QStringLiteral("English") },
        { QStringLiteral("zh_CN"), QStringLiteral("简体中文") },
    };
}

QString Language::storedChoice()
{
    return QSettings().value(kSettingsKey).toString();
}

void Language::storeChoice(const QString& code)
{
    QSettings settings;
    if (code.isEmpty())
        settings.remove(kSettingsKey);
    else
        settings.setValue(kSettingsKey, code);
}

QLocale Language::localeFor(const QString& code)
{
    return code.isEmpty() ? QLocale::system() : QLocale(code);
}

QString Language::catalogPath(const QLocale& locale)
{
    const QString name = shippedName(locale);
    return name.isEmpty() ? QString() : QStringLiteral(":/translations/bitlab_%1.qm").arg(name);
}

bool Language::install(const QLocale& locale)
{
    auto* app = QCoreApplication::instance();
    for (QTranslator* t : installed()) {
        QCoreApplication::removeTranslator(t);
        delete t;
    }
    installed().clear();

    const QString name = shippedName(locale);
    const bool english = locale.language() == QLocale::English || locale.language() == QLocale::C;
    // The default locale follows the UI language (lesson texts and number formats read it).
    if (name.isEmpty()) {
        QLocale::setDefault(english ? locale : QLocale(QLocale::English, QLocale::UnitedStates));
        return english;
    }
    auto* own = new QTranslator(app);
    if (!own->load(catalogPath(locale))) {
        delete own;
        return false;
    }
    QCoreApplication::installTranslator(own);
    installed().push_back(own);

    // Qt's own strings (Cancel, Open, Save…); missing when qt6-translations-l10n is not
    // installed, which only leaves the standard buttons in English.
    auto* qt = new QTranslator(app);
    if (qt->load(QLocale(name), QStringLiteral("qtbase"), QStringLiteral("_"),
            QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt);
        installed().push_back(qt);
    } else {
        delete qt;
    }
    QLocale::setDefault(QLocale(name));
    return true;
}

void Language::fillMenu(QMenu* menu, QWidget* parent)
{
    auto* group = new QActionGroup(menu);
    const QString current = storedChoice();
    for (const Option& o : options()) {
        QAction* a = menu->addAction(o.nativeName);
        a->setCheckable(true);
        a->setChecked(o.code == current);
        a->setData(o.code);
        a->setObjectName(QStringLiteral("actionLanguage_")
            + (o.code.isEmpty() ? QStringLiteral("system") : o.code));
        group->addAction(a);
        QObject::connect(a, &QAction::triggered, menu, [code = o.code, parent] {
            if (code == storedChoice())
                return;
            storeChoice(code);
            QMessageBox::information(parent, tr("Language"),
                tr("The new language applies the next time BitLab starts."));
        });
    }
}

} // namespace bitlab::ui
