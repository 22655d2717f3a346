// The integer-only numerics model (models/numerics/fp.cpp) against the independent oracles
// (verif/oracle: format definitions, value tables and the host FPU), bit for bit.
//
// The oracles are checked first against hand-derived values, so that a wrong oracle cannot
// quietly bless a wrong model. Every sweep reports its first few mismatches with the inputs and
// both results in hex, then stops. Random sweeps are seeded from Catch2's --rng-seed.
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <utility>

#include <fmt/format.h>
#include <catch2/catch_get_random_seed.hpp>
#include <catch2/catch_test_macros.hpp>

#include "numerics/fp.h"
#include "numerics/fp_stimulus.h"
#include "oracle/fp_oracle.h"

namespace {

using tessel::Format;
namespace oracle = tessel::oracle;
namespace stim = tessel::stim;

constexpr int kRandomCases = 1'000'000;
constexpr int kMaxReported = 5;

uint32_t bits_of(float x) {
  uint32_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  return bits;
}

// FP32 bits of a value written as a formula in the test (exact by construction).
uint32_t f32(double v) { return bits_of(static_cast<float>(v)); }

double pow2(int e) { return std::ldexp(1.0, e); }

// A generator per sweep: the run's seed, decorrelated per sweep so sweeps do not share streams.
std::mt19937_64 seeded(uint64_t salt) {
  return std::mt19937_64(Catch::getSeed() * 0x9E3779B97F4A7C15ull + salt);
}

// Counts model/oracle disagreements in one sweep: the first kMaxReported are reported in full
// (inputs and both results in hex), after which the sweep stops instead of flooding the log.
class Mismatches {
 public:
  explicit Mismatches(std::string what) : what_(std::move(what)) {}

  template <typename Describe>
  void check(uint32_t model, uint32_t expected, Describe&& describe) {
    ++checked_;
    if (model == expected) return;
    if (++count_ <= kMaxReported) {
      FAIL_CHECK(fmt::format("{}: {}: model {:#010x}, expected {:#010x}", what_, describe(), model,
                             expected));
    }
  }

  bool stop() const { return count_ >= kMaxReported; }
  long checked() const { return checked_; }

  // The verdict of the sweep; also fails an empty sweep, which would prove nothing.
  void finish() const {
    INFO(fmt::format("{}: {} cases checked, {} mismatches", what_, checked_, count_));
    CHECK(checked_ > 0);
    CHECK(count_ == 0);
  }

 private:
  std::string what_;
  long checked_ = 0;
  long count_ = 0;
};

std::string name(Format f) { return std::string(tessel::format_name(f)); }

void check_mac(Mismatches& m, const stim::MacCase& c, Format fa, Format fb) {
  m.check(tessel::pe_mac(c.a, fa, c.b, fb, c.acc), oracle::pe_mac(c.a, fa, c.b, fb, c.acc), [&] {
    return fmt::format("pe_mac(a={:#x} {}, b={:#x} {}, acc={:#010x})", c.a, name(fa), c.b, name(fb),
                       c.acc);
  });
}

void check_narrow(Mismatches& m, uint32_t x, Format f) {
  m.check(tessel::narrow_from_fp32(x, f), oracle::narrow(x, f),
          [&] { return fmt::format("narrow_from_fp32({:#010x}, {})", x, name(f)); });
}

// True if FP32 x lies exactly halfway between two adjacent finite values of f: reflecting x
// about its nearest value lands on another value of f. Used to prove the stimulus hits ties.
bool is_tie(uint32_t x, Format f) {
  const double v = oracle::decode(x, Format::Fp32);
  const double r = oracle::decode(oracle::narrow(x, f), f);
  if (!std::isfinite(v) || !std::isfinite(r) || r == v) return false;
  const double other = 2 * v - r;
  if (static_cast<double>(static_cast<float>(other)) != other) return false;
  return oracle::decode(oracle::narrow(f32(other), f), f) == other;
}

bool is_subnormal32(uint32_t x) { return (x & 0x7F800000u) == 0 && (x & 0x7FFFFFu) != 0; }
bool is_zero32(uint32_t x) { return (x & 0x7FFFFFFFu) == 0; }
bool is_finite_nonzero32(uint32_t x) { return (x & 0x7F800000u) != 0x7F800000u && !is_zero32(x); }

// What a MAC sweep exercised, so that a stimulus regression shows up as a failure.
struct MacCoverage {
  long nan = 0, inf = 0, subnormal = 0, cancelled = 0;

