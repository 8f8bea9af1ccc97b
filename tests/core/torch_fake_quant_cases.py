#!/usr/bin/env python3
"""Writes torch_fake_quant_cases.h: PyTorch's own fake-quant output for float32 tensors,
the reference tst_torch_float32.cpp checks BitLab's "torch_float32" quantizers against.

Run on demand (needs Debian's python3-torch; the tests themselves never need PyTorch):
    /usr/bin/python3 tests/core/torch_fake_quant_cases.py > tests/core/torch_fake_quant_cases.h

Each case runs torch.ao.quantization.FakeQuantize with a MinMaxObserver (per-tensor) or a
PerChannelMinMaxObserver (ch_axis 0) on one tensor and records the scale(s), zero-point(s),
each element's output and whether its gradient passed (the STE mask). Cases are chosen to
tell float32 from float64 arithmetic apart: random tensors where BitLab's float64 codes
would differ from torch's (exact ties, w * fl(1/s) against w / s), tensors below the
float32-epsilon scale floor, an all-zero tensor, and +-amax itself.
"""
import struct
import sys

import numpy as np
import torch
from torch.ao.quantization import FakeQuantize, MinMaxObserver, PerChannelMinMaxObserver

torch.manual_seed(0)


def hexf(x):
    return float(x).hex()


def torch_case(w32, bits, scheme, narrow, per_channel):
    if scheme == "affine":
        qmin, qmax, dtype = 0, 2**bits - 1, torch.quint8
        qs = torch.per_channel_affine if per_channel else torch.per_tensor_affine
    else:
        qmin = -(2 ** (bits - 1) - 1) if narrow else -(2 ** (bits - 1))
        qmax, dtype = 2 ** (bits - 1) - 1, torch.qint8
        qs = torch.per_channel_symmetric if per_channel else torch.per_tensor_symmetric
    obs = PerChannelMinMaxObserver if per_channel else MinMaxObserver
    kwargs = dict(ch_axis=0) if per_channel else {}
    fq = FakeQuantize(observer=obs, quant_min=qmin, quant_max=qmax, dtype=dtype, qscheme=qs, **kwargs)
    t = torch.tensor(w32, dtype=torch.float32, requires_grad=True)
    out = fq(t)
    out.sum().backward()
    scales = fq.scale.detach().numpy().astype(np.float32).reshape(-1)
    zps = fq.zero_point.detach().numpy().astype(np.int64).reshape(-1)
    o = out.detach().numpy().astype(np.float32)
    mask = (t.grad.numpy() != 0).astype(np.int64)
    codes = np.zeros_like(o, dtype=np.int64)
    for r in range(o.shape[0]):
        s = scales[r if per_channel else 0]
        z = zps[r if per_channel else 0]
        codes[r] = np.rint(o[r].astype(np.float64) / float(s)).astype(np.int64) + z
    return qmin, qmax, scales, zps, o, mask, codes


def float64_codes(w32, bits, scheme, narrow, per_channel):
    """BitLab's float64 arithmetic (the default), to keep only discriminating cases."""
    w = w32.astype(np.float64)
    rows = [w] if not per_channel else [w[r : r + 1] for r in range(w.shape[0])]
    out = []
    for x in rows:
        if scheme == "affine":
            lo, hi = min(x.min(), 0.0), max(x.max(), 0.0)
            qmax = 2**bits - 1
            s = (hi - lo) / qmax
            if s == 0:
                out.append(np.zeros_like(x, dtype=np.int64))
                continue
            zp = np.clip(-np.rint(lo / s), 0, qmax)
            out.append(np.clip(np.rint(x / s) + zp, 0, qmax).astype(np.int64))
        else:
            half = 2 ** (bits - 1)
            den = half - 1 if narrow else (2 * half - 1) / 2
            s = max(-x.min(), x.max(), 0.0) / den
            if s == 0:
                out.append(np.zeros_like(x, dtype=np.int64))
                continue
            qmin = -(half - 1) if narrow else -half
            out.append(np.clip(np.rint(x / s), qmin, half - 1).astype(np.int64))
    return np.concatenate(out).reshape(w.shape)


