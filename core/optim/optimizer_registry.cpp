// The optimizer registry: name -> rule, PyTorch defaults, the JSON keys the kind reads,
// and the factory. Adding an optimizer means one class in core/optim/ and one entry here.

#include "core/common/error.h"
#include "core/optim/adagrad.h"
#include "core/optim/adam.h"
#include "core/optim/adamw.h"
#include "core/optim/optimizer.h"
#include "core/optim/rmsprop.h"
#include "core/optim/sgd.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace bitlab {

namespace {

template <class T> std::unique_ptr<Optimizer> make(const OptimizerSpec& spec)
{
    return std::make_unique<T>(spec);
}

OptimizerSpec defaultsOf(std::string kind, double lr)
{
    // The struct's own defaults are PyTorch's shared ones: momentum 0, nesterov off,
    // betas (0.9, 0.999), eps 1e-8, alpha 0.99, weight_decay 0, batch_size 0, constant lr.
    OptimizerSpec spec;
    spec.kind = std::move(kind);
    spec.lr = lr;
    return spec;
}

std::vector<OptimizerInfo> buildRegistry()
{
    std::vector<OptimizerInfo> r;
    // torch.optim.SGD has no default lr; 0.1 is the classic example's (DESIGN §3).
    r.push_back({ "gd",
        "Full-batch gradient descent (torch.optim.SGD): v = mu*v + g; "
        "step = g + mu*v (nesterov) or v; w -= lr*step",
        defaultsOf("gd", 0.1), { "lr", "momentum", "nesterov", "weight_decay", "schedule" },
        make<Sgd> });
    OptimizerSpec sgd = defaultsOf("sgd", 0.1);
    sgd.batchSize = 32; // mini-batches are what makes it stochastic (Keras' fit() default)
    r.push_back({ "sgd",
        "Mini-batch SGD (torch.optim.SGD): v = mu*v + g; "
        "step = g + mu*v (nesterov) or v; w -= lr*step",
        sgd, { "lr", "momentum", "nesterov", "weight_decay", "batch_size", "schedule" },
        make<Sgd> });
    r.push_back({ "adam",
        "Adam (torch.optim.Adam): m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g^2; "
        "w -= lr*(m/(1-b1^t))/(sqrt(v/(1-b2^t)) + eps)",
        defaultsOf("adam", 1e-3),
        { "lr", "betas", "eps", "weight_decay", "batch_size", "schedule" }, make<Adam> });
    OptimizerSpec adamw = defaultsOf("adamw", 1e-3);
    adamw.weightDecay = 0.01; // torch.optim.AdamW's default, unlike Adam's 0
    r.push_back({ "adamw", "AdamW (torch.optim.AdamW): w -= lr*wd*w, then the Adam step without L2",
        adamw, { "lr", "betas", "eps", "weight_decay", "batch_size", "schedule" }, make<AdamW> });
    r.push_back({ "rmsprop",
        "RMSprop (torch.optim.RMSprop): v = alpha*v + (1-alpha)*g^2; "
        "w -= lr*g/(sqrt(v) + eps)",
        defaultsOf("rmsprop", 1e-2),
        { "lr", "alpha", "eps", "momentum", "weight_decay", "batch_size", "schedule" },
        make<RmsProp> });
    OptimizerSpec adagrad = defaultsOf("adagrad", 1e-2);
    adagrad.eps = 1e-10;
    r.push_back({ "adagrad", "Adagrad (torch.optim.Adagrad): s += g^2; w -= lr*g/(sqrt(s) + eps)",
        adagrad, { "lr", "eps", "weight_decay", "batch_size", "schedule" }, make<Adagrad> });
    return r;
}

std::string number(double x)
{
    char buf[32];
    const auto res = std::to_chars(buf, buf + sizeof buf, x);
    return std::string(buf, res.ptr);
}

std::string joined(const std::vector<std::string>& names)
{
    std::string out;
    for (const auto& n : names)
        out += (out.empty() ? "" : ", ") + n;
    return out;
}

bool reads(const OptimizerInfo* info, const char* field)
{
    if (!info)
        return true; // unknown kind: check everything
    return std::find(info->fields.begin(), info->fields.end(), field) != info->fields.end();
}

// Problem text for a value outside its range; NaN and infinities fail every check.
void expect(
    std::vector<std::string>& out, bool ok, const std::string& key, const char* range, double got)
{
    if (!ok || !std::isfinite(got))
        out.push_back(key + " must be " + range + ", got " + number(got));
}

} // namespace

