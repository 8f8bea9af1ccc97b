#pragma once
// The UI-thread rule: widgets, views and the RunHistory are touched only on the thread that
// owns the QApplication. Everything the training worker reports reaches the UI through
// queued signals; the entry points those signals reach (MainWindow's slots, the views'
// refresh) state the rule with BITLAB_ASSERT_UI_THREAD(), which in debug builds (no
// QT_NO_DEBUG, e.g. `make test-asan`) aborts with the function's name when called from
// another thread, and compiles to nothing in release builds.

#include <QCoreApplication>
#include <QThread>

namespace bitlab::ui {

// True on the thread that owns the application object (false before one exists).
inline bool isUiThread()
{
    const QCoreApplication* app = QCoreApplication::instance();
    return app != nullptr && QThread::currentThread() == app->thread();
}

} // namespace bitlab::ui

#define BITLAB_ASSERT_UI_THREAD()                                                                  \
    Q_ASSERT_X(::bitlab::ui::isUiThread(), Q_FUNC_INFO, "a widget was touched off the UI thread")
