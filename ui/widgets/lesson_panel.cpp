#include "ui/widgets/lesson_panel.h"

#include "core/engine/lessons.h"
#include "core/engine/presets.h"
#include "ui/core_text.h"
#include "ui/views/experiment_view.h"

#include <QAction>
#include <QEvent>
#include <QFile>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QTabWidget>
#include <QTextBrowser>
#include <QTextDocument>
#include <QVBoxLayout>

// bitlab_ui is a static library: its resources are linked in only when referenced.
static void initLessonResources()
{
    static const bool done = [] {
        Q_INIT_RESOURCE(resources);
        return true;
    }();
    Q_UNUSED(done);
}

namespace bitlab::ui {

namespace {

QString readResource(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

const Lesson* lessonNamed(const QString& name)
{
    return findLesson(name.toStdString());
}

QString plain(QString tabText)
{
    return tabText.remove(QLatin1Char('&')).trimmed();
}

} // namespace

QString lessonText(const QString& name, const QString& localeName)
{
    if (!lessonNamed(name))
        return {};
    initLessonResources();
    QStringList candidates;
    if (localeName.startsWith(QLatin1String("zh")))
        candidates << QStringLiteral("zh_CN");
    candidates << QStringLiteral("en");
    for (const QString& locale : candidates) {
        const QString html = readResource(QStringLiteral(":/lessons/%1.%2.html").arg(name, locale));
        if (!html.isEmpty())
            return html;
    }
    return {};
}

QString lessonTitle(const QString& name, const QString& localeName)
{
    const Lesson* lesson = lessonNamed(name);
    if (!lesson)
        return {};
    QTextDocument doc;
    doc.setHtml(lessonText(name, localeName));
    const QString title = doc.metaInformation(QTextDocument::DocumentTitle).trimmed();
    return title.isEmpty() ? QString::fromStdString(lesson->title) : title;
}

LessonPanel::LessonPanel(QTabWidget* tabs, QWidget* parent)
    : QDockWidget(parent)
    , m_tabs(tabs)
{
    setObjectName(QStringLiteral("lessonPanel"));
    setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable
        | QDockWidget::DockWidgetFloatable);
    setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);

    auto* box = new QWidget(this);
    m_number = new QLabel(box);
    m_number->setStyleSheet(QStringLiteral("color: palette(dark);"));
    m_title = new QLabel(box);
    m_title->setWordWrap(true);
    m_title->setStyleSheet(QStringLiteral("font-weight: 600; font-size: 13pt;"));
    m_browser = new QTextBrowser(box);
    m_browser->setObjectName(QStringLiteral("lessonText"));
    m_browser->setOpenExternalLinks(true);
    m_browser->setMinimumWidth(300);
    m_viewLabel = new QLabel(box);
    m_viewLabel->setWordWrap(true);
    m_viewButton = new QPushButton(box);
    m_viewButton->setObjectName(QStringLiteral("lessonViewButton"));
    m_run = new QPushButton(box);
    m_run->setObjectName(QStringLiteral("lessonRunButton"));
    m_run->setDefault(true);
    m_compare = new QPushButton(box);
    m_compare->setObjectName(QStringLiteral("lessonCompareButton"));

    auto* viewRow = new QHBoxLayout;
    viewRow->addWidget(m_viewLabel, 1);
    viewRow->addWidget(m_viewButton);
    auto* layout = new QVBoxLayout(box);
    layout->addWidget(m_number);
    layout->addWidget(m_title);
    layout->addWidget(m_browser, 1);
    layout->addLayout(viewRow);
    layout->addWidget(m_run);
    layout->addWidget(m_compare);
    setWidget(box);

    connect(m_viewButton, &QPushButton::clicked, this, [this] { showView(); });
    connect(m_run, &QPushButton::clicked, this, [this] {
        if (const Lesson* lesson = lessonNamed(m_name)) {
            emit runRequested(QString::fromStdString(lesson->preset));
            showView();
            showLessonSettings();
        }
    });
    connect(m_compare, &QPushButton::clicked, this, [this] {
        const Lesson* lesson = lessonNamed(m_name);
        if (lesson && !lesson->comparePresets.empty()) {
            emit compareRequested(QString::fromStdString(lesson->preset),
                QString::fromStdString(lesson->comparePresets.front()));
            showView();
            showLessonSettings();
        }
    });
    retranslate();
}