const std::vector<OptimizerInfo>& optimizerRegistry()
{
    static const std::vector<OptimizerInfo> registry = buildRegistry();
    return registry;
}

const OptimizerInfo* findOptimizer(const std::string& name)
{
    for (const auto& info : optimizerRegistry())
        if (info.name == name)
            return &info;
    return nullptr;
}

std::vector<std::string> optimizerNames()
{
    std::vector<std::string> names;
    for (const auto& info : optimizerRegistry())
        names.push_back(info.name);
    return names;
}

std::vector<std::string> optimizerProblems(const OptimizerSpec& spec)
{
    std::vector<std::string> out;
    const OptimizerInfo* info = findOptimizer(spec.kind);
    if (!info)
        out.push_back("optimizer.kind must be one of " + joined(optimizerNames()) + ", got \""
            + spec.kind + "\"");

    expect(out, spec.lr > 0, "optimizer.lr", "> 0", spec.lr);
    if (reads(info, "momentum"))
        expect(out, spec.momentum >= 0 && spec.momentum < 1, "optimizer.momentum", "in [0, 1)",
            spec.momentum);
    if (reads(info, "nesterov") && spec.nesterov && !(spec.momentum > 0))
        out.push_back("optimizer.nesterov needs optimizer.momentum > 0, got momentum "
            + number(spec.momentum));
    if (reads(info, "betas")) {
        expect(
            out, spec.beta1 >= 0 && spec.beta1 < 1, "optimizer.betas[0]", "in [0, 1)", spec.beta1);
        expect(
            out, spec.beta2 >= 0 && spec.beta2 < 1, "optimizer.betas[1]", "in [0, 1)", spec.beta2);
    }
    if (reads(info, "eps"))
        expect(out, spec.eps > 0, "optimizer.eps", "> 0", spec.eps);
    if (reads(info, "alpha"))
        expect(out, spec.alpha >= 0 && spec.alpha < 1, "optimizer.alpha", "in [0, 1)", spec.alpha);
    expect(out, spec.weightDecay >= 0, "optimizer.weight_decay", ">= 0", spec.weightDecay);
    if (spec.batchSize < 0)
        out.push_back("optimizer.batch_size must be >= 0 (0 = full batch), got "
            + std::to_string(spec.batchSize));
    else if (info && info->name == "gd" && spec.batchSize != 0)
        out.push_back("optimizer.batch_size must be 0 (full batch) for gd, got "
            + std::to_string(spec.batchSize) + "; use sgd for mini-batches");

    const ScheduleSpec& s = spec.schedule;
    const auto schedules = scheduleNames();
    if (std::find(schedules.begin(), schedules.end(), s.kind) == schedules.end())
        out.push_back("optimizer.schedule.kind must be one of " + joined(schedules) + ", got \""
            + s.kind + "\"");
    if (s.kind == "step") {
        if (s.stepSize < 1)
            out.push_back(
                "optimizer.schedule.step_size must be >= 1, got " + std::to_string(s.stepSize));
        expect(out, s.gamma > 0, "optimizer.schedule.gamma", "> 0", s.gamma);
    } else if (s.kind == "cosine") {
        if (s.tMax < 0)
            out.push_back("optimizer.schedule.t_max must be >= 0 (0 = training.epochs), got "
                + std::to_string(s.tMax));
        expect(out, s.etaMin >= 0, "optimizer.schedule.eta_min", ">= 0", s.etaMin);
    }
    return out;
}

std::unique_ptr<Optimizer> createOptimizer(const OptimizerSpec& spec)
{
    const auto problems = optimizerProblems(spec);
    if (!problems.empty()) {
        std::string message;
        for (const auto& p : problems)
            message += (message.empty() ? "" : "; ") + p;
        throw Error(message + ".");
    }
    return findOptimizer(spec.kind)->create(spec);
}

} // namespace bitlab
