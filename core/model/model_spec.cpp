#include "core/model/model_spec.h"

#include "core/common/enum_names.h"

namespace bitlab {

namespace {
constexpr EnumNames<Activation, 3> kActivations { { { { Activation::Relu, "relu" },
    { Activation::Tanh, "tanh" }, { Activation::Sigmoid, "sigmoid" } } } };
} // namespace

const char* toString(Activation v)
{
    return kActivations.name(v);
}
std::optional<Activation> activationFromString(const std::string& s)
{
    return kActivations.value(s);
}
std::vector<std::string> activationNames()
{
    return kActivations.names();
}

} // namespace bitlab
