// RTL tests of the numerics units (rtl/numerics) through fp_units_tb_top: fp_widen, fp_narrow,
// the PE's MAC path (fp_unpack + fp_mac) and fp32_add.
//
// Every expected value comes from tessel::oracle (the host FPU and definition-based
// conversions), never from models/numerics, so the RTL and the C++ model are each checked
// against an independent reference. Comparisons are bit-exact, NaNs included (every NaN
// result must be the canonical one). A few hand-worked values pin the brief's rules so that a
// misreading shared by the oracle and the RTL still fails.
#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch_get_random_seed.hpp>
#include <catch2/catch_test_macros.hpp>
#include <fmt/format.h>

#include "Vfp_units_tb_top.h"
#include "harness/sim_harness.h"
#include "numerics/fp_stimulus.h"
#include "oracle/fp_oracle.h"

namespace tessel {
namespace {

using Sim = sim::Harness<Vfp_units_tb_top>;

constexpr uint64_t kRandomCases = 1'000'000;  // per unit and format, as the issue asks
constexpr uint64_t kMixedCases = 50'000;      // per ordered pair of different PE formats
constexpr int kMaxReported = 5;               // mismatches printed before a sweep stops
constexpr uint32_t kFp32Nan = 0x7FC00000u;
constexpr std::array<unsigned, 3> kUndefinedFormats = {5, 6, 7};

unsigned code(Format f) { return static_cast<unsigned>(f); }

std::string name(Format f) {
  static constexpr std::array<const char*, 5> kNames = {"fp32", "bf16", "fp16", "fp8e4m3",
                                                        "fp8e5m2"};
  return kNames.at(code(f));
}

// Width of an encoding. Repeated here because this test links the oracle, not models/.
int encoding_bits(Format f) {
  switch (f) {
    case Format::Fp32: return 32;
    case Format::Bf16:
    case Format::Fp16: return 16;
    default: return 8;
  }
}

// A generator per sweep, derived from the run's seed (Catch2 --rng-seed) and the sweep's
// identity so that sweeps do not share streams. std::seed_seq is fully specified by the
// standard, so a seed reproduces a run on every platform.
std::mt19937_64 make_rng(unsigned unit, unsigned fmt_a, unsigned fmt_b = 0) {
  std::seed_seq seq{Catch::getSeed(), unit, fmt_a, fmt_b};
  return std::mt19937_64(seq);
}

// One RTL output: the result bits and the unit's illegal-format flag.
struct Out {
  uint32_t bits;
  bool illegal;
};

Out rtl_widen(Sim& sim, uint32_t bits, unsigned fmt) {
  auto& d = sim.dut();
  d.widen_bits_i = bits;
  d.widen_fmt_i = fmt;
  sim.eval();
  return {d.widen_o, d.widen_illegal_o != 0};
}

Out rtl_narrow(Sim& sim, uint32_t fp32, unsigned fmt) {
  auto& d = sim.dut();
  d.narrow_fp32_i = fp32;
  d.narrow_fmt_i = fmt;
  sim.eval();
  return {d.narrow_o, d.narrow_illegal_o != 0};
}

Out rtl_mac(Sim& sim, uint32_t a, unsigned fmt_a, uint32_t b, unsigned fmt_b, uint32_t acc) {
  auto& d = sim.dut();
  d.mac_a_i = static_cast<uint16_t>(a);
  d.mac_a_fmt_i = fmt_a;
  d.mac_b_i = static_cast<uint16_t>(b);
  d.mac_b_fmt_i = fmt_b;
  d.mac_acc_i = acc;
  sim.eval();
  return {d.mac_o, d.mac_illegal_o != 0};
}

uint32_t rtl_add(Sim& sim, uint32_t a, uint32_t b) {
  auto& d = sim.dut();
  d.add_a_i = a;
  d.add_b_i = b;
  sim.eval();
  return d.add_o;
}

// Counts the cases of one sweep and reports the first few mismatches with inputs and both
// outputs in hex. describe() is only called on a mismatch, so passing cases stay cheap.
class Sweep {
 public:
  explicit Sweep(std::string what) : what_(std::move(what)) {}

