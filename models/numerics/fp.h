// Tessel numerics: the bit-exact C++ model of every arithmetic rule in docs/numerics.md.
//
// Values travel as raw encodings (uint32_t holding 8, 16 or 32 significant bits) so that the
// model never depends on the host's floating-point unit. The tests compare this integer-only
// implementation with the host FPU (std::fmaf, float addition), which is the independent oracle.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace tessel {

// Encoding shared with rtl/numerics/tessel_fp_pkg.sv (fp_format_e) and the ISA.
enum class Format : uint8_t { Fp32 = 0, Bf16 = 1, Fp16 = 2, Fp8E4M3 = 3, Fp8E5M2 = 4 };

inline constexpr Format kAllFormats[] = {Format::Fp32, Format::Bf16, Format::Fp16,
                                         Format::Fp8E4M3, Format::Fp8E5M2};
// The formats a tensor-engine (PE) operand may have.
inline constexpr Format kPeInputFormats[] = {Format::Bf16, Format::Fp16, Format::Fp8E4M3,
                                             Format::Fp8E5M2};

inline constexpr uint32_t kFp32CanonicalNan = 0x7FC00000u;

int format_bits(Format f);                 // 32, 16, 16, 8, 8
std::string_view format_name(Format f);    // "fp32", "bf16", "fp16", "fp8e4m3", "fp8e5m2"
std::optional<Format> parse_format(std::string_view name);
uint32_t canonical_nan(Format f);          // 0x7FC00000, 0x7FC0, 0x7E00, 0x7F, 0x7E
bool is_nan(uint32_t bits, Format f);

// Exact conversion of any encoding of f to FP32. A NaN becomes 0x7FC00000; everything else
// (subnormals included) is exact. bits above format_bits(f) must be zero.
uint32_t widen_to_fp32(uint32_t bits, Format f);

// FP32 -> f with round-to-nearest-even. To BF16/FP16: overflow goes to infinity (IEEE). To FP8
// (both kinds): finite overflow and infinities saturate to the largest finite value of the sign.
// NaN -> the canonical NaN of f. To FP32: identity except NaN -> 0x7FC00000.
uint32_t narrow_from_fp32(uint32_t fp32, Format f);

// IEEE binary32 fused multiply-add a*b+c with one round-to-nearest-even, subnormals kept,
// any NaN result as 0x7FC00000.
uint32_t fp32_fma(uint32_t a, uint32_t b, uint32_t c);

// IEEE binary32 addition (RNE), NaN result as 0x7FC00000. Used for PSUM accumulation.
uint32_t fp32_add(uint32_t a, uint32_t b);

// The PE multiply-accumulate: fma(widen(a), widen(b), acc) with a single rounding.
uint32_t pe_mac(uint32_t a, Format a_format, uint32_t b, Format b_format, uint32_t acc);

}  // namespace tessel
