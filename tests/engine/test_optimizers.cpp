// Optimizers against hand-computed updates (Keras semantics), their defaults,
// their error messages for bad configs, and state save/restore.
#include "engine/errors.h"
#include "engine/optimizers/optimizer.h"

#include <QtTest>

#include <tbb/global_control.h>

#include <cmath>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <vector>

using namespace cnnwb;

namespace {

Tensor vectorOf(std::initializer_list<float> values) {
    Tensor t(1, Shape{int(values.size()), 1, 1});
    std::size_t i = 0;
    for (float v : values) t[i++] = v;
    return t;
}

// Empty when `t` holds `expected` to float precision (expected values are
// computed by hand in double), else a message saying where it differs.
QString mismatch(const Tensor& t, std::initializer_list<double> expected) {
    if (t.size() != expected.size())
        return QString("size %1, expected %2").arg(t.size()).arg(expected.size());
    std::size_t i = 0;
    for (double e : expected) {
        const double tolerance = 1e-6 * std::max(1.0, std::abs(e));
        if (!(std::abs(double(t[i]) - e) <= tolerance))
            return QString("element %1 is %2, expected %3").arg(i).arg(double(t[i]), 0, 'g', 9).arg(e, 0, 'g', 9);
        ++i;
    }
    return {};
}

std::unique_ptr<Optimizer> make(const char* json) {
    return Optimizer::create(Json::parse(json), "training.optimizer");
}

std::vector<float> values(const Tensor& t) { return t.toVector(); }

}  // namespace

class TestOptimizers : public QObject {
    Q_OBJECT

private slots:
    // Shared example: w = [1, -2, 0.5], g = [0.5, -1, 2].

    void sgdPlain() {
        auto opt = make(R"({"type": "SGD", "learning_rate": 0.1})");
        Tensor w = vectorOf({1.0f, -2.0f, 0.5f});
        Tensor g = vectorOf({0.5f, -1.0f, 2.0f});
        opt->step({{"d/kernel", &w, &g}});
        // w − 0.1·g = [1 − 0.05, −2 + 0.1, 0.5 − 0.2]
        QString err = mismatch(w, {0.95, -1.9, 0.3});
        QVERIFY2(err.isEmpty(), qPrintable(err));
        opt->step({{"d/kernel", &w, &g}});
        // [0.95 − 0.05, −1.9 + 0.1, 0.3 − 0.2]
        err = mismatch(w, {0.9, -1.8, 0.1});
        QVERIFY2(err.isEmpty(), qPrintable(err));
        QCOMPARE(opt->iterations(), 2LL);
        QVERIFY(opt->state().at("d/kernel").empty());  // no momentum, no state
    }

    void sgdMomentum() {
        auto opt = make(R"({"type": "SGD", "learning_rate": 0.1, "momentum": 0.9})");
        Tensor w = vectorOf({1.0f, -2.0f, 0.5f});
        Tensor g = vectorOf({0.5f, -1.0f, 2.0f});
        opt->step({{"d/kernel", &w, &g}});
        // v = 0.9·0 − 0.1·g = [−0.05, 0.1, −0.2]; w += v
        QString err = mismatch(w, {0.95, -1.9, 0.3});
        QVERIFY2(err.isEmpty(), qPrintable(err));
        opt->step({{"d/kernel", &w, &g}});
        // v = 0.9·[−0.05, 0.1, −0.2] − 0.1·g = [−0.045 − 0.05, 0.09 + 0.1, −0.18 − 0.2]
        //   = [−0.095, 0.19, −0.38]; w = [0.95 − 0.095, −1.9 + 0.19, 0.3 − 0.38]
        err = mismatch(w, {0.855, -1.71, -0.08});
        QVERIFY2(err.isEmpty(), qPrintable(err));
        const auto& velocity = opt->state().at("d/kernel").at(0);
        QCOMPARE(velocity.size(), std::size_t(3));
        QVERIFY(std::abs(velocity[2] - -0.38f) < 1e-6f);
    }