  void add(const stim::MacCase& c, Format fa, Format fb, uint32_t result) {
    nan += result == tessel::kFp32CanonicalNan;
    inf += (result & 0x7FFFFFFFu) == 0x7F800000u;
    subnormal += is_subnormal32(result);
    cancelled += is_zero32(result) && is_finite_nonzero32(oracle::widen(c.a, fa)) &&
                 is_finite_nonzero32(oracle::widen(c.b, fb)) && is_finite_nonzero32(c.acc);
  }
};

}  // namespace

// --- The oracles against hand-derived values ------------------------------------------------

TEST_CASE("oracle decodes each format from its definition", "[numerics][model][oracle]") {
  CHECK(oracle::decode(0x7E, Format::Fp8E4M3) == 448.0);  // S.1111.110: finite in OCP E4M3
  CHECK(std::isnan(oracle::decode(0x7F, Format::Fp8E4M3)));
  CHECK(std::isnan(oracle::decode(0xFF, Format::Fp8E4M3)));
  CHECK(oracle::decode(0x78, Format::Fp8E4M3) == 256.0);
  CHECK(oracle::decode(0x01, Format::Fp8E4M3) == pow2(-9));
  CHECK(oracle::decode(0x08, Format::Fp8E4M3) == pow2(-6));
  CHECK(oracle::decode(0x38, Format::Fp8E4M3) == 1.0);
  CHECK(oracle::decode(0x7B, Format::Fp8E5M2) == 57344.0);
  CHECK(oracle::decode(0x7C, Format::Fp8E5M2) == INFINITY);
  CHECK(oracle::decode(0xFC, Format::Fp8E5M2) == -INFINITY);
  CHECK(std::isnan(oracle::decode(0x7D, Format::Fp8E5M2)));
  CHECK(oracle::decode(0x01, Format::Fp8E5M2) == pow2(-16));
  CHECK(oracle::decode(0x0001, Format::Bf16) == pow2(-133));
  CHECK(oracle::decode(0x7F7F, Format::Bf16) == (2 - pow2(-7)) * pow2(127));
  CHECK(oracle::decode(0xBF80, Format::Bf16) == -1.0);
  CHECK(oracle::decode(0x7BFF, Format::Fp16) == 65504.0);
  CHECK(oracle::decode(0x0001, Format::Fp16) == pow2(-24));
  CHECK(oracle::decode(0x0400, Format::Fp16) == pow2(-14));
  CHECK(oracle::decode(0x3555, Format::Fp16) == 0.25 + 0x155 * pow2(-12));
  CHECK(std::signbit(oracle::decode(0x8000, Format::Fp16)));
  CHECK(oracle::decode(0x00000001, Format::Fp32) == pow2(-149));
  CHECK(oracle::widen(0x7E, Format::Fp8E4M3) == 0x43E00000u);
  CHECK(oracle::widen(0x7F, Format::Fp8E4M3) == 0x7FC00000u);
  CHECK(oracle::widen(0xFD, Format::Fp8E5M2) == 0x7FC00000u);
  CHECK(oracle::widen(0x0001, Format::Bf16) == 0x00010000u);
}

