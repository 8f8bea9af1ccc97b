// Losses against hand-computed numbers, their numerical stability at extreme logits, the
// class prediction rule, and the loss registry.

#include "core/common/error.h"
#include "core/loss/loss.h"

#include <QTest>
#include <cmath>
#include <limits>

using namespace bitlab;

Q_DECLARE_METATYPE(bitlab::Matrix)

namespace {
Matrix rows(std::initializer_list<std::initializer_list<double>> values)
{
    Matrix m(static_cast<Index>(values.size()), static_cast<Index>(values.begin()->size()));
    Index i = 0;
    for (const auto& row : values) {
        Index j = 0;
        for (double v : row)
            m(i, j++) = v;
        ++i;
    }
    return m;
}

bool allFinite(const Matrix& m)
{
    return m.allFinite();
}
} // namespace

class TestLosses : public QObject {
    Q_OBJECT

private slots:
    void values_data();
    void values();
    void extremeLogits_data();
    void extremeLogits();
    void badTargets_data();
    void badTargets();
    void predictClass_data();
    void predictClass();
    void registry();
    void gradientKeepsBuffer();
};

void TestLosses::values_data()
{
    QTest::addColumn<QString>("loss");
    QTest::addColumn<Matrix>("z");
    QTest::addColumn<Matrix>("y");
    QTest::addColumn<double>("value");
    QTest::addColumn<Matrix>("grad");

    // mse: ((1-0)^2 + (2-4)^2) / 2; gradient 2 (z - y) / 2.
    QTest::newRow("mse 2x1") << "mse" << rows({ { 1 }, { 2 } }) << rows({ { 0 }, { 4 } }) << 2.5
                             << rows({ { 1 }, { -2 } });
    // Two outputs: the mean runs over all 4 elements.
    QTest::newRow("mse 2x2") << "mse" << rows({ { 1, 0 }, { 0, 3 } })
                             << rows({ { 0, 0 }, { 0, 1 } }) << (1.0 + 4.0) / 4.0
                             << rows({ { 0.5, 0 }, { 0, 1 } });
    // bce: log 2 at z = 0, y = 1; 2 + log1p(e^-2) at z = 2, y = 0.
    QTest::newRow("bce") << "bce" << rows({ { 0 }, { 2 } }) << rows({ { 1 }, { 0 } })
                         << 1.410037595801459 << rows({ { -0.25 }, { 0.44039853898894116 } });
    QTest::newRow("bce soft target")
        << "bce" << rows({ { 0 } }) << rows({ { 0.25 } }) << std::log(2.0) << rows({ { 0.25 } });
    // cross_entropy: logsumexp(1, 2, 3) - z_y; softmax(1,2,3) = .0900, .2447, .6652.
    QTest::newRow("cross_entropy")
        << "cross_entropy" << rows({ { 1, 2, 3 }, { 1, 2, 3 } }) << rows({ { 2 }, { 0 } })
        << (0.40760596444438013 + 2.40760596444438) / 2
        << rows(
               { { 0.09003057317038046 / 2, 0.24472847105479767 / 2, (0.6652409557748219 - 1) / 2 },
                   { (0.09003057317038046 - 1) / 2, 0.24472847105479767 / 2,
                       0.6652409557748219 / 2 } });
    // hinge, one logit: t = 2y - 1 = (1, 1, -1); margins 0.5, 3, 4, and 0 (inactive).
    QTest::newRow("hinge binary") << "hinge" << rows({ { 0.5 }, { -2 }, { 3 }, { 2 } })
                                  << rows({ { 1 }, { 1 }, { 0 }, { 1 } }) << 7.5 / 4
                                  << rows({ { -0.25 }, { -0.25 }, { 0.25 }, { 0 } });
    QTest::newRow("squared_hinge binary")
        << "squared_hinge" << rows({ { 0.5 }, { -2 }, { 3 }, { 2 } })
        << rows({ { 1 }, { 1 }, { 0 }, { 1 } }) << (0.25 + 9 + 16) / 4
        << rows({ { -0.25 }, { -1.5 }, { 2 }, { 0 } });
    // hinge, K = 3 (MultiMarginLoss): y = 0, terms 1 - 1 + 2 = 2 and 1 - 1 + 0.5 = 0.5,
    // divided by K; the second sample has all margins satisfied.
    QTest::newRow("hinge multiclass")
        << "hinge" << rows({ { 1, 2, 0.5 }, { 0, 5, 0 } }) << rows({ { 0 }, { 1 } })
        << (2.5 / 3) / 2 << rows({ { -2.0 / 6, 1.0 / 6, 1.0 / 6 }, { 0, 0, 0 } });
    QTest::newRow("squared_hinge multiclass")
        << "squared_hinge" << rows({ { 1, 2, 0.5 }, { 0, 5, 0 } }) << rows({ { 0 }, { 1 } })
        << (4.25 / 3) / 2 << rows({ { -5.0 / 6, 4.0 / 6, 1.0 / 6 }, { 0, 0, 0 } });
}

