// Activation functions: the published accuracy (docs/activations.md) holds, the target is
// met, and every documented rule outside the polynomial range gives exactly its value.
#include <fmt/format.h>
#include <catch2/catch_get_random_seed.hpp>
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>
#include <catch2/generators/catch_generators_range.hpp>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "activations/accuracy.h"

using namespace tessel;
using namespace tessel::act;
using namespace tessel::act::accuracy;

namespace {

// One row of the published table.
struct Published {
  double max_fp32, mean_fp32, max_bf16, mean_bf16;
  int steps;
  double pct;
  bool target;
};

std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string cell;
  std::getline(ss, cell, '|');  // before the first bar
  while (std::getline(ss, cell, '|')) {
    const auto b = cell.find_first_not_of(' '), e = cell.find_last_not_of(' ');
    out.push_back(b == std::string::npos ? "" : cell.substr(b, e - b + 1));
  }
  return out;
}

// "function/inputs" -> the published numbers, read from the doc the reader sees.
std::map<std::string, Published> read_published() {
  std::ifstream in(TESSEL_ACTIVATIONS_DOC);
  std::map<std::string, Published> table;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("| ", 0) != 0) continue;
    const auto c = cells(line);
    if (c.size() < 10 || (c[1] != "bf16-all" && c[1] != "fp32-random")) continue;
    table[c[0] + "/" + c[1]] = {std::stod(c[3]), std::stod(c[4]), std::stod(c[5]), std::stod(c[6]),
                                std::stoi(c[7]), std::stod(c[8]), c[9] == "yes"};
  }
  return table;
}

void check_published(Function f, const char* set, const Stats& s) {
  static const std::map<std::string, Published> table = read_published();
  const std::string key = fmt::format("{}/{}", function_name(f), set);
  INFO(key << " (docs/activations.md; regenerate with activation_accuracy --write)");
  INFO(fmt::format("worst BF16 input {:#010x}", s.worst_input));
  REQUIRE(table.count(key) == 1);
  const Published& p = table.at(key);
  CHECK(s.max_fp32_ulp <= p.max_fp32);
  CHECK(s.mean_fp32_ulp() <= p.mean_fp32);
  CHECK(s.max_bf16_ulp <= p.max_bf16);
  CHECK(s.mean_bf16_ulp() <= p.mean_bf16);
  CHECK(s.max_bf16_steps <= p.steps);
  CHECK(s.pct_exact() >= p.pct);
  if (p.target) CHECK(meets_target(s));
}

constexpr uint32_t kPosInf = 0x7F800000u, kNegInf = 0xFF800000u, kNegZero = 0x80000000u;
constexpr uint32_t kOne = 0x3F800000u, kNegOne = 0xBF800000u, kNan = 0x7FC00000u;

}  // namespace

TEST_CASE("activation: accuracy meets the published bounds (all BF16, 10^6 random FP32)",
          "[activation]") {
  const Function f = GENERATE(from_range(std::begin(kAllFunctions), std::end(kAllFunctions)));
  CAPTURE(function_name(f));
  check_published(f, "bf16-all", measure_bf16_exhaustive(f));
  check_published(f, "fp32-random", measure_fp32_random(f, kPublishedCount, kPublishedSeed));
}

TEST_CASE("activation: fresh random inputs from the run's seed meet the target", "[activation]") {
  // The published sample is fixed; this one changes with --rng-seed, so repeated runs keep
  // searching for a worse input. The target, not the sample's maxima, is the bound here; the
  // FP32 bound is twice the largest published maximum (3.9 ulp).
  const Function f = GENERATE(from_range(std::begin(kAllFunctions), std::end(kAllFunctions)));
  CAPTURE(function_name(f), Catch::getSeed());
  const Stats s = measure_fp32_random(f, 200000, Catch::getSeed());
  INFO(fmt::format("worst BF16 input {:#010x}", s.worst_input));
  CHECK(meets_target(s));
  CHECK(s.max_fp32_ulp <= 8.0);
}

TEST_CASE("activation: every function maps any NaN to the canonical NaN", "[activation]") {
  for (Function f : kAllFunctions) {
    for (uint32_t nan : {0x7FC00000u, 0xFFC00000u, 0x7F800001u, 0xFFFFFFFFu, 0x7FA5A5A5u}) {
      INFO(fmt::format("{}({:#010x})", function_name(f), nan));
      CHECK(evaluate_fp32(f, nan) == kNan);
    }
    for (uint32_t bf16_nan : {0x7FC0u, 0xFFC1u, 0x7F81u}) {
      CHECK(activate(f, bf16_nan, Format::Bf16, kOne, 0) == 0x7FC0u);
    }
  }
}