TEST_CASE("oracle narrows hand-derived ties, overflows and NaNs", "[numerics][model][oracle]") {
  struct Case {
    double in;
    Format f;
    uint32_t want;
  };
  const Case cases[] = {
      {1 + pow2(-8), Format::Bf16, 0x3F80},      // tie, even below: 1.0
      {1 + 3 * pow2(-8), Format::Bf16, 0x3F82},  // tie, odd below: 1 + 2^-6
      {1 + pow2(-8) + pow2(-23), Format::Bf16, 0x3F81},
      {-(1 + pow2(-8)), Format::Bf16, 0xBF80},
      {pow2(-134), Format::Bf16, 0x0000},             // half the smallest subnormal: to zero
      {3 * pow2(-134), Format::Bf16, 0x0002},         // 1.5 x smallest: tie, to 2 (even)
      {pow2(128) - pow2(119), Format::Bf16, 0x7F80},  // max + ulp/2 rounds to inf
      {pow2(128) - pow2(119) - pow2(104), Format::Bf16, 0x7F7F},
      {65504, Format::Fp16, 0x7BFF},
      {65520, Format::Fp16, 0x7C00},                 // max + ulp/2: inf
      {65520 - pow2(-8) * 8, Format::Fp16, 0x7BFF},  // 65519.97: just below, max
      {-1e30, Format::Fp16, 0xFC00},
      {1 + pow2(-11), Format::Fp16, 0x3C00},
      {1 + 3 * pow2(-11), Format::Fp16, 0x3C02},
      {pow2(-25), Format::Fp16, 0x0000},
      {pow2(-25) * (1 + pow2(-23)), Format::Fp16, 0x0001},
      {1.5 * pow2(-24), Format::Fp16, 0x0002},
      {(1023.5) * pow2(-24), Format::Fp16, 0x0400},  // max subnormal + half: min normal (even)
      {448, Format::Fp8E4M3, 0x7E},
      {464, Format::Fp8E4M3, 0x7E},  // saturates: no 480, no infinity
      {480, Format::Fp8E4M3, 0x7E},
      {-1e9, Format::Fp8E4M3, 0xFE},
      {INFINITY, Format::Fp8E4M3, 0x7E},
      {-INFINITY, Format::Fp8E4M3, 0xFE},
      {NAN, Format::Fp8E4M3, 0x7F},
      {1.0625, Format::Fp8E4M3, 0x38},  // tie between 1 and 1.125: 1
      {1.1875, Format::Fp8E4M3, 0x3A},  // tie between 1.125 and 1.25: 1.25
      {pow2(-10), Format::Fp8E4M3, 0x00},
      {3 * pow2(-10), Format::Fp8E4M3, 0x02},
      {15 * pow2(-10), Format::Fp8E4M3, 0x08},  // max subnormal + half: min normal
      {57344, Format::Fp8E5M2, 0x7B},
      {61440, Format::Fp8E5M2, 0x7B},  // would round past max: saturates
      {INFINITY, Format::Fp8E5M2, 0x7B},
      {-INFINITY, Format::Fp8E5M2, 0xFB},
      {NAN, Format::Fp8E5M2, 0x7E},
      {1.125, Format::Fp8E5M2, 0x3C},
      {1.375, Format::Fp8E5M2, 0x3E},
      {-0.0, Format::Fp8E5M2, 0x80},
      {-NAN, Format::Bf16, 0x7FC0},
      {NAN, Format::Fp16, 0x7E00},
  };
  for (const Case& c : cases) {
    INFO(fmt::format("{} to {}", c.in, name(c.f)));
    CHECK(oracle::narrow(f32(c.in), c.f) == c.want);
  }
  CHECK(oracle::narrow(0x7F800001u, Format::Fp32) == 0x7FC00000u);  // sNaN: canonical
  CHECK(oracle::narrow(0x00000001u, Format::Fp32) == 0x00000001u);  // otherwise identity
}