void TestLosses::values()
{
    QFETCH(QString, loss);
    QFETCH(Matrix, z);
    QFETCH(Matrix, y);
    QFETCH(double, value);
    QFETCH(Matrix, grad);

    const auto l = createLoss(loss.toStdString());
    QVERIFY(std::abs(l->value(z, y) - value) <= 1e-12 * (1 + std::abs(value)));
    Matrix g;
    const Scalar v = l->gradient(z, y, g);
    QVERIFY(std::abs(v - value) <= 1e-12 * (1 + std::abs(value)));
    QCOMPARE(g.rows(), grad.rows());
    QCOMPARE(g.cols(), grad.cols());
    QVERIFY2((g - grad).cwiseAbs().maxCoeff() <= 1e-12,
        qPrintable(QString("max gradient error %1").arg((g - grad).cwiseAbs().maxCoeff())));
}

void TestLosses::extremeLogits_data()
{
    QTest::addColumn<QString>("loss");
    QTest::addColumn<Matrix>("z");
    QTest::addColumn<Matrix>("y");
    QTest::addColumn<double>("value");
    QTest::addColumn<Matrix>("grad");

    QTest::newRow("ce [1000,0,-1000] right") << "cross_entropy" << rows({ { 1000, 0, -1000 } })
                                             << rows({ { 0 } }) << 0.0 << rows({ { 0, 0, 0 } });
    QTest::newRow("ce [1000,0,-1000] wrong") << "cross_entropy" << rows({ { 1000, 0, -1000 } })
                                             << rows({ { 2 } }) << 2000.0 << rows({ { 1, 0, -1 } });
    QTest::newRow("ce equal logits") << "cross_entropy" << rows({ { 5, 5, 5 } }) << rows({ { 2 } })
                                     << std::log(3.0) << rows({ { 1.0 / 3, 1.0 / 3, -2.0 / 3 } });
    QTest::newRow("ce equal logits 1000")
        << "cross_entropy" << rows({ { 1000, 1000 } }) << rows({ { 0 } }) << std::log(2.0)
        << rows({ { -0.5, 0.5 } });
    QTest::newRow("bce +1000 y=1")
        << "bce" << rows({ { 1000 } }) << rows({ { 1 } }) << 0.0 << rows({ { 0 } });
    QTest::newRow("bce +1000 y=0")
        << "bce" << rows({ { 1000 } }) << rows({ { 0 } }) << 1000.0 << rows({ { 1 } });
    QTest::newRow("bce -1000 y=1")
        << "bce" << rows({ { -1000 } }) << rows({ { 1 } }) << 1000.0 << rows({ { -1 } });
    QTest::newRow("bce -1000 y=0")
        << "bce" << rows({ { -1000 } }) << rows({ { 0 } }) << 0.0 << rows({ { 0 } });
}

void TestLosses::extremeLogits()
{
    QFETCH(QString, loss);
    QFETCH(Matrix, z);
    QFETCH(Matrix, y);
    QFETCH(double, value);
    QFETCH(Matrix, grad);

    const auto l = createLoss(loss.toStdString());
    Matrix g;
    const Scalar v = l->gradient(z, y, g);
    QVERIFY(std::isfinite(v));
    QVERIFY(std::isfinite(l->value(z, y)));
    QVERIFY(allFinite(g));
    QVERIFY2(std::abs(v - value) <= 1e-12 * (1 + std::abs(value)), qPrintable(QString::number(v)));
    QVERIFY((g - grad).cwiseAbs().maxCoeff() <= 1e-12);
}

