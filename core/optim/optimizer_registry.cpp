// The optimizer registry: name -> rule, PyTorch defaults, the JSON keys the kind reads,
// and the factory. Adding an optimizer means one class in core/optim/ and one entry here.

#include "core/common/error.h"
#include "core/common/join_names.h"
#include "core/common/text.h"
#include "core/optim/adagrad.h"
#include "core/optim/adam.h"
#include "core/optim/adamw.h"
#include "core/optim/optimizer.h"
#include "core/optim/rmsprop.h"
#include "core/optim/sgd.h"

#include <algorithm>
#include <limits>

namespace bitlab {

namespace {

template <class T> std::unique_ptr<Optimizer> make(const OptimizerSpec& spec)
{
    return std::make_unique<T>(spec);
}

// SGD keeps a momentum buffer only when momentum > 0.
bool hasMomentum(const OptimizerSpec& spec)
{
    return spec.momentum > 0;
}

// A rule that keeps `n` copies of the parameters whatever its settings.
std::function<int(const OptimizerSpec&)> copies(int n)
{
    return [n](const OptimizerSpec&) { return n; };
}

// RMSprop keeps its square average, and a momentum buffer only when momentum > 0.
int rmspropCopies(const OptimizerSpec& spec)
{
    return spec.momentum > 0 ? 2 : 1;
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
        BITLAB_TR_NOOP("bitlab::core",
            "Full-batch gradient descent (torch.optim.SGD): v = mu*v + g; "
            "step = g + mu*v (nesterov) or v; w -= lr*step"),
        defaultsOf("gd", 0.1),
        { "lr", "momentum", "nesterov", "weight_decay", "batch_size", "schedule" }, make<Sgd>, true,
        hasMomentum, copies(1) });
    OptimizerSpec sgd = defaultsOf("sgd", 0.1);
    sgd.batchSize = 32; // mini-batches are what makes it stochastic (Keras' fit() default)
    r.push_back({ "sgd",
        BITLAB_TR_NOOP("bitlab::core",
            "Mini-batch SGD (torch.optim.SGD): v = mu*v + g; "
            "step = g + mu*v (nesterov) or v; w -= lr*step"),
        sgd, { "lr", "momentum", "nesterov", "weight_decay", "batch_size", "schedule" }, make<Sgd>,
        false, hasMomentum, copies(1) });
    r.push_back({ "adam",
        BITLAB_TR_NOOP("bitlab::core",
            "Adam (torch.optim.Adam): m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g^2; "
            "w -= lr*(m/(1-b1^t))/(sqrt(v/(1-b2^t)) + eps)"),
        defaultsOf("adam", 1e-3),
        { "lr", "betas", "eps", "weight_decay", "batch_size", "schedule" }, make<Adam>, false, {},
        copies(2) });
    OptimizerSpec adamw = defaultsOf("adamw", 1e-3);
    adamw.weightDecay = 0.01; // torch.optim.AdamW's default, unlike Adam's 0
    r.push_back({ "adamw",
        BITLAB_TR_NOOP("bitlab::core",
            "AdamW (torch.optim.AdamW): w -= lr*wd*w, then the Adam step without L2"),
        adamw, { "lr", "betas", "eps", "weight_decay", "batch_size", "schedule" }, make<AdamW>,
        false, {}, copies(2) });
    r.push_back({ "rmsprop",
        BITLAB_TR_NOOP("bitlab::core",
            "RMSprop (torch.optim.RMSprop): v = alpha*v + (1-alpha)*g^2; "
            "w -= lr*g/(sqrt(v) + eps)"),
        defaultsOf("rmsprop", 1e-2),
        { "lr", "alpha", "eps", "momentum", "weight_decay", "batch_size", "schedule" },
        make<RmsProp>, false, {}, rmspropCopies });
    OptimizerSpec adagrad = defaultsOf("adagrad", 1e-2);
    adagrad.eps = 1e-10;
    r.push_back({ "adagrad",
        BITLAB_TR_NOOP(
            "bitlab::core", "Adagrad (torch.optim.Adagrad): s += g^2; w -= lr*g/(sqrt(s) + eps)"),
        adagrad, { "lr", "eps", "weight_decay", "batch_size", "schedule" }, make<Adagrad>, false,
        {}, copies(1) });
    return r;
}

