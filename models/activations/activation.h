// Tessel scalar-engine activation functions: the bit-exact C++ model (docs/activations.md).
//
// Every function is a fixed sequence of integer operations on FP32 encodings and IEEE binary32
// fused multiply-adds (tessel::fp32_fma), with piecewise-polynomial coefficient tables generated
// once by scripts/gen_activations.py (models/activations/activation_tables.json). The RTL will
// run the same sequence on the same tables, so this model is the reference it must match bit for
// bit. No host floating point is used here.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "numerics/fp.h"

namespace tessel::act {

// The function id carried by the scalar-engine instruction. The numbering is part of the ISA:
// append new functions, never renumber.
enum class Function : uint8_t {
  Copy = 0,
  Relu = 1,
  Gelu = 2,      // x * Phi(x), the erf form
  GeluTanh = 3,  // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
  Sigmoid = 4,
  Tanh = 5,
  Silu = 6,  // x * sigmoid(x)
  Exp = 7,
  Log = 8,
  Sqrt = 9,
  Rsqrt = 10,
  Reciprocal = 11,
  Square = 12,
  Softplus = 13,  // log(1 + exp(x))
  Erf = 14,
};

inline constexpr int kNumFunctions = 15;

inline constexpr Function kAllFunctions[kNumFunctions] = {
    Function::Copy,  Function::Relu,       Function::Gelu,   Function::GeluTanh, Function::Sigmoid,
    Function::Tanh,  Function::Silu,       Function::Exp,    Function::Log,      Function::Sqrt,
    Function::Rsqrt, Function::Reciprocal, Function::Square, Function::Softplus, Function::Erf};

std::string_view function_name(Function f);  // "copy", "relu", "gelu", ...
std::optional<Function> parse_function(std::string_view name);
// A function id from an instruction field; nullopt for an id that does not exist.
std::optional<Function> function_from_id(uint32_t id);

// f(x) in FP32: x and the result are FP32 encodings. A NaN input gives 0x7FC00000.
uint32_t evaluate_fp32(Function f, uint32_t x);

// The scalar engine's element operation: out = narrow(f(fma(widen(in), scale, bias))), with
// scale and bias FP32 encodings, in and out encodings of their formats (BF16 output by default).
uint32_t activate(Function f, uint32_t in, Format in_format, uint32_t scale, uint32_t bias,
                  Format out_format = Format::Bf16);

}  // namespace tessel::act