TEST_CASE("oracle host FPU is IEEE binary32: fused, subnormals kept", "[numerics][model][oracle]") {
  // (1 + 2^-12)^2 - (1 + 2^-11) = 2^-24 exactly; an unfused multiply would give 0.
  CHECK(oracle::fp32_fma(f32(1 + pow2(-12)), f32(1 + pow2(-12)), f32(-(1 + pow2(-11)))) ==
        f32(pow2(-24)));
  // Flush-to-zero or denormals-are-zero would break these.
  CHECK(oracle::fp32_add(0x00000001u, 0x00000001u) == 0x00000002u);
  CHECK(oracle::fp32_fma(0x00800000u, f32(0.5), 0u) == 0x00400000u);
  CHECK(oracle::fp32_add(0x00000000u, 0x80000000u) == 0x00000000u);
  CHECK(oracle::fp32_add(0x80000000u, 0x80000000u) == 0x80000000u);
  CHECK(oracle::fp32_fma(0x7F800000u, 0u, f32(1)) == 0x7FC00000u);
  CHECK(oracle::fp32_add(0x7F800000u, 0xFF800000u) == 0x7FC00000u);
  CHECK(oracle::fp32_add(0xFFA12345u, f32(1)) == 0x7FC00000u);
  CHECK(oracle::pe_mac(0x3F80, Format::Bf16, 0x4000, Format::Bf16, f32(0.5)) == f32(2.5));
  CHECK(oracle::pe_mac(0x7E, Format::Fp8E4M3, 0x7B, Format::Fp8E5M2, 0u) == f32(448.0 * 57344));
}

// --- Format helpers ------------------------------------------------------------------------

TEST_CASE("format helpers follow the brief", "[numerics][model]") {
  const std::pair<Format, int> widths[] = {{Format::Fp32, 32},
                                           {Format::Bf16, 16},
                                           {Format::Fp16, 16},
                                           {Format::Fp8E4M3, 8},
                                           {Format::Fp8E5M2, 8}};
  for (const auto& [f, bits] : widths) CHECK(tessel::format_bits(f) == bits);
  CHECK(tessel::canonical_nan(Format::Fp32) == 0x7FC00000u);
  CHECK(tessel::canonical_nan(Format::Bf16) == 0x7FC0u);
  CHECK(tessel::canonical_nan(Format::Fp16) == 0x7E00u);
  CHECK(tessel::canonical_nan(Format::Fp8E4M3) == 0x7Fu);
  CHECK(tessel::canonical_nan(Format::Fp8E5M2) == 0x7Eu);
  CHECK(tessel::format_name(Format::Fp8E4M3) == "fp8e4m3");
  for (const Format f : tessel::kAllFormats) {
    CHECK(tessel::parse_format(tessel::format_name(f)) == f);
  }
  CHECK_FALSE(tessel::parse_format("fp7").has_value());
  CHECK_FALSE(tessel::parse_format("").has_value());
  for (const Format f : tessel::kPeInputFormats) {
    Mismatches m("is_nan vs the oracle, " + name(f));
    for (uint32_t e = 0; e < (1u << tessel::format_bits(f)); ++e) {
      m.check(tessel::is_nan(e, f), std::isnan(oracle::decode(e, f)),
              [&] { return fmt::format("is_nan({:#x})", e); });
    }
    m.finish();
  }
  CHECK(tessel::is_nan(0xFFC00001u, Format::Fp32));
  CHECK_FALSE(tessel::is_nan(0xFF800000u, Format::Fp32));
}

// --- Conversions -----------------------------------------------------------------------------

TEST_CASE("widen_to_fp32 matches the oracle on every encoding", "[numerics][model]") {
  for (const Format f : tessel::kPeInputFormats) {
    Mismatches m("widen_to_fp32 " + name(f));
    for (uint32_t e = 0; e < (1u << tessel::format_bits(f)) && !m.stop(); ++e) {
      m.check(tessel::widen_to_fp32(e, f), oracle::widen(e, f),
              [&] { return fmt::format("widen_to_fp32({:#x}, {})", e, name(f)); });
    }
    m.finish();
  }
  Mismatches m("widen_to_fp32 fp32");
  auto rng = seeded(1);
  for (int i = 0; i < 100'000 && !m.stop(); ++i) {
    const uint32_t x = stim::random_fp32(rng);
    m.check(tessel::widen_to_fp32(x, Format::Fp32), oracle::widen(x, Format::Fp32),
            [&] { return fmt::format("widen_to_fp32({:#010x}, fp32)", x); });
  }
  m.finish();
}