void LessonPanel::fillMenu(QMenu* menu)
{
    m_menu = menu;
    const QString locale = QLocale().name();
    for (const Lesson& lesson : lessonRegistry()) {
        const QString name = QString::fromStdString(lesson.name);
        QAction* a
            = menu->addAction(tr("%1. %2").arg(lesson.number).arg(lessonTitle(name, locale)));
        a->setObjectName(QStringLiteral("lessonAction-") + name);
        a->setToolTip(tr("Opens the built-in experiment “%1” and its lesson text.")
                          .arg(QString::fromStdString(lesson.preset)));
        connect(a, &QAction::triggered, this, [this, name] {
            if (const Lesson* l = lessonNamed(name))
                emit openRequested(QString::fromStdString(l->preset));
            showLesson(name);
            showLessonSettings();
        });
    }
    menu->setToolTipsVisible(true);
}

bool LessonPanel::showLesson(const QString& name)
{
    if (!lessonNamed(name))
        return false;
    m_name = name;
    m_html = lessonText(name, QLocale().name());
    m_browser->setHtml(m_html);
    retranslate();
    show();
    raise();
    return true;
}

QString LessonPanel::title() const
{
    return m_name.isEmpty() ? QString() : lessonTitle(m_name, QLocale().name());
}

int LessonPanel::findViewTab() const
{
    const Lesson* lesson = lessonNamed(m_name);
    if (!lesson || !m_tabs)
        return -1;
    const QString key = QString::fromStdString(lesson->view);
    for (int i = 0; i < m_tabs->count(); ++i)
        if (const auto* view = qobject_cast<const ExperimentView*>(m_tabs->widget(i));
            view && view->key() == key)
            return i;
    return -1;
}

void LessonPanel::setTrainingActive(bool active)
{
    m_active = active;
    if (m_menu)
        m_menu->setEnabled(!active);
    retranslate();
}

void LessonPanel::showLessonSettings()
{
    const Lesson* lesson = lessonNamed(m_name);
    if (!lesson || !m_tabs)
        return;
    for (int i = 0; i < m_tabs->count(); ++i)
        if (auto* view = qobject_cast<ExperimentView*>(m_tabs->widget(i)))
            view->showLesson(&lesson->show);
}

bool LessonPanel::showView()
{
    const int index = findViewTab();
    if (index < 0)
        return false;
    m_tabs->setCurrentIndex(index);
    return true;
}

void LessonPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        // The menu entries carry the texts' titles, which follow the locale too.
        if (m_menu)
            for (QAction* a : m_menu->actions())
                if (const Lesson* l = lessonNamed(a->objectName().section(QLatin1Char('-'), 1)))
                    a->setText(tr("%1. %2").arg(l->number).arg(
                        lessonTitle(QString::fromStdString(l->name), QLocale().name())));
        if (!m_name.isEmpty()) {
            m_html = lessonText(m_name, QLocale().name());
            m_browser->setHtml(m_html);
        }
    }
    QDockWidget::changeEvent(event);
}

void LessonPanel::retranslate()
{
    setWindowTitle(tr("Lesson"));
    const Lesson* lesson = lessonNamed(m_name);
    m_run->setText(tr("Run this lesson"));
    m_run->setToolTip(tr("Open the lesson's experiment again (discarding changes) and run it."));
    if (!lesson) {
        m_number->setText(QString());
        m_title->setText(tr("Choose a lesson from the Lessons menu."));
        m_viewLabel->setText(QString());
        m_viewButton->hide();
        m_run->setEnabled(false);
        m_compare->hide();
        return;
    }
    m_run->setEnabled(!m_active);
    m_compare->setEnabled(!m_active);
    m_number->setText(
        tr("Lesson %1 of %2").arg(lesson->number).arg(static_cast<int>(lessonRegistry().size())));
    m_title->setText(title());
    // The tab as the window titles it (in the UI language); the key when there is none.
    const int tab = findViewTab();
    const QString view
        = tab >= 0 ? plain(m_tabs->tabText(tab)) : QString::fromStdString(lesson->view);
    m_viewLabel->setText(tr("Look at: the %1 tab").arg(view));
    m_viewButton->setText(tr("Show %1").arg(view));
    m_viewButton->setVisible(tab >= 0);
    if (lesson->comparePresets.empty()) {
        m_compare->hide();
    } else {
        const std::string& other = lesson->comparePresets.front();
        const Preset* preset = findPreset(other);
        m_compare->setText(tr("Run the comparison: %1").arg(QString::fromStdString(other)));
        m_compare->setToolTip(preset ? CoreText::text(preset->description) : QString());
        m_compare->show();
    }
}

} // namespace bitlab::ui