    void sgdNesterov() {
        auto opt = make(R"({"type": "SGD", "learning_rate": 0.1, "momentum": 0.9, "nesterov": true})");
        Tensor w = vectorOf({1.0f, -2.0f, 0.5f});
        Tensor g = vectorOf({0.5f, -1.0f, 2.0f});
        opt->step({{"d/kernel", &w, &g}});
        // v = [−0.05, 0.1, −0.2]; w += 0.9·v − 0.1·g = [−0.045 − 0.05, 0.09 + 0.1, −0.18 − 0.2]
        //   = [−0.095, 0.19, −0.38]
        QString err = mismatch(w, {0.905, -1.81, 0.12});
        QVERIFY2(err.isEmpty(), qPrintable(err));
        opt->step({{"d/kernel", &w, &g}});
        // v = [−0.095, 0.19, −0.38]; w += 0.9·v − 0.1·g = [−0.0855 − 0.05, 0.171 + 0.1, −0.342 − 0.2]
        //   = [−0.1355, 0.271, −0.542]; w = [0.905 − 0.1355, −1.81 + 0.271, 0.12 − 0.542]
        err = mismatch(w, {0.7695, -1.539, -0.422});
        QVERIFY2(err.isEmpty(), qPrintable(err));
    }

    void weightDecayLeavesGradientAlone() {
        auto opt = make(R"({"type": "SGD", "learning_rate": 0.1, "weight_decay": 0.1})");
        Tensor w = vectorOf({1.0f, -2.0f, 0.5f});
        Tensor g = vectorOf({0.5f, -1.0f, 2.0f});
        opt->step({{"d/kernel", &w, &g}});
        // g' = g + 0.1·w = [0.5 + 0.1, −1 − 0.2, 2 + 0.05] = [0.6, −1.2, 2.05]
        // w − 0.1·g' = [1 − 0.06, −2 + 0.12, 0.5 − 0.205]
        QString err = mismatch(w, {0.94, -1.88, 0.295});
        QVERIFY2(err.isEmpty(), qPrintable(err));
        err = mismatch(g, {0.5, -1.0, 2.0});
        QVERIFY2(err.isEmpty(), qPrintable("gradient was modified: " + err));
        opt->step({{"d/kernel", &w, &g}});
        // g' = [0.5 + 0.094, −1 − 0.188, 2 + 0.0295] = [0.594, −1.188, 2.0295]
        // w = [0.94 − 0.0594, −1.88 + 0.1188, 0.295 − 0.20295]
        err = mismatch(w, {0.8806, -1.7612, 0.09205});
        QVERIFY2(err.isEmpty(), qPrintable(err));
    }

    void rmsprop() {
        // rho 0.75 and epsilon 0.1 keep the square roots exact.
        auto opt = make(R"({"type": "RMSprop", "learning_rate": 0.01, "rho": 0.75, "epsilon": 0.1})");
        Tensor w = vectorOf({1.0f, -2.0f, 0.5f});
        Tensor g = vectorOf({0.5f, -1.0f, 2.0f});
        opt->step({{"d/kernel", &w, &g}});
        // a = 0.25·g² = [0.0625, 0.25, 1]; √a = [0.25, 0.5, 1]
        // step = 0.01·g/(√a + 0.1) = [0.005/0.35, −0.01/0.6, 0.02/1.1]
        //      = [0.0142857143, −0.0166666667, 0.0181818182]
        QString err = mismatch(w, {0.985714286, -1.98333333, 0.481818182});
        QVERIFY2(err.isEmpty(), qPrintable(err));
        Tensor g2 = vectorOf({0.25f, 0.5f, -1.0f});
        opt->step({{"d/kernel", &w, &g2}});
        // a = 0.75·[0.0625, 0.25, 1] + 0.25·[0.0625, 0.25, 1] = [0.0625, 0.25, 1] (g2² equals a)
        // step = 0.01·g2/(√a + 0.1) = [0.0025/0.35, 0.005/0.6, −0.01/1.1]
        //      = [0.00714285714, 0.00833333333, −0.00909090909]
        err = mismatch(w, {0.978571429, -1.99166667, 0.490909091});
        QVERIFY2(err.isEmpty(), qPrintable(err));
    }

