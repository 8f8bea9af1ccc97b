#pragma once
// ResultTable: the final table bitlab-cli prints on stdout after training, one row per
// run: run, status, steps, final train and test loss, accuracy (test accuracy when there
// is a test set, else train accuracy; "-" for regression) and the training time.

#include "core/engine/record.h"

#include <string>
#include <vector>

namespace bitlab::cli {

class ResultTable {
public:
    ResultTable(bool classification, bool hasTest)
        : m_classification(classification), m_hasTest(hasTest) {}
    void add(const RunSummary& summary);
    std::string render() const;

private:
    bool m_classification;
    bool m_hasTest;
    std::vector<std::vector<std::string>> m_rows;
};

} // namespace bitlab::cli