void TestLosses::badTargets_data()
{
    QTest::addColumn<QString>("loss");
    QTest::addColumn<Matrix>("z");
    QTest::addColumn<Matrix>("y");

    QTest::newRow("ce class out of range")
        << "cross_entropy" << rows({ { 1, 2, 3 } }) << rows({ { 3 } });
    QTest::newRow("ce negative class")
        << "cross_entropy" << rows({ { 1, 2, 3 } }) << rows({ { -1 } });
    QTest::newRow("ce fractional class")
        << "cross_entropy" << rows({ { 1, 2, 3 } }) << rows({ { 0.5 } });
    QTest::newRow("ce single logit") << "cross_entropy" << rows({ { 1 } }) << rows({ { 0 } });
    QTest::newRow("bce target 2") << "bce" << rows({ { 1 } }) << rows({ { 2 } });
    QTest::newRow("bce two logits") << "bce" << rows({ { 1, 2 } }) << rows({ { 1 } });
    QTest::newRow("hinge target 2 with 1 logit") << "hinge" << rows({ { 1 } }) << rows({ { 2 } });
    QTest::newRow("hinge class 3 of 3")
        << "squared_hinge" << rows({ { 1, 2, 3 } }) << rows({ { 3 } });
    QTest::newRow("mse row mismatch") << "mse" << rows({ { 1 }, { 2 } }) << rows({ { 1 } });
    QTest::newRow("mse column mismatch") << "mse" << rows({ { 1, 2 } }) << rows({ { 1 } });
}

void TestLosses::badTargets()
{
    QFETCH(QString, loss);
    QFETCH(Matrix, z);
    QFETCH(Matrix, y);

    const auto l = createLoss(loss.toStdString());
    QVERIFY_THROWS_EXCEPTION(Error, l->value(z, y));
    Matrix g;
    QVERIFY_THROWS_EXCEPTION(Error, l->gradient(z, y, g));
}

void TestLosses::predictClass_data()
{
    QTest::addColumn<Matrix>("logits");
    QTest::addColumn<double>("expected");

    QTest::newRow("one logit positive") << rows({ { 0.3 } }) << 1.0;
    QTest::newRow("one logit negative") << rows({ { -0.1 } }) << 0.0;
    QTest::newRow("one logit zero is class 0") << rows({ { 0.0 } }) << 0.0;
    QTest::newRow("argmax") << rows({ { 2, 1, 0 } }) << 0.0;
    QTest::newRow("argmax last") << rows({ { -5, -1, 4 } }) << 2.0;
    QTest::newRow("tie takes first max") << rows({ { 1, 3, 3 } }) << 1.0;
}

void TestLosses::predictClass()
{
    QFETCH(Matrix, logits);
    QFETCH(double, expected);
    QCOMPARE(Loss::predictClass(logits.row(0)), expected);
}

void TestLosses::registry()
{
    const std::vector<std::string> expected { "mse", "bce", "cross_entropy", "hinge",
        "squared_hinge" };
    QCOMPARE(lossNames(), expected);
    for (const auto& info : lossRegistry()) {
        QVERIFY(!info.description.empty());
        QVERIFY(!info.tasks.empty());
        QVERIFY(info.create() != nullptr);
        QCOMPARE(findLoss(info.name), &info);
    }
    QCOMPARE(findLoss("l1"), nullptr);
    try {
        createLoss("l1");
        QFAIL("createLoss accepted an unknown name");
    } catch (const Error& e) {
        const QString message = e.what();
        QVERIFY2(message.contains("l1") && message.contains("cross_entropy")
                && message.contains("squared_hinge"),
            e.what());
    }
}

void TestLosses::gradientKeepsBuffer()
{
    // The gradient buffer is reused when its shape already fits (no allocation per step).
    const auto l = createLoss("cross_entropy");
    Matrix z = rows({ { 1, 2, 3 }, { 0, 0, 1 } });
    Matrix y = rows({ { 0 }, { 2 } });
    Matrix g(2, 3);
    const double* data = g.data();
    l->gradient(z, y, g);
    QCOMPARE(g.data(), data);
}

QTEST_APPLESS_MAIN(TestLosses)
#include "tst_losses.moc"
