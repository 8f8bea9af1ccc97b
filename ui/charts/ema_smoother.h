#pragma once
// EmaSmoother: TensorBoard's debiased exponential moving average for noisy loss curves.
//
//   last_i = w * last_{i-1} + (1 - w) * v_i,  last_0 = 0
//   smoothed_i = last_i / (1 - w^i)        (i counts the finite values so far)
//
// w in [0, 1) is the slider's weight (0 = no smoothing). Non-finite values pass through.
// extend() continues from where the last call stopped, so a live curve costs O(new points).

#include <vector>

namespace bitlab::ui {

class EmaSmoother {
public:
    void setWeight(double weight);
    double weight() const { return m_weight; }
    // Starts over (call when the weight or the input changed other than by appending).
    void reset();
    // Smooths values[out.size() ...] and appends them to out.
    void extend(const std::vector<double>& values, std::vector<double>& out);

private:
    double m_weight = 0.0;
    double m_last = 0.0;
    double m_debias = 1.0; // w^i
};

} // namespace bitlab::ui
