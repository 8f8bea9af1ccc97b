#include "core/common/error.h"
#include "core/common/join_names.h"
#include "core/common/text.h"
#include "core/loss/bce_loss.h"
#include "core/loss/cross_entropy_loss.h"
#include "core/loss/hinge_loss.h"
#include "core/loss/loss.h"
#include "core/loss/mse_loss.h"

namespace bitlab {

const std::vector<LossInfo>& lossRegistry()
{
    static const std::vector<LossInfo> registry {
        { "mse",
            BITLAB_TR_NOOP(
                "bitlab::core", "Mean squared error, mean over all elements of (y - z)^2."),
            { Task::Regression }, [] { return std::unique_ptr<Loss>(new MseLoss); } },
        { "bce",
            BITLAB_TR_NOOP("bitlab::core",
                "Binary cross-entropy on the logit z, computed stably as "
                "mean(max(z,0) - z*y + log1p(exp(-|z|)))."),
            { Task::Binary }, [] { return std::unique_ptr<Loss>(new BceLoss); } },
        { "cross_entropy",
            BITLAB_TR_NOOP(
                "bitlab::core", "Softmax cross-entropy on K logits, mean(logsumexp(z) - z_y)."),
            { Task::Multiclass }, [] { return std::unique_ptr<Loss>(new CrossEntropyLoss); } },
        { "hinge",
            BITLAB_TR_NOOP("bitlab::core",
                "Hinge loss, mean(max(0, 1 - t*z)) with t = 2y - 1 for one logit, "
                "PyTorch's MultiMarginLoss (sum over j != y of max(0, 1 - z_y + z_j) / K) for K "
                "logits."),
            { Task::Binary, Task::Multiclass },
            [] { return std::unique_ptr<Loss>(new HingeLoss(1)); } },
        { "squared_hinge",
            BITLAB_TR_NOOP("bitlab::core",
                "Squared hinge loss, mean(max(0, 1 - t*z)^2) for one logit, MultiMarginLoss with p "
                "= 2 "
                "for K logits."),
            { Task::Binary, Task::Multiclass },
            [] { return std::unique_ptr<Loss>(new HingeLoss(2)); } },
    };
    return registry;
}

std::vector<std::string> lossNames()
{
    std::vector<std::string> names;
    for (const auto& info : lossRegistry())
        names.push_back(info.name);
    return names;
}

const LossInfo* findLoss(const std::string& name)
{
    for (const auto& info : lossRegistry())
        if (info.name == name)
            return &info;
    return nullptr;
}

std::unique_ptr<Loss> createLoss(const std::string& name)
{
    if (const LossInfo* info = findLoss(name))
        return info->create();
    throw Error("Unknown loss \"" + name + "\"; expected one of: " + joinNames(lossNames()) + ".");
}

} // namespace bitlab