  template <class Describe>
  void expect(Out got, uint32_t want, bool want_illegal, Describe&& describe) {
    ++cases_;
    if (got.bits == want && got.illegal == want_illegal) return;
    ++failures_;
    if (failures_ <= kMaxReported) {
      FAIL_CHECK(fmt::format("{}: {} -> RTL {:#010x} (illegal {}), oracle {:#010x} (illegal {})",
                             what_, describe(), got.bits, got.illegal, want, want_illegal));
    }
  }

  template <class Describe>
  void expect(uint32_t got, uint32_t want, Describe&& describe) {
    expect(Out{got, false}, want, false, describe);
  }

  bool stopped() const { return failures_ >= kMaxReported; }

  // Every sweep must have run its cases (an empty stimulus list must not pass) and matched.
  void finish(uint64_t min_cases) const {
    INFO(fmt::format("{}: {} cases, {} mismatches", what_, cases_, failures_));
    CHECK(failures_ == 0);
    if (!stopped()) CHECK(cases_ >= min_cases);
  }

 private:
  std::string what_;
  uint64_t cases_ = 0;
  uint64_t failures_ = 0;
};

// --- widening ------------------------------------------------------------------------------

TEST_CASE("fp_widen: every BF16/FP16/FP8 encoding widens exactly to FP32", "[numerics][rtl]") {
  Sim sim("fp_units");
  for (const Format f : kPeInputFormats) {
    Sweep sweep(fmt::format("widen {}", name(f)));
    const uint32_t encodings = 1u << encoding_bits(f);
    for (uint32_t bits = 0; bits < encodings && !sweep.stopped(); ++bits) {
      sweep.expect(rtl_widen(sim, bits, code(f)), oracle::widen(bits, f), false,
                   [&] { return fmt::format("bits {:#06x}", bits); });
    }
    sweep.finish(encodings);
  }
}

TEST_CASE("fp_widen: bits above a narrow format are ignored", "[numerics][rtl]") {
  Sim sim("fp_units");
  auto rng = make_rng(1, 0);
  for (const Format f : kPeInputFormats) {
    Sweep sweep(fmt::format("widen {} with junk above", name(f)));
    const int width = encoding_bits(f);
    for (int i = 0; i < 20'000 && !sweep.stopped(); ++i) {
      const uint32_t bits = stim::random_encoding(rng, f);
      const uint32_t junk = static_cast<uint32_t>(rng()) & ~((1u << width) - 1u);
      sweep.expect(rtl_widen(sim, bits | junk, code(f)), oracle::widen(bits, f), false,
                   [&] { return fmt::format("bits {:#010x}", bits | junk); });
    }
    sweep.finish(20'000);
  }
}

TEST_CASE("fp_widen: FP32 passes through with NaNs canonical", "[numerics][rtl]") {
  Sim sim("fp_units");
  auto rng = make_rng(2, 0);
  Sweep sweep("widen fp32");
  std::vector<uint32_t> inputs = stim::special_encodings(Format::Fp32);
  for (int i = 0; i < 100'000; ++i) inputs.push_back(stim::random_encoding(rng, Format::Fp32));
  for (const uint32_t bits : inputs) {
    if (sweep.stopped()) break;
    sweep.expect(rtl_widen(sim, bits, code(Format::Fp32)), oracle::widen(bits, Format::Fp32),
                 false, [&] { return fmt::format("bits {:#010x}", bits); });
  }
  sweep.finish(100'000);
}

// --- narrowing -----------------------------------------------------------------------------

TEST_CASE("fp_narrow: FP32 to every format rounds like the oracle", "[numerics][rtl]") {
  Sim sim("fp_units");
  for (const Format f : kAllFormats) {
    auto rng = make_rng(3, code(f));
    Sweep sweep(fmt::format("narrow to {}", name(f)));
    // FP32 -> FP32 is the identity: a tenth of the cases is plenty.
    const uint64_t randoms = f == Format::Fp32 ? kRandomCases / 10 : kRandomCases;
    const std::vector<uint32_t> directed = stim::directed_narrow_inputs(f);
    for (uint64_t i = 0; i < directed.size() + randoms && !sweep.stopped(); ++i) {
      const uint32_t x = i < directed.size() ? directed[i] : stim::random_fp32(rng);
      sweep.expect(rtl_narrow(sim, x, code(f)), oracle::narrow(x, f), false,
                   [&] { return fmt::format("fp32 {:#010x}", x); });
    }
    sweep.finish(directed.size() + randoms);
  }
}

// --- the PE's multiply-accumulate ----------------------------------------------------------

void mac_sweep(Sim& sim, Sweep& sweep, const stim::MacCase& c, Format fa, Format fb) {
  sweep.expect(rtl_mac(sim, c.a, code(fa), c.b, code(fb), c.acc),
               oracle::pe_mac(c.a, fa, c.b, fb, c.acc), false, [&] {
                 return fmt::format("a {:#06x} ({}) b {:#06x} ({}) acc {:#010x}", c.a, name(fa),
                                    c.b, name(fb), c.acc);
               });
}

TEST_CASE("fp_mac: fma with one rounding for each PE operand format", "[numerics][rtl]") {
  Sim sim("fp_units");
  for (const Format f : kPeInputFormats) {
    auto rng = make_rng(4, code(f));
    Sweep sweep(fmt::format("mac {}", name(f)));
    const std::vector<stim::MacCase> directed = stim::directed_mac_cases(f);
    for (const stim::MacCase& c : directed) {
      if (sweep.stopped()) break;
      mac_sweep(sim, sweep, c, f, f);
    }
    for (uint64_t i = 0; i < kRandomCases && !sweep.stopped(); ++i) {
      mac_sweep(sim, sweep, stim::random_mac_case(rng, f), f, f);
    }
    sweep.finish(directed.size() + kRandomCases);
  }
}

TEST_CASE("fp_mac: operands of two different formats", "[numerics][rtl]") {
  Sim sim("fp_units");
  for (const Format fa : kPeInputFormats) {
    for (const Format fb : kPeInputFormats) {
      if (fa == fb) continue;
      auto rng = make_rng(5, code(fa), code(fb));
      Sweep sweep(fmt::format("mac {} x {}", name(fa), name(fb)));
      for (uint64_t i = 0; i < kMixedCases && !sweep.stopped(); ++i) {
        const stim::MacCase ca = stim::random_mac_case(rng, fa);
        const stim::MacCase cb = stim::random_mac_case(rng, fb);
        mac_sweep(sim, sweep, {ca.a, cb.b, (i & 1) != 0 ? ca.acc : cb.acc}, fa, fb);
      }
      sweep.finish(kMixedCases);
    }
  }
}

// --- FP32 addition -------------------------------------------------------------------------

TEST_CASE("fp32_add: IEEE binary32 addition like the host FPU", "[numerics][rtl]") {
  Sim sim("fp_units");
  auto rng = make_rng(6, 0);
  Sweep sweep("add");
  const auto directed = stim::directed_add_cases();
  for (uint64_t i = 0; i < directed.size() + kRandomCases && !sweep.stopped(); ++i) {
    const auto [a, b] = i < directed.size() ? directed[i] : stim::random_add_case(rng);
    sweep.expect(rtl_add(sim, a, b), oracle::fp32_add(a, b),
                 [&] { return fmt::format("a {:#010x} b {:#010x}", a, b); });
  }
  sweep.finish(directed.size() + kRandomCases);
}

// --- illegal formats -----------------------------------------------------------------------

TEST_CASE("numerics units flag undefined formats and return a NaN", "[numerics][rtl]") {
  Sim sim("fp_units");
  auto rng = make_rng(7, 0);
  Sweep sweep("illegal formats");
  for (const unsigned bad : kUndefinedFormats) {
    for (int i = 0; i < 100; ++i) {
      const auto x = static_cast<uint32_t>(rng());
      const auto op = static_cast<uint32_t>(rng()) & 0xFFFFu;
      sweep.expect(rtl_widen(sim, x, bad), kFp32Nan, true,
                   [&] { return fmt::format("widen {:#010x} fmt {}", x, bad); });
      sweep.expect(rtl_narrow(sim, x, bad), kFp32Nan, true,
                   [&] { return fmt::format("narrow {:#010x} fmt {}", x, bad); });
    }
  }
  // FP32 is not a PE operand format; 5..7 are no format at all. Either operand alone makes the
  // MAC illegal, and its NaN operand makes the result the canonical NaN.
  std::vector<unsigned> bad_pe_formats(kUndefinedFormats.begin(), kUndefinedFormats.end());
  bad_pe_formats.push_back(code(Format::Fp32));
  for (const unsigned bad : bad_pe_formats) {
    for (const Format good : kPeInputFormats) {
      for (int i = 0; i < 100; ++i) {
        const stim::MacCase c = stim::random_mac_case(rng, good);
        const auto junk = static_cast<uint32_t>(rng()) & 0xFFFFu;
        const auto describe = [&] {
          return fmt::format("mac good {} {:#06x} bad fmt {} {:#06x} acc {:#010x}", name(good),
                             c.a, bad, junk, c.acc);
        };
        sweep.expect(rtl_mac(sim, junk, bad, c.b, code(good), c.acc), kFp32Nan, true, describe);
        sweep.expect(rtl_mac(sim, c.a, code(good), junk, bad, c.acc), kFp32Nan, true, describe);
      }
    }
  }
  sweep.finish(3 * 200 + 4 * 4 * 200);
}

// --- the brief's rules on hand-worked values -----------------------------------------------

// Each expected value below is worked out by hand from the format definitions in the brief; the
// oracle must agree too, so that neither can drift from the written rules unnoticed.
struct Hand {
  uint32_t x;
  Format f;
  uint32_t want;
  const char* why;
};

TEST_CASE("numerics units follow the brief on hand-worked values", "[numerics][rtl]") {
  Sim sim("fp_units");

  const std::vector<Hand> widen = {
      {0x7E, Format::Fp8E4M3, 0x43E00000u, "E4M3 max = 448"},
      {0xFF, Format::Fp8E4M3, kFp32Nan, "E4M3 S.1111.111 is NaN"},
      {0x78, Format::Fp8E4M3, 0x43800000u, "E4M3 S.1111.000 = 256, not infinity"},
      {0x01, Format::Fp8E4M3, 0x3B000000u, "E4M3 min subnormal 2^-9"},
      {0xFC, Format::Fp8E5M2, 0xFF800000u, "E5M2 -inf"},
      {0x03, Format::Fp8E5M2, 0x38400000u, "E5M2 subnormal 3 * 2^-16"},
      {0x0001, Format::Bf16, 0x00010000u, "BF16 min subnormal 2^-133 (an FP32 subnormal)"},
      {0x8001, Format::Fp16, 0xB3800000u, "FP16 -2^-24"},
      {0x7C01, Format::Fp16, kFp32Nan, "FP16 signalling NaN -> canonical"},
  };
  const std::vector<Hand> narrow = {
      {0x43E80000u, Format::Fp8E4M3, 0x7E, "464 is a tie between 448 and 480: even 448"},
      {0x43F00000u, Format::Fp8E4M3, 0x7E, "480 overflows E4M3: saturate to 448"},
      {0xFF800000u, Format::Fp8E4M3, 0xFE, "-inf saturates to -448"},
      {0x7F800000u, Format::Fp8E5M2, 0x7B, "+inf saturates to E5M2 max 57344"},
      {0x477FF000u, Format::Fp16, 0x7C00, "65520 is the FP16 overflow tie: inf"},
      {0x477FEFFFu, Format::Fp16, 0x7BFF, "just below 65520: FP16 max"},
      {0x7F7F8000u, Format::Bf16, 0x7F80, "BF16 max + ulp/2 (odd max): inf"},
      {0x3F808000u, Format::Bf16, 0x3F80, "1 + 2^-8: tie to even 1.0"},
      {0x3F818000u, Format::Bf16, 0x3F82, "1 + 3 * 2^-8: tie to even 0x3F82"},
      {0x33000000u, Format::Fp16, 0x0000, "2^-25: tie between 0 and 2^-24, even 0"},
      {0x33000001u, Format::Fp16, 0x0001, "just above 2^-25: min subnormal"},
      {0xFF800001u, Format::Fp8E5M2, 0x7E, "NaN -> E5M2 canonical NaN"},
      {0x7FA00000u, Format::Fp8E4M3, 0x7F, "NaN -> E4M3 canonical NaN"},
      {0x7F800001u, Format::Fp32, kFp32Nan, "FP32 NaN -> canonical"},
  };
  for (const Hand& h : widen) {
    INFO(h.why);
    CHECK(oracle::widen(h.x, h.f) == h.want);
    CHECK(rtl_widen(sim, h.x, code(h.f)).bits == h.want);
  }
  for (const Hand& h : narrow) {
    INFO(h.why);
    CHECK(oracle::narrow(h.x, h.f) == h.want);
    CHECK(rtl_narrow(sim, h.x, code(h.f)).bits == h.want);
  }

  struct HandMac {
    uint32_t a, b, acc, want;
    const char* why;
  };
  const std::vector<HandMac> mac = {  // BF16 operands
      {0x3F80, 0x3F80, 0xBF800000u, 0x00000000u, "1 * 1 - 1 = +0"},
      {0x8000, 0x3F80, 0x80000000u, 0x80000000u, "-0 * 1 + -0 = -0"},
      {0x0000, 0x3F80, 0x80000000u, 0x00000000u, "+0 * 1 + -0 = +0"},
      {0x7F80, 0x0000, 0x3F800000u, kFp32Nan, "inf * 0 = NaN"},
      {0x7F80, 0x3F80, 0xFF800000u, kFp32Nan, "inf - inf = NaN"},
      {0x5F80, 0x5FC0, 0xFF7FFFFFu, 0x7F000001u,
       "2^64 * 1.5 * 2^64 - FP32 max = 2^127 + 2^104: the product alone would overflow"},
      {0x1A00, 0x9A00, 0x00000003u, 0x00000002u, "3 * 2^-149 - 2^-150: tie to even 2 * 2^-149"},
      {0x1A00, 0x9A00, 0x00000001u, 0x00000000u, "2^-149 - 2^-150 = 2^-150: tie to even +0"},
      {0x0001, 0x8001, 0x00000000u, 0x80000000u, "-2^-266 + 0 rounds to -0"},
      {0x7F7F, 0x7F7F, 0x00000000u, 0x7F800000u, "BF16 max squared overflows to inf"},
  };
  for (const HandMac& m : mac) {
    INFO(m.why);
    CHECK(oracle::pe_mac(m.a, Format::Bf16, m.b, Format::Bf16, m.acc) == m.want);
    CHECK(rtl_mac(sim, m.a, code(Format::Bf16), m.b, code(Format::Bf16), m.acc).bits == m.want);
  }
  INFO("E4M3 448 * 448 = 200704");
  CHECK(rtl_mac(sim, 0x7E, code(Format::Fp8E4M3), 0x7E, code(Format::Fp8E4M3), 0).bits ==
        0x48440000u);

  struct HandAdd {
    uint32_t a, b, want;
    const char* why;
  };
  const std::vector<HandAdd> add = {
      {0x3F800000u, 0x33800000u, 0x3F800000u, "1 + 2^-24: tie to even 1"},
      {0x3F800000u, 0x34400000u, 0x3F800002u, "1 + 1.5 ulp: tie to even 1 + 2 ulp"},
      {0x7F7FFFFFu, 0x73000000u, 0x7F800000u, "max + ulp/2 (odd max): inf"},
      {0x3F800000u, 0xBF800000u, 0x00000000u, "x + -x = +0"},
      {0x80000000u, 0x80000000u, 0x80000000u, "-0 + -0 = -0"},
      {0x80000000u, 0x00000000u, 0x00000000u, "-0 + +0 = +0"},
      {0x00800000u, 0x80000001u, 0x007FFFFFu, "min normal - min subnormal"},
      {0x7F800000u, 0xFF800000u, kFp32Nan, "inf - inf = NaN"},
      {0xFFC00123u, 0x3F800000u, kFp32Nan, "NaN payloads become canonical"},
  };
  for (const HandAdd& s : add) {
    INFO(s.why);
    CHECK(oracle::fp32_add(s.a, s.b) == s.want);
    CHECK(rtl_add(sim, s.a, s.b) == s.want);
  }
}

}  // namespace
}  // namespace tessel
