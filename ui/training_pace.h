#pragma once
// Pace: how fast training goes. "Watch" (the default) spreads a short run over about
// kWatchSeconds so a student sees the curves form, as TensorFlow Playground does; a run too
// long to watch step by step (more than kWatchMaxRate steps a second needed) goes at full
// speed. "Full speed" and a fixed number of steps per second are the speed menu's other
// entries. The TrainingController turns a pace into the worker's steps per second once it
// knows the run's length.

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QtGlobal>

namespace bitlab::ui {

struct Pace {
    enum class Kind { Watch, Full, StepsPerSecond };

    static constexpr double kWatchSeconds = 5.0;
    static constexpr double kWatchMaxRate = 2000.0; // faster than this is not watching

    Kind kind = Kind::Watch;
    double rate = 0.0; // steps per second, for Kind::StepsPerSecond

    static Pace watch() { return {}; }
    static Pace full() { return { Kind::Full, 0.0 }; }
    // 0 (or less) is full speed.
    static Pace stepsPerSecond(double rate);

    // Steps per second for a run of totalSteps steps; 0 = full speed.
    double speedFor(qint64 totalSteps) const;
    // "Watch (a run in about 5 s)", "Full speed", "1 step/s", "30 steps/s".
    QString label() const;
    // The speed menu, in order: watch, full speed, then 1 … 1000 steps per second.
    static QList<Pace> menu();

    // "1 step/s", "12 steps/s" (rounded to whole steps; "– steps/s" when rate is 0).
    static QString rateText(double rate);

    bool operator==(const Pace& other) const = default;

    Q_DECLARE_TR_FUNCTIONS(bitlab::ui::Pace)
};

} // namespace bitlab::ui