    void adadelta() {
        auto opt = make(R"({"type": "Adadelta", "learning_rate": 1.0, "rho": 0.5, "epsilon": 0.01})");
        Tensor w = vectorOf({1.0f, -2.0f, 0.5f});
        Tensor g = vectorOf({0.5f, -1.0f, 2.0f});
        opt->step({{"d/kernel", &w, &g}});
        // a = 0.5·g² = [0.125, 0.5, 2]; u = 0, so √(u + ε) = 0.1
        // d = g·0.1/√(a + 0.01) = [0.05/√0.135, −0.1/√0.51, 0.2/√2.01]
        //   = [0.05/0.367423461, −0.1/0.714142843, 0.2/1.41774469]
        //   = [0.136082763, −0.140028008, 0.141069123]
        // u = 0.5·d² = [0.00925925926, 0.00980392157, 0.00995024876]
        QString err = mismatch(w, {0.863917237, -1.85997199, 0.358930877});
        QVERIFY2(err.isEmpty(), qPrintable(err));
        Tensor g2 = vectorOf({0.25f, 0.5f, -1.0f});
        opt->step({{"d/kernel", &w, &g2}});
        // a = 0.5·a + 0.5·g2² = [0.0625 + 0.03125, 0.25 + 0.125, 1 + 0.5] = [0.09375, 0.375, 1.5]
        // d = g2·√(u + 0.01)/√(a + 0.01)
        //   = [0.25·√0.0192592593/√0.10375, 0.5·√0.0198039216/√0.385, −1·√0.0199502488/√1.51]
        //   = [0.25·0.138777734/0.322102468, 0.5·0.140726407/0.620483682, −0.141245349/1.22882057]
        //   = [0.107712411, 0.113400570, −0.114943835]
        err = mismatch(w, {0.756204826, -1.97337256, 0.473874712});
        QVERIFY2(err.isEmpty(), qPrintable(err));
    }

    void adadeltaKerasDefaults() {
        auto opt = make(R"({"type": "Adadelta"})");  // lr 1, rho 0.95, epsilon 1e-7
        Tensor w = vectorOf({1.0f});
        Tensor g = vectorOf({0.5f});
        opt->step({{"d/bias", &w, &g}});
        // a = 0.05·0.25 = 0.0125; d = 0.5·√1e-7/√0.0125001 = 0.5·3.16227766e-4/0.111803846
        //   = 1.41420791e-3; w = 1 − d
        QString err = mismatch(w, {0.998585792});
        QVERIFY2(err.isEmpty(), qPrintable(err));
    }

    void adamBiasCorrection() {
        auto opt = make(R"({"type": "Adam", "learning_rate": 0.1})");
        Tensor w = vectorOf({1.0f, -2.0f, 0.5f});
        Tensor g = vectorOf({0.5f, -1.0f, 2.0f});
        opt->step({{"d/kernel", &w, &g}});
        // t = 1: lr_t = 0.1·√(1 − 0.999)/(1 − 0.9) = 0.1·0.0316227766/0.1 = 0.0316227766
        // m = 0.1·g = [0.05, −0.1, 0.2]; v = 0.001·g² = [0.00025, 0.001, 0.004]
        // √v = [0.0158113883, 0.0316227766, 0.0632455532]
        // step = lr_t·m/(√v + 1e-7) = [0.0999993675, −0.0999996838, 0.0999998419]
        // (bias correction makes the first step ≈ lr·sign(g); without it, it would be ≈ 0.316·sign(g))
        QString err = mismatch(w, {0.900000632, -1.90000032, 0.400000158});
        QVERIFY2(err.isEmpty(), qPrintable(err));
        QCOMPARE(opt->iterations(), 1LL);

        Tensor g2 = vectorOf({0.25f, 0.5f, -1.0f});
        opt->step({{"d/kernel", &w, &g2}});
        // t = 2: lr_t = 0.1·√(1 − 0.998001)/(1 − 0.81) = 0.1·0.0447101778/0.19 = 0.0235316725
        // m = 0.9·m + 0.1·g2 = [0.045 + 0.025, −0.09 + 0.05, 0.18 − 0.1] = [0.07, −0.04, 0.08]
        // v = 0.999·v + 0.001·g2² = [0.00024975 + 0.0000625, 0.000999 + 0.00025, 0.003996 + 0.001]
        //   = [0.00031225, 0.001249, 0.004996]; √v = [0.017670597, 0.0353411941, 0.0706823882]
        // step = lr_t·m/(√v + 1e-7) = [0.0932174364, −0.0266336286, 0.0266336663]
        err = mismatch(w, {0.806783196, -1.87336669, 0.373366492});
        QVERIFY2(err.isEmpty(), qPrintable(err));
        QCOMPARE(opt->iterations(), 2LL);
    }