TEST_CASE("every encoding survives widen then narrow", "[numerics][model]") {
  // The expected value is the encoding itself (NaNs: the canonical NaN; E5M2 infinities: the
  // largest finite value, since conversion to FP8 saturates), not an oracle result, so this
  // also checks the oracle's narrowing on every exact value.
  for (const Format f : tessel::kPeInputFormats) {
    Mismatches model("narrow(widen(e)) == e, model, " + name(f));
    Mismatches reference("narrow(widen(e)) == e, oracle, " + name(f));
    for (uint32_t e = 0; e < (1u << tessel::format_bits(f)); ++e) {
      const double v = oracle::decode(e, f);
      uint32_t want = std::isnan(v) ? tessel::canonical_nan(f) : e;
      if (f == Format::Fp8E5M2 && std::isinf(v)) want = (e & 0x80u) | 0x7Bu;
      const auto describe = [&] { return fmt::format("{:#x}", e); };
      model.check(tessel::narrow_from_fp32(tessel::widen_to_fp32(e, f), f), want, describe);
      reference.check(oracle::narrow(oracle::widen(e, f), f), want, describe);
    }
    model.finish();
    reference.finish();
  }
}

TEST_CASE("narrow_from_fp32 matches the oracle on directed and random inputs",
          "[numerics][model]") {
  for (const Format f : tessel::kAllFormats) {
    Mismatches directed("narrow_from_fp32 directed " + name(f));
    long directed_ties = 0;
    for (const uint32_t x : stim::directed_narrow_inputs(f)) {
      check_narrow(directed, x, f);
      directed_ties += is_tie(x, f);
    }
    directed.finish();

    Mismatches random("narrow_from_fp32 random " + name(f));
    auto rng = seeded(10 + static_cast<uint64_t>(f));
    long ties_down = 0;
    long ties_up = 0;
    for (int i = 0; i < kRandomCases && !random.stop(); ++i) {
      const uint32_t x = stim::random_fp32(rng);
      check_narrow(random, x, f);
      if (is_tie(x, f)) {
        const double v = std::fabs(oracle::decode(x, Format::Fp32));
        const double r = std::fabs(oracle::decode(oracle::narrow(x, f), f));
        (r < v ? ties_down : ties_up) += 1;
      }
    }
    random.finish();
    if (f != Format::Fp32) {
      // The mixes exist to hit exact ties of both rounding directions; prove that they do.
      INFO(fmt::format("{}: directed ties {}, random ties down {} up {}", name(f), directed_ties,
                       ties_down, ties_up));
      CHECK(directed_ties >= 50);
      CHECK(ties_down >= 1000);
      CHECK(ties_up >= 1000);
    }
  }
}

// --- Arithmetic ----------------------------------------------------------------------------

TEST_CASE("pe_mac matches std::fmaf on widened operands", "[numerics][model]") {
  for (const Format f : tessel::kPeInputFormats) {
    Mismatches directed("pe_mac directed " + name(f));
    for (const stim::MacCase& c : stim::directed_mac_cases(f)) {
      if (directed.stop()) break;
      check_mac(directed, c, f, f);
    }
    directed.finish();

    Mismatches random("pe_mac random " + name(f));
    MacCoverage cov;
    auto rng = seeded(20 + static_cast<uint64_t>(f));
    for (int i = 0; i < kRandomCases && !random.stop(); ++i) {
      const stim::MacCase c = stim::random_mac_case(rng, f);
      check_mac(random, c, f, f);
      cov.add(c, f, f, oracle::pe_mac(c.a, f, c.b, f, c.acc));
    }
    random.finish();
    INFO(fmt::format("{}: NaN {}, inf {}, subnormal {}, cancelled to zero {}", name(f), cov.nan,
                     cov.inf, cov.subnormal, cov.cancelled));
    CHECK(cov.nan >= 1000);
    CHECK(cov.inf >= 1000);
    CHECK(cov.subnormal >= 100);
    CHECK(cov.cancelled >= 1000);
  }
}

