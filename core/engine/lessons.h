#pragma once
// Lessons: the built-in guided experiments of the GUI's Lessons menu (docs/lessons.md).
//
// A lesson is a preset (presetRegistry()) plus a short text, kept as resource files
// resources/lessons/<name>.<locale>.html (en and zh_CN), that says what to look at and why.
// `view` names the tab to look at by its view key (ExperimentView::key(): loss, weights,
// boundary, classes, images, sweep), which does not change with the UI language or the
// tab's title.
// Lesson 6 compares two optimizers, and an experiment has one optimizer, so it names a
// second preset in `comparePresets` (same data, grid and learning rate, the other optimizer).
// Every lesson's claim is asserted on the engine by tests/core/tst_lessons.cpp, which runs
// exactly these presets.

#include <string>
#include <vector>

namespace bitlab {

// What the Sweep tab is set to when a lesson that looks at it opens (bitsFrom 0: leave
// the tab as it is). seeds > 1 repeats every point over that many seeds, so the chart draws
// the spread of the runs around each mean: a difference smaller than the band is noise.
struct LessonSweep {
    std::vector<std::string> schemes;
    int bitsFrom = 0;
    int bitsTo = 0;
    int seeds = 1;
};

// What the tabs show when a lesson opens, so that the screen matches its text (numbers are
// read off raw curves: no smoothing). Empty / unset fields leave the tab as it is.
struct LessonView {
    std::string metric = "loss"; // Loss tab: loss | batch_loss | accuracy
    bool logAxis = false; // Loss tab: log y axis
    double smoothing = 0.0; // Loss tab: EMA weight
    std::string boundaryRun; // Boundary, Classes and Images tabs: the run compared with float64
};

struct Lesson {
    int number = 0; // 1, 2, ... (menu order)
    std::string name; // "rounding-stalls": file stem of its texts
    std::string title; // English title (the texts carry their own)
    std::string preset; // what "Run this lesson" opens and runs
    std::vector<std::string> comparePresets; // further presets the text compares with
    std::string view; // loss | weights | boundary | classes | images | sweep
    std::string claim; // one sentence: what its test asserts
    LessonSweep sweep; // the Sweep tab's settings, for lessons that look at it
    LessonView show; // the other tabs' settings its text relies on
};

const std::vector<Lesson>& lessonRegistry();
const Lesson* findLesson(const std::string& name); // nullptr when unknown
const Lesson* findLessonForPreset(const std::string& preset); // the lesson that opens it

} // namespace bitlab
