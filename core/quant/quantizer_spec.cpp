#include "core/quant/quantizer_spec.h"

#include "core/common/enum_names.h"

namespace bitlab {

namespace {
constexpr EnumNames<Rounding, 2> kRoundings {
    { { { Rounding::Nearest, "nearest" }, { Rounding::Stochastic, "stochastic" } } }
};
constexpr EnumNames<TrainingMode, 3> kModes { { { { TrainingMode::PostUpdate, "post_update" },
    { TrainingMode::Ste, "ste" }, { TrainingMode::Ptq, "ptq" } } } };
constexpr EnumNames<Granularity, 2> kGranularities {
    { { { Granularity::PerTensor, "per_tensor" }, { Granularity::PerChannel, "per_channel" } } }
};
constexpr EnumNames<FloatScaling, 2> kScalings {
    { { { FloatScaling::None, "none" }, { FloatScaling::Amax, "amax" } } }
};
constexpr EnumNames<FloatOverflow, 2> kOverflows {
    { { { FloatOverflow::Saturate, "saturate" }, { FloatOverflow::Format, "format" } } }
};
constexpr EnumNames<RangeObserver, 4> kObservers { { { { RangeObserver::MinMax, "minmax" },
    { RangeObserver::MovingAverage, "moving_average" }, { RangeObserver::Percentile, "percentile" },
    { RangeObserver::Mse, "mse" } } } };
constexpr EnumNames<LearnMode, 3> kLearnModes {
    { { { LearnMode::None, "none" }, { LearnMode::Lsq, "lsq" }, { LearnMode::Pact, "pact" } } }
};
} // namespace

const char* toString(LearnMode v)
{
    return kLearnModes.name(v);
}
std::optional<LearnMode> learnFromString(const std::string& s)
{
    return kLearnModes.value(s);
}
std::vector<std::string> learnNames()
{
    return kLearnModes.names();
}

const char* toString(RangeObserver v)
{
    return kObservers.name(v);
}
std::optional<RangeObserver> observerFromString(const std::string& s)
{
    return kObservers.value(s);
}
std::vector<std::string> observerNames()
{
    return kObservers.names();
}

const char* toString(FloatScaling v)
{
    return kScalings.name(v);
}
const char* toString(FloatOverflow v)
{
    return kOverflows.name(v);
}
std::optional<FloatScaling> scalingFromString(const std::string& s)
{
    return kScalings.value(s);
}
std::optional<FloatOverflow> overflowFromString(const std::string& s)
{
    return kOverflows.value(s);
}
std::vector<std::string> scalingNames()
{
    return kScalings.names();
}
std::vector<std::string> overflowNames()
{
    return kOverflows.names();
}

const char* toString(Rounding v)
{
    return kRoundings.name(v);
}
const char* toString(TrainingMode v)
{
    return kModes.name(v);
}
const char* toString(Granularity v)
{
    return kGranularities.name(v);
}
std::optional<Rounding> roundingFromString(const std::string& s)
{
    return kRoundings.value(s);
}
std::optional<TrainingMode> modeFromString(const std::string& s)
{
    return kModes.value(s);
}
std::optional<Granularity> granularityFromString(const std::string& s)
{
    return kGranularities.value(s);
}
std::vector<std::string> roundingNames()
{
    return kRoundings.names();
}
std::vector<std::string> modeNames()
{
    return kModes.names();
}
std::vector<std::string> granularityNames()
{
    return kGranularities.names();
}

} // namespace bitlab
