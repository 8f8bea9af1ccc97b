#pragma once
// SweepSetup: what the Sweep tab sweeps, as uic's Ui classes hold a form's widgets: the
// bit-widths (from, to), the schemes (a check box each, from the quantizer registry) and the
// float formats and MX elements (a menu: each one point at its bits per element), any one
// experiment key and its values ("Vary", as bitlab-cli's --vary), and the seeds. It lays
// them out in the tab's first two rows and builds the SweepPlan the tab runs.

#include "core/engine/sweep.h"

#include <QObject>
#include <map>
#include <string>
#include <utility>
#include <vector>

class QAction;
class QCheckBox;
class QComboBox;
class QLayout;
class QLineEdit;
class QSpinBox;
class QToolButton;
class QWidget;

namespace bitlab {
struct LessonSweep;
}

namespace bitlab::ui {

class SweepSetup : public QObject {
    Q_OBJECT
public:
    // Makes the fields, children of `parent`, and the first row (bits, schemes, formats).
    explicit SweepSetup(QWidget* parent);

    QLayout* whatRow() const { return m_what; }
    // The second row: the key and its values, the seeds and then the tab's pickers of what
    // goes on x and of the band.
    QLayout* varyRow(QWidget* xAxis, QWidget* band);

    // The schemes and formats chosen, in registry order ("symmetric", "float:e4m3", ...).
    std::vector<std::string> chosenSchemes() const;
    // A key to vary is given.
    bool keyed() const;
    // The plan of the fields: the key's values (throws Error when they do not parse), the
    // schemes, the bits (bit-width form only) and the seeds.
    SweepPlan plan() const;
    int bitsFrom() const;
    int bitsTo() const;
    int seeds() const;
    // The registry's first scheme (what the tab's hint describes).
    const std::string& firstScheme() const { return m_schemeOrder.front(); }

    // While a sweep runs nothing here can change.
    void setRunning(bool running);
    // A lesson's sweep settings (core/engine/lessons.h): its bits, schemes and formats, no
    // key, its seeds.
    void applyLesson(const LessonSweep& sweep);

signals:
    // A scheme, a format, the key or the seeds changed.
    void changed();

private:
    QWidget* m_parent;
    QLayout* m_what = nullptr;
    QSpinBox* m_bitsFrom = nullptr;
    QSpinBox* m_bitsTo = nullptr;
    std::map<std::string, QCheckBox*> m_schemes;
    std::vector<std::string> m_schemeOrder;
    // The formats to sweep of the schemes whose format sets their bits ("float:bf16",
    // "mx:e2m1"): none chosen for a checked scheme sweeps the run's own format.
    QToolButton* m_formats = nullptr;
    std::vector<std::pair<std::string, QAction*>> m_formatActions;
    QComboBox* m_varyKey = nullptr;
    QLineEdit* m_varyValues = nullptr;
    QSpinBox* m_seeds = nullptr;
};

} // namespace bitlab::ui
