#include "core/optim/adamw.h"

namespace bitlab {

AdamW::AdamW(const OptimizerSpec& spec)
    : Adam(spec, true)
{
}

} // namespace bitlab