def main():
    cases = []
    configs = [("symmetric", b, False) for b in (2, 3, 4, 8)] + [("symmetric", 4, True)] + [
        ("affine", b, False) for b in (2, 4, 8)
    ]
    rs = np.random.RandomState(2026)
    for scheme, bits, narrow in configs:
        for per_channel in (False, True):
            found = 0
            for _ in range(20000):
                if found == 3:
                    break
                shape = (3, 8) if per_channel else (1, 16)
                w32 = (rs.randn(*shape) * rs.uniform(0.05, 5)).astype(np.float32)
                if scheme == "affine" and rs.rand() < 0.5:
                    w32 = (w32 + np.float32(rs.uniform(-2, 2))).astype(np.float32)
                qmin, qmax, scales, zps, o, mask, codes = torch_case(w32, bits, scheme, narrow, per_channel)
                if np.array_equal(codes, float64_codes(w32, bits, scheme, narrow, per_channel)):
                    continue
                cases.append((scheme, bits, narrow, per_channel, w32, qmin, qmax, scales, zps, o, mask, codes))
                found += 1
        # Below the float32-epsilon floor: torch's scale is eps, BitLab's float64 one is not.
        w32 = (rs.randn(1, 16) * 1e-7).astype(np.float32)
        cases.append((scheme, bits, narrow, False, w32) + torch_case(w32, bits, scheme, narrow, False))
        # All zero, and a tensor whose largest magnitude is a positive weight (the tie case).
        w32 = np.zeros((1, 8), dtype=np.float32)
        cases.append((scheme, bits, narrow, False, w32) + torch_case(w32, bits, scheme, narrow, False))
        w32 = np.array([[-5.6, -2.3, 0.7, 4.3, 7.5, -7.5, 1.1, -1.1]], dtype=np.float32)
        cases.append((scheme, bits, narrow, False, w32) + torch_case(w32, bits, scheme, narrow, False))

    p = sys.stdout.write
    p("// clang-format off\n")
    p("// Generated by tests/core/torch_fake_quant_cases.py from PyTorch %s; do not edit.\n" % torch.__version__)
    p("// Each case: the tensor (float32 values), torch's scale(s) and zero-point(s), and per\n")
    p("// element the code, the output value and the STE mask of torch's FakeQuantize.\n")
    p("#pragma once\n\n#include <cstdint>\n#include <vector>\n\n")
    p("struct TorchFakeQuantCase {\n    const char* scheme;\n    int bits;\n    bool narrowRange;\n")
    p("    bool perChannel;\n    int rows, cols;\n    std::vector<double> w, scale;\n")
    p("    std::vector<std::int64_t> zeroPoint, code;\n    std::vector<double> out;\n")
    p("    std::vector<int> mask;\n};\n\n")
    p("inline const std::vector<TorchFakeQuantCase>& torchFakeQuantCases()\n{\n")
    p("    static const std::vector<TorchFakeQuantCase> cases {\n")
    for (scheme, bits, narrow, pc, w32, qmin, qmax, scales, zps, o, mask, codes) in cases:
        rows, cols = w32.shape
        p('        { "%s", %d, %s, %s, %d, %d,\n' % (scheme, bits, "true" if narrow else "false", "true" if pc else "false", rows, cols))
        p("            { %s },\n" % ", ".join(hexf(x) for x in w32.reshape(-1)))
        p("            { %s },\n" % ", ".join(hexf(x) for x in scales))
        p("            { %s },\n" % ", ".join(str(int(x)) for x in zps))
        p("            { %s },\n" % ", ".join(str(int(x)) for x in codes.reshape(-1)))
        p("            { %s },\n" % ", ".join(hexf(x) for x in o.reshape(-1)))
        p("            { %s } },\n" % ", ".join(str(int(x)) for x in mask.reshape(-1)))
    p("    };\n    return cases;\n}\n// clang-format on\n")
    print("cases: %d" % len(cases), file=sys.stderr)


if __name__ == "__main__":
    main()