    void iterationsCountSteps() {
        auto opt = make(R"({"type": "Adam"})");
        Tensor w1 = vectorOf({1.0f}), g1 = vectorOf({1.0f});
        Tensor w2 = vectorOf({1.0f, 2.0f}), g2 = vectorOf({1.0f, 1.0f});
        opt->step({{"a/kernel", &w1, &g1}, {"b/kernel", &w2, &g2}});
        QCOMPARE(opt->iterations(), 1LL);  // once per step, not per parameter
        QCOMPARE(opt->state().size(), std::size_t(2));
        QCOMPARE(opt->state().at("b/kernel").size(), std::size_t(2));
        QCOMPARE(opt->state().at("b/kernel")[1].size(), std::size_t(2));
    }

    void learningRateChangeTakesEffect() {
        auto opt = make(R"({"type": "SGD", "learning_rate": 0.1})");
        opt->setLearningRate(0.5);
        QCOMPARE(opt->config()["learning_rate"].get<double>(), 0.5);
        Tensor w = vectorOf({1.0f}), g = vectorOf({1.0f});
        opt->step({{"d/bias", &w, &g}});
        QString err = mismatch(w, {0.5});  // 1 − 0.5·1
        QVERIFY2(err.isEmpty(), qPrintable(err));
    }

