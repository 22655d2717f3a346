#include "tensor_engine/gemm_check.h"

#include <cmath>

#include <Eigen/Dense>
#include <fmt/format.h>

#include "oracle/fp_oracle.h"
#include "oracle/gemm_bound.h"

namespace tessel::tb {

namespace {

struct FormatShape {
  unsigned exp_bits;
  unsigned man_bits;
  int bias;
};

FormatShape shape_of(Format f) {
  switch (f) {
    case Format::Bf16: return {8, 7, 127};
    case Format::Fp16: return {5, 10, 15};
    case Format::Fp8E4M3: return {4, 3, 7};
    case Format::Fp8E5M2: return {5, 2, 15};
    default: break;
  }
  throw std::invalid_argument("random tiles exist only for the PE input formats");
}

uint32_t encode(unsigned sign, unsigned biased_exp, uint32_t man, const FormatShape& s) {
  return (sign << (s.exp_bits + s.man_bits)) | (biased_exp << s.man_bits) | man;
}

bool finite_encoding(uint32_t bits, Format f) { return std::isfinite(oracle::decode(bits, f)); }

uint32_t random_finite(std::mt19937_64& rng, Format f) {
  const FormatShape s = shape_of(f);
  const uint32_t man = static_cast<uint32_t>(rng()) & ((1u << s.man_bits) - 1);
  const unsigned sign = static_cast<unsigned>(rng() & 1);
  if (format_bits(f) == 8) {
    for (;;) {  // every finite encoding equally likely
      const uint32_t bits = static_cast<uint32_t>(rng() & 0xff);
      if (finite_encoding(bits, f)) return bits;
    }
  }
  const unsigned pick = static_cast<unsigned>(rng() % 100);
  if (pick < 4) return encode(sign, 0, 0, s);    // +-0
  if (pick < 8) return encode(sign, 0, man, s);  // subnormal (or zero)
  const int exponent = static_cast<int>(rng() % 17) - 8;
  return encode(sign, static_cast<unsigned>(exponent + s.bias), man, s);
}

uint32_t random_special(std::mt19937_64& rng, Format f) {
  const FormatShape s = shape_of(f);
  const unsigned sign = static_cast<unsigned>(rng() & 1);
  const unsigned max_exp = (1u << s.exp_bits) - 1;
  const uint32_t man_mask = (1u << s.man_bits) - 1;
  switch (rng() % 4) {
    case 0: return encode(sign, 0, 0, s);  // +-0
    case 1: return encode(sign, 0, (static_cast<uint32_t>(rng()) & man_mask) | 1u, s);
    case 2:  // infinity where the format has one, else its largest value
      return f == Format::Fp8E4M3 ? encode(sign, max_exp, man_mask - 1, s)
                                  : encode(sign, max_exp, 0, s);
    default: return encode(sign, max_exp, man_mask, s);  // a NaN in every format
  }
}

}  // namespace

Tile random_tile(std::mt19937_64& rng, unsigned rows, unsigned cols, Format f) {
  Tile t(rows, cols, f);
  for (auto& v : t.bits) v = random_finite(rng, f);
  return t;
}

Tile random_tile_with_specials(std::mt19937_64& rng, unsigned rows, unsigned cols, Format f,
                               double special_fraction) {
  Tile t = random_tile(rng, rows, cols, f);
  std::bernoulli_distribution special(special_fraction);
  for (auto& v : t.bits) {
    if (special(rng)) v = random_special(rng, f);
  }
  return t;
}

std::vector<uint32_t> model_chain(const std::vector<MatmulJob>& chain,
                                  const std::vector<uint32_t>& initial) {
  std::vector<uint32_t> psum = initial;
  for (const auto& job : chain) {
    const auto result = matmul(job.stationary, job.moving);
    if (psum.empty()) psum.assign(result.size(), 0);
    for (size_t i = 0; i < result.size(); ++i) {
      psum[i] = psum_write(psum[i], result[i], job.accumulate);
    }
  }
  return psum;
}

namespace {

Eigen::MatrixXf decoded(const Tile& t) {
  Eigen::MatrixXf m(t.rows, t.cols);
  for (unsigned r = 0; r < t.rows; ++r) {
    for (unsigned c = 0; c < t.cols; ++c) m(r, c) = static_cast<float>(oracle::decode(t.at(r, c), t.format));
  }
  return m;
}

double fp32_value(uint32_t bits) {
  return oracle::decode(bits, Format::Fp32);
}

bool all_finite(const std::vector<MatmulJob>& chain) {
  for (const auto& job : chain) {
    for (const Tile* t : {&job.stationary, &job.moving}) {
      for (uint32_t v : t->bits) {
        if (!std::isfinite(oracle::decode(v, t->format))) return false;
      }
    }
  }
  return true;
}

void note_problem(Comparison& c, std::string text) {
  if (c.first_problem.empty()) c.first_problem = std::move(text);
}

}  // namespace

Comparison compare_chain(const std::vector<MatmulJob>& chain, const std::vector<uint32_t>& rtl,
                         bool eigen_check) {
  Comparison c;
  const unsigned m_size = chain.front().stationary.cols;
  const unsigned n_size = chain.front().moving.cols;
  const auto expected = model_chain(chain);
  c.elements = expected.size();
  for (size_t i = 0; i < expected.size(); ++i) {
    if (rtl[i] != expected[i]) {
      ++c.model_mismatches;
      note_problem(c, fmt::format("out[{}][{}]: RTL 0x{:08x}, model 0x{:08x}", i / n_size,
                                  i % n_size, rtl[i], expected[i]));
    }
  }
  if (!eigen_check || !all_finite(chain)) return c;

  // Eigen: one float GEMM over the concatenated contraction of the whole chain, and the sum of
  // |s x| per output in double (exact enough: it only scales the bound).
  unsigned k_total = 0;
  for (const auto& job : chain) k_total += job.stationary.rows;
  Eigen::MatrixXf s(k_total, m_size);
  Eigen::MatrixXf x(k_total, n_size);
  unsigned k0 = 0;
  for (const auto& job : chain) {
    s.middleRows(k0, job.stationary.rows) = decoded(job.stationary);
    x.middleRows(k0, job.moving.rows) = decoded(job.moving);
    k0 += job.stationary.rows;
  }
  const Eigen::MatrixXf reference = s.transpose() * x;
  const Eigen::MatrixXd abs_sum = s.cast<double>().cwiseAbs().transpose() * x.cast<double>().cwiseAbs();

  const unsigned tiles = static_cast<unsigned>(chain.size());
  for (unsigned m = 0; m < m_size; ++m) {
    for (unsigned n = 0; n < n_size; ++n) {
      const double got = fp32_value(rtl[size_t{m} * n_size + n]);
      const double err = std::fabs(got - static_cast<double>(reference(m, n)));
      const double bound = gemm_error_bound(abs_sum(m, n), k_total, tiles);
      c.max_abs_error = std::max(c.max_abs_error, err);
      c.max_bound_ratio = std::max(c.max_bound_ratio, err / bound);
      if (!(err <= bound)) {
        ++c.bound_violations;
        note_problem(c, fmt::format("out[{}][{}]: RTL {} vs Eigen {}: error {:.3g} > bound {:.3g}",
                                    m, n, got, reference(m, n), err, bound));
      }
    }
  }
  return c;
}

}  // namespace tessel::tb
