// The activation functions as fixed sequences of FP32 FMAs and integer operations on encodings.
// docs/activations.md gives the same sequences in prose; the RTL follows this file.
#include "activations/activation.h"

#include <cassert>

#include "activations/activation_tables.h"

namespace tessel::act {
namespace {

using tables::SegTable;

constexpr uint32_t kSign = 0x80000000u;
constexpr uint32_t kAbs = 0x7FFFFFFFu;
constexpr uint32_t kPosInf = 0x7F800000u;
constexpr uint32_t kOne = 0x3F800000u;
constexpr uint32_t kNegHalf = 0xBF000000u;  // -0.5
constexpr uint32_t kMantMask = 0x007FFFFFu;

// Thresholds on |x| (FP32 encodings of small exact values; comments give the value).
constexpr uint32_t k4 = 0x40800000u;     // 4.0
constexpr uint32_t k6 = 0x40C00000u;     // 6.0
constexpr uint32_t k9p5 = 0x41180000u;   // 9.5
constexpr uint32_t k11 = 0x41300000u;    // 11.0
constexpr uint32_t k14p5 = 0x41680000u;  // 14.5
constexpr uint32_t k16 = 0x41800000u;    // 16.0
constexpr uint32_t k18 = 0x41900000u;    // 18.0
constexpr uint32_t k89 = 0x42B20000u;    // 89.0
constexpr uint32_t k104 = 0x42D00000u;   // 104.0
constexpr uint32_t k110 = 0x42DC0000u;   // 110.0

bool is_nan32(uint32_t x) { return (x & kAbs) > kPosInf; }
bool negative(uint32_t x) { return (x & kSign) != 0; }
uint32_t neg(uint32_t x) { return x ^ kSign; }

// One IEEE multiply as an FMA with addend -0 (so that +0 products stay +0).
uint32_t mul(uint32_t a, uint32_t b) { return fp32_fma(a, b, kSign); }

uint32_t add(uint32_t a, uint32_t b) { return fp32_fma(a, kOne, b); }

// Double-FP32 values (hi + lo, |lo| <= ulp(hi) / 2) for the few sequences that need more than
// 24 bits in an intermediate.
struct DoubleF32 {
  uint32_t hi, lo;
};
// a * b exactly: the FMA gives the product's rounding error.
DoubleF32 two_prod(uint32_t a, uint32_t b) {
  const uint32_t p = mul(a, b);
  return {p, fp32_fma(a, b, neg(p))};
}
// a + b exactly (Knuth's TwoSum, six additions, no ordering of |a| and |b| needed).
DoubleF32 two_sum(uint32_t a, uint32_t b) {
  const uint32_t s = add(a, b);
  const uint32_t bb = add(s, neg(a));
  const uint32_t err_a = add(a, neg(add(s, neg(bb))));
  return {s, add(err_a, add(b, neg(bb)))};
}

// 2^k as an FP32 encoding, k in [-149, 127] (subnormal below -126).
uint32_t pow2(int k) {
  assert(k >= -149 && k <= 127);
  return k >= -126 ? static_cast<uint32_t>(k + 127) << 23 : 1u << (k + 149);
}

// y * 2^k with a single rounding, for y within a few binades of 1 and |k| <= 220: a first exact
// step by 2^+-100 keeps the factor representable, the second step rounds once (also into the
// subnormal range, or to infinity).
uint32_t scale2(uint32_t y, int k) {
  if (k > 120) {
    y = mul(y, pow2(100));
    k -= 100;
  } else if (k < -120) {
    y = mul(y, pow2(-100));
    k += 100;
  }
  return mul(y, pow2(k));
}

// Exact integer -> FP32 for |n| < 2^24 (an integer-to-float converter in the RTL).
uint32_t int_to_fp32(int n) {
  if (n == 0) return 0;
  const uint32_t sign = n < 0 ? kSign : 0;
  uint32_t m = static_cast<uint32_t>(n < 0 ? -n : n);
  int e = 31;
  while (!(m & (1u << e))) --e;
  return sign | static_cast<uint32_t>(e + 127) << 23 | ((m << (23 - e)) & kMantMask);
}

// A positive finite non-zero x as 2^e * (1.frac): returns e and the 23-bit fraction
// (subnormals normalised by a leading-zero count).
struct Split {
  int e;
  uint32_t frac;
};
Split split(uint32_t x) {
  int field = static_cast<int>((x & kAbs) >> 23);
  uint32_t mant = x & kMantMask;
  if (field == 0) {
    int shift = 0;
    while (!(mant & (1u << 23))) {
      mant <<= 1;
      ++shift;
    }
    return {-126 - shift, mant & kMantMask};
  }
  return {field - 127, mant};
}

// The table evaluator: segment from the bits of v, then Horner, one FMA per coefficient.
uint32_t seg_eval(const SegTable& t, uint32_t v) {
  const uint32_t a = v & kAbs;
  const uint32_t lo_bits = static_cast<uint32_t>(127 + t.lo_exp) << 23;
  int idx = 0;
  uint32_t arg = v;  // segment 0 is centred at 0 and takes v with its sign (exp_core)
  if (a >= lo_bits) {
    idx = 1 + static_cast<int>((a - lo_bits) >> (23 - t.mbits));
    arg = a;
  }
  assert(idx < t.num_segments);
  const uint32_t tt = fp32_fma(arg, kOne, neg(t.centers[idx]));  // exact: v is near its centre
  const uint32_t* c = t.coeffs + idx * (t.degree + 1);
  uint32_t acc = c[t.degree];
  for (int j = t.degree - 1; j >= 0; --j) acc = fp32_fma(acc, tt, c[j]);
  return acc;
}

// exp(x) = p * 2^k with p = exp(r) in [0.7, 1.42], k = round(x * log2 e), r = x - k ln2
// (Cody-Waite, both steps FMAs). Valid for |x| <= 150 (scale2 takes k >= -226).
struct ExpParts {
  uint32_t p;
  int k;
};
ExpParts exp_parts(uint32_t x) {
  const uint32_t t = fp32_fma(x, tables::kLog2E, tables::kRoundMagic);
  const int k = static_cast<int>(t) - static_cast<int>(tables::kRoundMagic);
  const uint32_t kf = fp32_fma(t, kOne, neg(tables::kRoundMagic));  // exact: the integer k
  uint32_t r = fp32_fma(kf, neg(tables::kLn2Hi), x);
  r = fp32_fma(kf, neg(tables::kLn2Lo), r);
  return {seg_eval(tables::k_exp_core, r), k};
}

// e^x * (1 + c * e^x) for x <= -16, where e^x < 2^-23 and the correction is one FMA: c = -1
// gives sigmoid(x) ~ e^x (1 - e^x), c = -1/2 softplus(x) ~ e^x (1 - e^x / 2). `factor`
// multiplies before the final scaling so that x * sigmoid(x) is not rounded as a subnormal.
uint32_t exp_tail_parts(const ExpParts& ep, uint32_t c, uint32_t factor) {
  const uint32_t e = scale2(ep.p, ep.k);
  return scale2(mul(factor, fp32_fma(mul(c, e), ep.p, ep.p)), ep.k);
}

uint32_t exp_tail(uint32_t x, uint32_t c, uint32_t factor) {
  return exp_tail_parts(exp_parts(x), c, factor);
}

uint32_t eval_exp(uint32_t x) {
  if (!negative(x) && x >= k89) return kPosInf;     // overflows (exp(88.73) > FP32 max)
  if (negative(x) && (x & kAbs) >= k104) return 0;  // below half the smallest subnormal
  const ExpParts ep = exp_parts(x);
  return scale2(ep.p, ep.k);
}

uint32_t eval_log(uint32_t x) {
  if ((x & kAbs) == 0) return kSign | kPosInf;  // log(+-0) = -inf
  if (negative(x)) return kFp32CanonicalNan;
  if (x == kPosInf) return kPosInf;
  Split s = split(x);
  // m in [0.75, 1.5) keeps log(m) and e ln2 from cancelling.
  uint32_t m = 127u << 23 | s.frac;
  if (s.frac >= 0x400000u) {
    m = 126u << 23 | s.frac;
    ++s.e;
  }
  const uint32_t p = seg_eval(tables::k_log_core, m);
  const uint32_t ef = int_to_fp32(s.e);
  return fp32_fma(ef, tables::kLn2Hi, fp32_fma(ef, tables::kLn2Lo, p));
}

// sqrt (inverse = false) or 1/sqrt (inverse = true) of a positive finite non-zero x:
// x = 2^(2h) * m, m in [1, 4), the table gives sqrt(m) or 1/sqrt(m), scaled by 2^(+-h).
uint32_t eval_root(uint32_t x, bool inverse) {
  Split s = split(x);
  uint32_t m = 127u << 23 | s.frac;
  if (s.e & 1) {
    m = 128u << 23 | s.frac;
    --s.e;
  }
  const int h = s.e / 2;
  return inverse ? scale2(seg_eval(tables::k_rsqrt_core, m), -h)
                 : scale2(seg_eval(tables::k_sqrt_core, m), h);
}

uint32_t eval_sqrt(uint32_t x) {
  if ((x & kAbs) == 0 || x == kPosInf) return x;  // +-0 -> +-0, +inf -> +inf
  if (negative(x)) return kFp32CanonicalNan;
  return eval_root(x, false);
}

uint32_t eval_rsqrt(uint32_t x) {
  if ((x & kAbs) == 0) return (x & kSign) | kPosInf;  // +-0 -> +-inf
  if (negative(x)) return kFp32CanonicalNan;
  if (x == kPosInf) return 0;
  return eval_root(x, true);
}

uint32_t eval_reciprocal(uint32_t x) {
  const uint32_t sign = x & kSign;
  const uint32_t a = x & kAbs;
  if (a == 0) return sign | kPosInf;
  if (a == kPosInf) return sign;
  const Split s = split(a);
  return sign | scale2(seg_eval(tables::k_recip_core, 127u << 23 | s.frac), -s.e);
}

// Odd functions that saturate at +-1 beyond `limit` (tanh, erf).
uint32_t eval_odd_saturating(const SegTable& t, uint32_t x, uint32_t limit) {
  const uint32_t a = x & kAbs;
  if (a == 0) return x;
  return (x & kSign) | (a >= limit ? kOne : seg_eval(t, a));
}

uint32_t eval_sigmoid(uint32_t x) {
  const uint32_t a = x & kAbs;
  if (!negative(x)) return a >= k18 ? kOne : seg_eval(tables::k_sigmoid_pos, a);
  if (a >= k104) return 0;
  if (a >= k16) return exp_tail(x, neg(kOne), kOne);
  return seg_eval(tables::k_sigmoid_neg, a);
}

uint32_t eval_silu(uint32_t x) {
  const uint32_t a = x & kAbs;
  if (a == 0) return x;
  if (!negative(x)) return a >= k18 ? x : mul(x, seg_eval(tables::k_sigmoid_pos, a));
  if (a >= k110) return kSign;
  if (a >= k16) return exp_tail(x, neg(kOne), x);
  return mul(x, seg_eval(tables::k_sigmoid_neg, a));
}

uint32_t eval_gelu(uint32_t x) {
  const uint32_t a = x & kAbs;
  if (a == 0) return x;
  if (!negative(x)) return a >= k6 ? x : seg_eval(tables::k_gelu_pos, a);
  if (a >= k14p5) return kSign;
  if (a < k4) return seg_eval(tables::k_gelu_neg, a);
  // x * Phi(x) = x * Q(|x|) * exp(-x^2 / 2), x^2 = hi + lo exactly so that the exponent, up to
  // -105, carries no rounding error: exp(-hi/2 - lo/2) ~ exp(-hi/2) (1 - lo/2).
  const uint32_t hi = mul(a, a);
  const uint32_t lo = fp32_fma(a, a, neg(hi));
  ExpParts ep = exp_parts(mul(hi, kNegHalf));
  ep.p = fp32_fma(ep.p, mul(lo, kNegHalf), ep.p);
  return scale2(mul(mul(x, seg_eval(tables::k_gelu_tail, a)), ep.p), ep.k);
}

uint32_t eval_gelu_tanh(uint32_t x) {
  const uint32_t a = x & kAbs;
  if (a == 0) return x;
  if (!negative(x)) return a >= k6 ? x : seg_eval(tables::k_gelu_tanh_pos, a);
  if (a >= k11) return kSign;
  if (a < k4) return seg_eval(tables::k_gelu_tanh_neg, a);
  // x * sigmoid(w), w = A x + B x^3 in [-112, -10.9]: sigmoid(w) ~ e^w (1 - e^w). w is formed in
  // double-FP32 (hi + lo, exact products by FMA), since an error d in w is a relative error d in
  // the result and |w| is large.
  const DoubleF32 a2 = two_prod(a, a);
  DoubleF32 a3 = two_prod(a2.hi, a);
  a3.lo = fp32_fma(a2.lo, a, a3.lo);
  DoubleF32 bx = two_prod(tables::kGeluTanhBHi, a3.hi);
  bx.lo = fp32_fma(tables::kGeluTanhBHi, a3.lo, fp32_fma(tables::kGeluTanhBLo, a3.hi, bx.lo));
  DoubleF32 ax = two_prod(tables::kGeluTanhAHi, a);
  ax.lo = fp32_fma(tables::kGeluTanhALo, a, ax.lo);
  DoubleF32 w = two_sum(bx.hi, ax.hi);  // -w, positive
  w.lo = add(w.lo, add(bx.lo, ax.lo));
  ExpParts ep = exp_parts(neg(w.hi));
  ep.p = fp32_fma(ep.p, neg(w.lo), ep.p);  // e^(-hi - lo) ~ e^-hi (1 - lo)
  return exp_tail_parts(ep, neg(kOne), x);
}

uint32_t eval_softplus(uint32_t x) {
  const uint32_t a = x & kAbs;
  if (!negative(x)) return a >= k16 ? x : seg_eval(tables::k_softplus_pos, a);
  if (a >= k104) return 0;
  if (a >= k16) return exp_tail(x, kNegHalf, kOne);
  return seg_eval(tables::k_softplus_neg, a);
}

constexpr std::string_view kNames[kNumFunctions] = {
    "copy", "relu", "gelu",  "gelu_tanh",  "sigmoid", "tanh",     "silu", "exp",
    "log",  "sqrt", "rsqrt", "reciprocal", "square",  "softplus", "erf"};

}  // namespace

std::string_view function_name(Function f) { return kNames[static_cast<int>(f)]; }

std::optional<Function> parse_function(std::string_view name) {
  for (Function f : kAllFunctions) {
    if (function_name(f) == name) return f;
  }
  return std::nullopt;
}

std::optional<Function> function_from_id(uint32_t id) {
  if (id >= static_cast<uint32_t>(kNumFunctions)) return std::nullopt;
  return static_cast<Function>(id);
}

uint32_t evaluate_fp32(Function f, uint32_t x) {
  if (is_nan32(x)) return kFp32CanonicalNan;
  switch (f) {
    case Function::Copy:
      return x;
    case Function::Relu:
      return negative(x) ? 0 : x;
    case Function::Gelu:
      return eval_gelu(x);
    case Function::GeluTanh:
      return eval_gelu_tanh(x);
    case Function::Sigmoid:
      return eval_sigmoid(x);
    case Function::Tanh:
      return eval_odd_saturating(tables::k_tanh, x, k9p5);
    case Function::Silu:
      return eval_silu(x);
    case Function::Exp:
      return eval_exp(x);
    case Function::Log:
      return eval_log(x);
    case Function::Sqrt:
      return eval_sqrt(x);
    case Function::Rsqrt:
      return eval_rsqrt(x);
    case Function::Reciprocal:
      return eval_reciprocal(x);
    case Function::Square:
      return mul(x, x);
    case Function::Softplus:
      return eval_softplus(x);
    case Function::Erf:
      return eval_odd_saturating(tables::k_erf, x, k4);
  }
  assert(false && "unknown activation function");
  return kFp32CanonicalNan;
}

uint32_t activate(Function f, uint32_t in, Format in_format, uint32_t scale, uint32_t bias,
                  Format out_format) {
  const uint32_t v = fp32_fma(widen_to_fp32(in, in_format), scale, bias);
  return narrow_from_fp32(evaluate_fp32(f, v), out_format);
}

}  // namespace tessel::act