    void defaults_data() {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("expected");
        QTest::newRow("SGD") << R"({"type": "SGD"})"
                             << R"({"type": "SGD", "learning_rate": 0.01, "momentum": 0.0, "nesterov": false,
                                   "weight_decay": 0.0})";
        QTest::newRow("RMSprop") << R"({"type": "RMSprop"})"
                                 << R"({"type": "RMSprop", "learning_rate": 0.001, "rho": 0.9, "epsilon": 1e-7,
                                       "weight_decay": 0.0})";
        QTest::newRow("Adadelta") << R"({"type": "Adadelta"})"
                                  << R"({"type": "Adadelta", "learning_rate": 1.0, "rho": 0.95, "epsilon": 1e-7,
                                        "weight_decay": 0.0})";
        QTest::newRow("Adam") << R"({"type": "Adam"})"
                              << R"({"type": "Adam", "learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999,
                                    "epsilon": 1e-7, "weight_decay": 0.0})";
    }

    void defaults() {
        QFETCH(QString, spec);
        QFETCH(QString, expected);
        auto opt = Optimizer::create(Json::parse(spec.toStdString()), "training.optimizer");
        const Json config = opt->config();
        const Json want = Json::parse(expected.toStdString());
        QVERIFY2(config == want, config.dump().c_str());
        QCOMPARE(opt->learningRate(), want["learning_rate"].get<double>());
        QCOMPARE(opt->weightDecay(), 0.0);
        QCOMPARE(opt->iterations(), 0LL);
        // config() feeds create() back to the same optimizer.
        QCOMPARE(Optimizer::create(config, "x")->config(), config);
    }

    void configRoundTripKeepsSettings() {
        const Json spec = Json::parse(R"({"type": "Adam", "learning_rate": 0.02, "beta_1": 0.5, "beta_2": 0.75,
                                          "epsilon": 0.001, "weight_decay": 0.0005})");
        auto opt = Optimizer::create(spec, "x");
        QCOMPARE(opt->config(), spec);
        QCOMPARE(opt->weightDecay(), 0.0005);
        QCOMPARE(Optimizer::create(opt->config(), "x")->config(), spec);
    }

    void typeNames() {
        const std::vector<std::string> want{"SGD", "RMSprop", "Adadelta", "Adam"};
        QCOMPARE(Optimizer::typeNames(), want);
        for (const auto& name : want) QCOMPARE(make(("{\"type\": \"" + name + "\"}").c_str())->type(), name);
    }

    void badConfig_data() {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("needle1");
        QTest::addColumn<QString>("needle2");
        QTest::newRow("unknown type") << R"({"type": "Adamm"})" << "unknown optimizer 'Adamm'"
                                      << "known optimizers are: SGD, RMSprop, Adadelta, Adam";
        QTest::newRow("missing type") << R"({"learning_rate": 0.1})" << "'type'"
                                      << "known optimizers are: SGD, RMSprop, Adadelta, Adam";
        QTest::newRow("type not a string") << R"({"type": 3})" << "'type'" << "must be a string";
        QTest::newRow("not an object") << R"("Adam")" << "JSON object" << "the string \"Adam\"";
        QTest::newRow("unknown field") << R"({"type": "SGD", "learning_rat": 0.1})" << "unknown field 'learning_rat'"
                                       << "known fields are: learning_rate, momentum, nesterov, type, weight_decay";
        QTest::newRow("field of another optimizer") << R"({"type": "SGD", "beta_1": 0.9})" << "'beta_1'"
                                                    << "learning_rate, momentum";
        QTest::newRow("negative learning rate") << R"({"type": "Adam", "learning_rate": -0.001})"
                                                << "'learning_rate'" << "> 0";
        QTest::newRow("zero learning rate") << R"({"type": "SGD", "learning_rate": 0})" << "'learning_rate'"
                                            << "got the integer 0";
        QTest::newRow("null learning rate") << R"({"type": "SGD", "learning_rate": null})" << "'learning_rate'"
                                            << "got null";
        QTest::newRow("momentum 1.5") << R"({"type": "SGD", "momentum": 1.5})" << "'momentum'" << "< 1";
        QTest::newRow("momentum 1") << R"({"type": "SGD", "momentum": 1})" << "'momentum'" << "< 1";
        QTest::newRow("negative momentum") << R"({"type": "SGD", "momentum": -0.1})" << "'momentum'" << "≥ 0";
        QTest::newRow("nesterov as number") << R"({"type": "SGD", "nesterov": 1})" << "'nesterov'"
                                            << "true or false";
        QTest::newRow("rho 1") << R"({"type": "RMSprop", "rho": 1.0})" << "'rho'" << "< 1";
        QTest::newRow("negative rho") << R"({"type": "Adadelta", "rho": -0.5})" << "'rho'" << "≥ 0";
        QTest::newRow("zero epsilon") << R"({"type": "Adam", "epsilon": 0})" << "'epsilon'" << "> 0";
        QTest::newRow("beta_1 as string") << R"({"type": "Adam", "beta_1": "0.9"})" << "'beta_1'"
                                          << "got the string \"0.9\"";
        QTest::newRow("beta_2 1") << R"({"type": "Adam", "beta_2": 1.0})" << "'beta_2'" << "< 1";
        QTest::newRow("negative weight decay") << R"({"type": "RMSprop", "weight_decay": -0.1})"
                                               << "'weight_decay'" << "≥ 0";
        QTest::newRow("weight decay as list") << R"({"type": "Adadelta", "weight_decay": [0.1]})"
                                              << "'weight_decay'" << "a list";
    }

    void badConfig() {
        QFETCH(QString, spec);
        QFETCH(QString, needle1);
        QFETCH(QString, needle2);
        try {
            Optimizer::create(Json::parse(spec.toStdString()), "training.optimizer");
            QFAIL("no SpecError");
        } catch (const SpecError& e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(message.startsWith("training.optimizer"), qPrintable(message));
            QVERIFY2(message.contains(needle1), qPrintable(message));
            QVERIFY2(message.contains(needle2), qPrintable(message));
        }
    }

    void badStepInputsChangeNothing() {
        auto opt = make(R"({"type": "Adam"})");
        Tensor w = vectorOf({1.0f, 2.0f}), g = vectorOf({1.0f, 1.0f});
        Tensor shortGrad = vectorOf({1.0f});
        auto expectError = [&](const std::vector<NamedParam>& params, const char* needle) {
            try {
                opt->step(params);
                QFAIL("no error");
            } catch (const std::runtime_error& e) {
                QVERIFY2(QString(e.what()).contains(needle), e.what());
            }
        };
        // The good parameter comes first: nothing may be updated before the bad one is found.
        expectError({{"a/kernel", &w, &g}, {"b/kernel", &w, &shortGrad}}, "'b/kernel'");
        expectError({{"a/kernel", &w, &g}, {"b/bias", &w, nullptr}}, "'b/bias'");
        expectError({{"a/kernel", &w, &g}, {"a/kernel", &w, &g}}, "'a/kernel'");
        opt->setState({{"c/kernel", {{0.0f, 0.0f, 0.0f}, {0.0f, 0.0f, 0.0f}}}});  // 3 values for a 2-value tensor
        expectError({{"a/kernel", &w, &g}, {"c/kernel", &w, &g}}, "'c/kernel'");
        opt->setState({{"c/kernel", {{0.0f, 0.0f}}}});  // one array where Adam keeps two
        expectError({{"c/kernel", &w, &g}}, "'c/kernel'");
        QString err = mismatch(w, {1.0, 2.0});
        QVERIFY2(err.isEmpty(), qPrintable(err));
        QCOMPARE(opt->iterations(), 0LL);
        QCOMPARE(opt->state().count("a/kernel"), std::size_t(0));
    }

    void stateRoundTrip_data() {
        QTest::addColumn<QString>("spec");
        QTest::newRow("SGD momentum") << R"({"type": "SGD", "learning_rate": 0.1, "momentum": 0.9})";
        QTest::newRow("SGD Nesterov decay")
            << R"({"type": "SGD", "learning_rate": 0.1, "momentum": 0.5, "nesterov": true, "weight_decay": 0.01})";
        QTest::newRow("RMSprop") << R"({"type": "RMSprop", "learning_rate": 0.01})";
        QTest::newRow("Adadelta") << R"({"type": "Adadelta", "weight_decay": 0.001})";
        QTest::newRow("Adam") << R"({"type": "Adam", "learning_rate": 0.01})";
    }

    void stateRoundTrip() {
        QFETCH(QString, spec);
        auto original = Optimizer::create(Json::parse(spec.toStdString()), "x");
        Tensor w = vectorOf({1.0f, -2.0f, 0.5f, 0.0f}), b = vectorOf({0.1f});
        Tensor gw = vectorOf({0.5f, -1.0f, 2.0f, 0.25f}), gb = vectorOf({-0.3f});
        original->step({{"d/kernel", &w, &gw}, {"d/bias", &b, &gb}});
        gw[0] = -0.7f;
        gb[0] = 0.4f;
        original->step({{"d/kernel", &w, &gw}, {"d/bias", &b, &gb}});

        // A resumed run: a fresh optimizer from the saved config, state and step count.
        auto resumed = Optimizer::create(original->config(), "x");
        resumed->setState(original->state());
        resumed->setIterations(original->iterations());

        Tensor w2 = w, b2 = b;
        gw[1] = 0.9f;
        gb[0] = -0.2f;
        for (int i = 0; i < 2; ++i) {
            original->step({{"d/kernel", &w, &gw}, {"d/bias", &b, &gb}});
            resumed->step({{"d/kernel", &w2, &gw}, {"d/bias", &b2, &gb}});
        }
        QCOMPARE(values(w2), values(w));  // bit-identical, not just close
        QCOMPARE(values(b2), values(b));
        QVERIFY(resumed->state() == original->state());
        QCOMPARE(resumed->iterations(), original->iterations());
    }

    void sameResultAtAnyThreadCount() {
        // Large enough to span many update chunks.
        const int n = 100000;
        auto run = [&](int threads) {
            tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
            auto opt = make(R"({"type": "Adam", "learning_rate": 0.01, "weight_decay": 0.01})");
            Tensor w(1, Shape{n, 1, 1}), g(1, Shape{n, 1, 1});
            for (int i = 0; i < n; ++i) w[i] = std::sin(0.001f * float(i));
            for (int step = 0; step < 3; ++step) {
                for (int i = 0; i < n; ++i) g[i] = std::cos(0.003f * float(i + step));
                opt->step({{"conv/kernel", &w, &g}});
            }
            return values(w);
        };
        const auto single = run(1);
        QCOMPARE(run(2), single);
    }
};

QTEST_APPLESS_MAIN(TestOptimizers)
#include "test_optimizers.moc"