TEST_CASE("activation: documented rules at infinities, zeros and range limits", "[activation]") {
  struct Rule {
    Function f;
    uint32_t x, y;
  };
  // Values follow docs/activations.md ("Inputs outside the range"), which follows IEEE 754
  // (and C's <math.h>) where it has a rule.
  const Rule rules[] = {
      {Function::Copy, kNegZero, kNegZero},
      {Function::Copy, kNegInf, kNegInf},
      {Function::Relu, kNegZero, 0},
      {Function::Relu, kNegInf, 0},
      {Function::Relu, kPosInf, kPosInf},
      {Function::Relu, 0xC0400000u, 0},
      {Function::Gelu, kPosInf, kPosInf},
      {Function::Gelu, kNegInf, kNegZero},
      {Function::Gelu, kNegZero, kNegZero},
      {Function::Gelu, 0xC1700000u, kNegZero},
      {Function::Gelu, 0x41000000u, 0x41000000u},
      {Function::GeluTanh, kPosInf, kPosInf},
      {Function::GeluTanh, kNegInf, kNegZero},
      {Function::GeluTanh, 0xC1400000u, kNegZero},
      {Function::GeluTanh, kNegZero, kNegZero},
      {Function::Sigmoid, kPosInf, kOne},
      {Function::Sigmoid, kNegInf, 0},
      {Function::Sigmoid, 0x41A00000u, kOne},
      {Function::Tanh, kPosInf, kOne},
      {Function::Tanh, kNegInf, kNegOne},
      {Function::Tanh, kNegZero, kNegZero},
      {Function::Tanh, 0xC1200000u, kNegOne},
      {Function::Silu, kPosInf, kPosInf},
      {Function::Silu, kNegInf, kNegZero},
      {Function::Silu, kNegZero, kNegZero},
      {Function::Silu, 0xC2E00000u, kNegZero},
      {Function::Exp, kPosInf, kPosInf},
      {Function::Exp, kNegInf, 0},
      {Function::Exp, 0x42B20000u, kPosInf},
      {Function::Exp, 0xC2D00000u, 0},
      {Function::Exp, 0, kOne},
      {Function::Exp, kNegZero, kOne},
      {Function::Log, 0, kNegInf},
      {Function::Log, kNegZero, kNegInf},
      {Function::Log, kNegOne, kNan},
      {Function::Log, kNegInf, kNan},
      {Function::Log, kPosInf, kPosInf},
      {Function::Log, kOne, 0},
      {Function::Sqrt, kNegZero, kNegZero},
      {Function::Sqrt, 0, 0},
      {Function::Sqrt, kNegOne, kNan},
      {Function::Sqrt, kPosInf, kPosInf},
      {Function::Sqrt, kNegInf, kNan},
      {Function::Rsqrt, 0, kPosInf},
      {Function::Rsqrt, kNegZero, kNegInf},
      {Function::Rsqrt, kNegOne, kNan},
      {Function::Rsqrt, kPosInf, 0},
      {Function::Reciprocal, 0, kPosInf},
      {Function::Reciprocal, kNegZero, kNegInf},
      {Function::Reciprocal, kPosInf, 0},
      {Function::Reciprocal, kNegInf, kNegZero},
      {Function::Reciprocal, 0x00000001u, kPosInf},
      {Function::Square, kNegInf, kPosInf},
      {Function::Square, kNegZero, 0},
      {Function::Softplus, kPosInf, kPosInf},
      {Function::Softplus, kNegInf, 0},
      {Function::Softplus, 0x41A00000u, 0x41A00000u},
      {Function::Erf, kPosInf, kOne},
      {Function::Erf, kNegInf, kNegOne},
      {Function::Erf, kNegZero, kNegZero},
      {Function::Erf, 0x40A00000u, kOne},
      // Exact results a user relies on: powers of two and the functions' fixed points.
      {Function::Sqrt, 0x40800000u, 0x40000000u},
      {Function::Rsqrt, 0x40800000u, 0x3F000000u},
      {Function::Reciprocal, 0xC0000000u, 0xBF000000u},
      {Function::Reciprocal, 0x7F000000u, 0x00400000u},  // 2^127 -> subnormal 2^-127
      {Function::Sigmoid, 0, 0x3F000000u},
  };
  for (const Rule& r : rules) {
    INFO(fmt::format("{}({:#010x}) = {:#010x}, expected {:#010x}", function_name(r.f), r.x,
                     evaluate_fp32(r.f, r.x), r.y));
    CHECK(evaluate_fp32(r.f, r.x) == r.y);
  }
}

TEST_CASE("activation: monotone functions stay monotone over every BF16 input", "[activation]") {
  // A segment boundary where two polynomials disagree shows up as a step backwards.
  for (Function f : {Function::Sigmoid, Function::Tanh, Function::Erf, Function::Exp, Function::Log,
                     Function::Sqrt, Function::Softplus, Function::Relu}) {
    INFO(function_name(f));
    float prev = -INFINITY;
    // Increasing inputs: negative encodings from -inf down to -0, then +0 up to +inf.
    for (int i = -0x7F80; i <= 0x7F80; ++i) {
      const uint32_t x =
          i < 0 ? (0x8000u | static_cast<uint32_t>(-i)) << 16 : static_cast<uint32_t>(i) << 16;
      const float y = to_float(evaluate_fp32(f, x));
      if (std::isnan(y)) continue;
      INFO(fmt::format("input {:#010x}", x));
      REQUIRE(y >= prev);
      prev = y;
    }
  }
}

TEST_CASE("activation: scale and bias, formats, ids", "[activation]") {
  // out = f(in * scale + bias) with one FMA, then the output format's RNE narrowing.
  const uint32_t in = 0x4040u;                             // BF16 3.0
  const uint32_t scale = 0x40000000u, bias = 0xC0C00000u;  // 3 * 2 - 6 = 0
  CHECK(activate(Function::Exp, in, Format::Bf16, scale, bias) == 0x3F80u);
  CHECK(activate(Function::Exp, in, Format::Bf16, scale, bias, Format::Fp32) == kOne);
  CHECK(activate(Function::Sigmoid, in, Format::Bf16, scale, bias, Format::Fp16) == 0x3800u);
  CHECK(activate(Function::Relu, 0xC0u /* E4M3 -0.5 */, Format::Fp8E4M3, kOne, 0) == 0);
  for (Function f : kAllFunctions) {
    CHECK(function_from_id(static_cast<uint32_t>(f)) == f);
    CHECK(parse_function(function_name(f)) == f);
  }
  CHECK_FALSE(function_from_id(kNumFunctions).has_value());
  CHECK_FALSE(parse_function("softmax").has_value());
}
