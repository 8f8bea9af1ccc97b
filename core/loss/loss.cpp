#include "core/loss/loss.h"

namespace bitlab {

Scalar Loss::predictClass(const Eigen::Ref<const RowVector>& logits)
{
    if (logits.size() == 1)
        return logits(0) > 0.0 ? 1.0 : 0.0;
    Index best = 0;
    for (Index j = 1; j < logits.size(); ++j)
        if (logits(j) > logits(best))
            best = j;
    return static_cast<Scalar>(best);
}

} // namespace bitlab