TEST_CASE("pe_mac with mixed operand formats", "[numerics][model]") {
  // The stationary and moving operands may differ in format (and FP32 operands are legal).
  Mismatches m("pe_mac mixed formats");
  auto rng = seeded(30);
  for (int i = 0; i < 200'000 && !m.stop(); ++i) {
    const Format fa = tessel::kAllFormats[rng() % 5];
    const Format fb = tessel::kAllFormats[rng() % 5];
    const stim::MacCase c{stim::random_encoding(rng, fa), stim::random_encoding(rng, fb),
                          stim::random_mac_case(rng, fa).acc};
    check_mac(m, c, fa, fb);
  }
  m.finish();
}

TEST_CASE("fp32_fma matches std::fmaf", "[numerics][model]") {
  const auto check = [](Mismatches& m, const stim::MacCase& c) {
    m.check(tessel::fp32_fma(c.a, c.b, c.acc), oracle::fp32_fma(c.a, c.b, c.acc),
            [&] { return fmt::format("fp32_fma({:#010x}, {:#010x}, {:#010x})", c.a, c.b, c.acc); });
  };
  Mismatches directed("fp32_fma directed");
  for (const stim::MacCase& c : stim::directed_mac_cases(Format::Fp32)) {
    if (directed.stop()) break;
    check(directed, c);
  }
  directed.finish();

  Mismatches random("fp32_fma random");
  auto rng = seeded(40);
  long fused_matters = 0;  // cases where a separately rounded product gives another result
  for (int i = 0; i < kRandomCases && !random.stop(); ++i) {
    const stim::MacCase c = stim::random_mac_case(rng, Format::Fp32);
    check(random, c);
    const uint32_t product = oracle::fp32_fma(c.a, c.b, 0u);
    fused_matters += oracle::fp32_add(product, c.acc) != oracle::fp32_fma(c.a, c.b, c.acc);
  }
  random.finish();
  INFO(fmt::format("fused result differs from multiply-then-add in {} cases", fused_matters));
  CHECK(fused_matters >= 10'000);
}

TEST_CASE("fp32_add matches host float addition", "[numerics][model]") {
  const auto check = [](Mismatches& m, uint32_t a, uint32_t b) {
    m.check(tessel::fp32_add(a, b), oracle::fp32_add(a, b),
            [&] { return fmt::format("fp32_add({:#010x}, {:#010x})", a, b); });
  };
  Mismatches directed("fp32_add directed");
  for (const auto& [a, b] : stim::directed_add_cases()) {
    if (directed.stop()) break;
    check(directed, a, b);
  }
  directed.finish();

  Mismatches random("fp32_add random");
  auto rng = seeded(50);
  long cancelled = 0;
  for (int i = 0; i < kRandomCases && !random.stop(); ++i) {
    const auto [a, b] = stim::random_add_case(rng);
    check(random, a, b);
    const uint32_t sum = oracle::fp32_add(a, b);
    // Leading-bit loss of 8 or more: the normalisation shifter is exercised.
    cancelled += is_finite_nonzero32(a) && is_finite_nonzero32(sum) &&
                 ((a >> 23) & 0xFFu) >= ((sum >> 23) & 0xFFu) + 8u;
  }
  random.finish();
  INFO(fmt::format("{} sums lost 8 or more leading bits", cancelled));
  CHECK(cancelled >= 1000);
}