std::vector<Field<OptimizerSpec>> buildFields()
{
    using S = OptimizerSpec;
    const Range unit = Range::halfOpen(0, 1);
    std::vector<Field<S>> f {
        field("lr", &S::lr, Range::above(0), BITLAB_TR_NOOP("bitlab::core", "Learning rate"),
            BITLAB_TR_NOOP(
                "bitlab::core", "Learning rate lr: the size of each update, w −= lr·step.")),
        field("momentum", &S::momentum, unit, BITLAB_TR_NOOP("bitlab::core", "Momentum"),
            BITLAB_TR_NOOP("bitlab::core",
                "Momentum μ: v = μ·v + g; the step is v (or g + μ·v with Nesterov).")),
        field("nesterov", &S::nesterov, {}, BITLAB_TR_NOOP("bitlab::core", "Nesterov"),
            BITLAB_TR_NOOP("bitlab::core", "Nesterov momentum: step = g + μ·v.")),
        field("betas.0", &S::beta1, unit, BITLAB_TR_NOOP("bitlab::core", "β1"),
            BITLAB_TR_NOOP("bitlab::core", "β1: decay of the first moment, m = β1·m + (1−β1)·g.")),
        field("betas.1", &S::beta2, unit, BITLAB_TR_NOOP("bitlab::core", "β2"),
            BITLAB_TR_NOOP(
                "bitlab::core", "β2: decay of the second moment, v = β2·v + (1−β2)·g².")),
        field("eps", &S::eps, Range::above(0), BITLAB_TR_NOOP("bitlab::core", "ε"),
            BITLAB_TR_NOOP("bitlab::core", "ε: added to the denominator, w −= lr·m̂/(√v̂ + ε).")),
        field("alpha", &S::alpha, unit, BITLAB_TR_NOOP("bitlab::core", "α"),
            BITLAB_TR_NOOP("bitlab::core", "α (RMSprop): v = α·v + (1−α)·g².")),
        field("weight_decay", &S::weightDecay, Range::atLeast(0),
            BITLAB_TR_NOOP("bitlab::core", "Weight decay"),
            BITLAB_TR_NOOP("bitlab::core",
                "Weight decay λ: adds λ·w to the gradient (AdamW: w −= lr·λ·w first).")),
        field("batch_size", &S::batchSize, Range::atLeast(0),
            BITLAB_TR_NOOP("bitlab::core", "Batch size"),
            BITLAB_TR_NOOP("bitlab::core",
                "Samples per update. 0 = the whole training set (plain gradient descent: one "
                "step per epoch).")),
    };
    for (auto& one : f) {
        const std::string key = one.key.substr(0, one.key.find('.')); // betas.0 -> betas
        one.applies = [key](const S& spec) { return optimizerReads(spec.kind, key); };
    }
    return f;
}

std::vector<Field<ScheduleSpec>> buildScheduleFields()
{
    using S = ScheduleSpec;
    constexpr double intMax = std::numeric_limits<int>::max();
    std::vector<Field<S>> f {
        field("step_size", &S::stepSize, Range::closed(1, intMax),
            BITLAB_TR_NOOP("bitlab::core", "Step size"),
            BITLAB_TR_NOOP(
                "bitlab::core", "step schedule: multiply lr by γ every step_size epochs.")),
        field("gamma", &S::gamma, Range::above(0), BITLAB_TR_NOOP("bitlab::core", "γ"),
            BITLAB_TR_NOOP("bitlab::core", "step schedule: the factor γ.")),
        field("t_max", &S::tMax, Range::closed(0, intMax), BITLAB_TR_NOOP("bitlab::core", "T_max"),
            BITLAB_TR_NOOP(
                "bitlab::core", "cosine schedule: the period T_max in epochs (0 = all epochs).")),
        field("eta_min", &S::etaMin, Range::atLeast(0), BITLAB_TR_NOOP("bitlab::core", "η_min"),
            BITLAB_TR_NOOP(
                "bitlab::core", "cosine schedule: the floor η_min of the learning rate.")),
    };
    for (auto& one : f) {
        const std::string kind = one.key == "step_size" || one.key == "gamma" ? "step" : "cosine";
        one.applies = [kind](const S& s) { return s.kind == kind; };
    }
    return f;
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

const std::vector<Field<OptimizerSpec>>& optimizerFields()
{
    static const std::vector<Field<OptimizerSpec>> fields = buildFields();
    return fields;
}

const std::vector<Field<ScheduleSpec>>& scheduleFields()
{
    static const std::vector<Field<ScheduleSpec>> fields = buildScheduleFields();
    return fields;
}

bool optimizerReads(const std::string& kind, const std::string& key)
{
    const OptimizerInfo* info = findOptimizer(kind);
    return !info || std::find(info->fields.begin(), info->fields.end(), key) != info->fields.end();
}

bool optimizerKeepsState(const OptimizerSpec& spec)
{
    const OptimizerInfo* info = findOptimizer(spec.kind);
    return info && (!info->keepsState || info->keepsState(spec));
}

int optimizerStateCopies(const OptimizerSpec& spec)
{
    const OptimizerInfo* info = findOptimizer(spec.kind);
    return info && info->stateCopies ? info->stateCopies(spec) : 1;
}

std::vector<std::string> optimizerProblems(const OptimizerSpec& spec)
{
    std::vector<std::string> out;
    const OptimizerInfo* info = findOptimizer(spec.kind);
    out = fieldProblems(optimizerFields(), spec, "optimizer");
    if (!info)
        out.insert(out.begin(),
            "optimizer.kind must be one of " + joinNames(optimizerNames()) + ", got \"" + spec.kind
                + "\"");
    if (optimizerReads(spec.kind, "nesterov") && spec.nesterov && !(spec.momentum > 0))
        out.push_back("optimizer.nesterov needs optimizer.momentum > 0, got momentum "
            + fieldText(spec.momentum));
    if (info && info->fullBatch && spec.batchSize > 0)
        out.push_back("optimizer.batch_size must be 0 (full batch) for " + info->name + ", got "
            + std::to_string(spec.batchSize) + "; use sgd for mini-batches");

    const ScheduleSpec& s = spec.schedule;
    const auto schedules = scheduleNames();
    if (std::find(schedules.begin(), schedules.end(), s.kind) == schedules.end())
        out.push_back("optimizer.schedule.kind must be one of " + joinNames(schedules) + ", got \""
            + s.kind + "\"");
    for (auto& p : fieldProblems(scheduleFields(), s, "optimizer.schedule"))
        out.push_back(std::move(p));
    return out;
}

std::unique_ptr<Optimizer> createOptimizer(const OptimizerSpec& spec)
{
    const auto problems = optimizerProblems(spec);
    if (!problems.empty()) {
        throw Error(joinNames(problems, "; ") + ".");
    }
    return findOptimizer(spec.kind)->create(spec);
}

} // namespace bitlab
