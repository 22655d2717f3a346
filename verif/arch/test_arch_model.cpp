// Tests of the architectural model (models/arch): device memory, DMA access patterns, semaphore
// ordering, scheduling independence, an end-to-end tiled GEMM (bit-exact against a direct
// composition of tessel::matmul / psum_write, and within the derived bound against Eigen),
// every error code from a directed bad program, and deadlock. Expectations come from simple
// loops written here, never from the model itself.
#include <cmath>
#include <cstring>
#include <functional>
#include <map>
#include <random>
#include <vector>

#include <catch2/catch_get_random_seed.hpp>
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "arch/arch_model.h"
#include "oracle/gemm_eigen.h"
#include "arch/gemm_kernel.h"
#include "isa/encoding.h"
#include "isa/isa_test_util.h"
#include "isa/kernel_builder.h"
#include "isa/layout.h"
#include "arch/raw_program.h"
#include "tensor/tensor_model.h"

namespace tessel::arch {
namespace {

using isa::AccessPattern;
using isa::Dim;
using isa::Instruction;
using isa::Space;

// Configurations written out by hand (docs/architecture.md), not read from the generator.
isa::HwConfig tiny_hw() { return {"tiny", 4, 4, 4096, 8, 256, 1u << 20}; }
isa::HwConfig small_hw() { return {"small", 16, 16, 65536, 8, 2048, uint64_t{1} << 32}; }

using namespace test;  // raw programs (raw_program.h)

std::vector<uint8_t> random_bytes(std::mt19937_64& rng, size_t n) {
  std::vector<uint8_t> out(n);
  for (auto& b : out) b = static_cast<uint8_t>(rng());
  return out;
}

// --- Device memory ---------------------------------------------------------------------------

TEST_CASE("device memory: sparse pages, zero fill, error injection", "[arch][memory]") {
  DeviceMemory mem;
  CHECK(mem.peek(0x12345678, 4) == std::vector<uint8_t>(4, 0));
  CHECK(mem.allocated_pages() == 0);
  const std::vector<uint8_t> data{1, 2, 3, 4, 5, 6};
  REQUIRE_FALSE(mem.write(0x1FFD, data.data(), data.size()));  // crosses a page boundary
  CHECK(mem.allocated_pages() == 2);
  CHECK(mem.peek(0x1FFC, 8) == std::vector<uint8_t>{0, 1, 2, 3, 4, 5, 6, 0});

  mem.inject_error(0x2001, 0x2002, AxiResp::DecErr);
  uint8_t buf[4] = {9, 9, 9, 9};
  const auto f = mem.read(0x1FFF, buf, 4);
  REQUIRE(f);
  CHECK(f->address == 0x2001);
  CHECK(f->resp == AxiResp::DecErr);
  CHECK(buf[0] == 9);  // all or nothing
  const uint8_t ones[4] = {0xFF, 0xFF, 0xFF, 0xFF};
  CHECK(mem.write(0x1FFF, ones, 4));
  CHECK(mem.peek(0x1FFF, 4) == std::vector<uint8_t>{3, 4, 5, 6});  // unchanged
  CHECK_FALSE(mem.read(0x2002, buf, 4));                           // just past the range

  const auto beyond = mem.check(DeviceMemory::kAddressLimit - 2, 4);
  REQUIRE(beyond);
  CHECK(beyond->address == DeviceMemory::kAddressLimit);
  CHECK(beyond->resp == AxiResp::DecErr);

  DeviceMemory other;
  other.poke(0x1FFD, data);
  CHECK(DeviceMemory::differences(mem, other).empty());
  other.poke(0x9000, std::vector<uint8_t>{0});  // a new page holding zero: still equal
  CHECK(DeviceMemory::differences(mem, other).empty());
  other.poke(0x2000, std::vector<uint8_t>{7});
  CHECK(DeviceMemory::differences(mem, other) == std::vector<uint64_t>{0x2000});
}

// --- DMA access patterns ----------------------------------------------------------------------

// The (partition, byte address) of every element in element order, from the formula of
// docs/isa.md written as plain loops.
std::vector<std::pair<uint32_t, int64_t>> walk(const AccessPattern& ap) {
  std::vector<std::pair<uint32_t, int64_t>> out;
  const int64_t esize = isa::element_bytes(ap.dtype);
  for (uint32_t p = 0; p < ap.partition_count; ++p) {
    for (uint32_t a = 0; a < ap.dims[0].count; ++a) {
      for (uint32_t b = 0; b < ap.dims[1].count; ++b) {
        for (uint32_t c = 0; c < ap.dims[2].count; ++c) {
          const int64_t e = a * int64_t{ap.dims[0].stride} + b * int64_t{ap.dims[1].stride} +
                            c * int64_t{ap.dims[2].stride};
          if (ap.space == Space::Dram) {
            out.push_back({0, static_cast<int64_t>(ap.address) + p * int64_t{ap.partition_stride} +
                                  e * esize});
          } else {
            out.push_back({ap.partition_start + p, static_cast<int64_t>(ap.address) + e * esize});
          }
        }
      }
    }
  }
  return out;
}

struct DmaCase {
  const char* name;
  std::vector<AccessPattern> hops;  // hops[0] (DRAM) -> hops[1] -> ... one DMA_COPY per arrow
};

std::vector<DmaCase> dma_cases() {
  const Space D = Space::Dram;
  const Space S = Space::Sbuf;
  return {
      {"1-D fp32, odd length",
       {isa::test::expect(D, Format::Fp32, 0, 1, 0x1004, 0, {{{1, 1}, {1, 1}, {1, 37}}}),
        isa::test::expect(S, Format::Fp32, 2, 1, 0x24, 0, {{{1, 1}, {1, 1}, {1, 37}}}),
        isa::test::expect(D, Format::Fp32, 0, 1, 0x6008, 0, {{{1, 1}, {1, 1}, {1, 37}}})}},
      {"2-D bf16, unaligned starts, strided rows",
       {isa::test::expect(D, Format::Bf16, 0, 3, 0x1002, 0x102, {{{1, 1}, {9, 5}, {1, 7}}}),
        isa::test::expect(S, Format::Bf16, 1, 3, 0x0A, 0, {{{1, 1}, {7, 5}, {1, 7}}}),
        isa::test::expect(D, Format::Bf16, 0, 3, 0x5006, 70, {{{1, 1}, {7, 5}, {1, 7}}})}},
      {"3-D fp8, odd addresses, negative stride, sbuf -> sbuf",
       {isa::test::expect(D, Format::Fp8E4M3, 0, 2, 0x2001, 301, {{{60, 3}, {13, 4}, {2, 5}}}),
        isa::test::expect(S, Format::Fp8E4M3, 2, 2, 0x101, 0, {{{40, 3}, {-8, 4}, {1, 5}}}),
        isa::test::expect(S, Format::Fp8E4M3, 0, 2, 0x333, 0, {{{1, 3}, {3, 4}, {12, 5}}}),
        isa::test::expect(D, Format::Fp8E4M3, 0, 2, 0x7003, 61, {{{20, 3}, {5, 4}, {1, 5}}})}},
      {"transposed load (partition stride of one element)",
       {isa::test::expect(D, Format::Fp16, 0, 4, 0x3000, 2, {{{1, 1}, {1, 1}, {4, 6}}}),
        isa::test::expect(S, Format::Fp16, 0, 4, 0x200, 0, {{{1, 1}, {1, 1}, {1, 6}}}),
        isa::test::expect(D, Format::Fp16, 0, 4, 0x8000, 12, {{{1, 1}, {1, 1}, {1, 6}}})}},
  };
}

TEST_CASE("DMA copies follow their access patterns", "[arch][dma]") {
  const isa::HwConfig hw = tiny_hw();
  for (const DmaCase& c : dma_cases()) {
    DYNAMIC_SECTION(c.name) {
      std::mt19937_64 rng(Catch::getSeed());
      const AccessPattern& src = c.hops.front();
      const int esize = isa::element_bytes(src.dtype);
      // Source bytes: a random block covering the whole source range.
      const auto src_elems = walk(src);
      int64_t lo = INT64_MAX;
      int64_t hi = 0;
      for (const auto& [p, a] : src_elems) lo = std::min(lo, a), hi = std::max(hi, a + esize);
      isa::Segment seg{static_cast<uint64_t>(lo), random_bytes(rng, static_cast<size_t>(hi - lo))};

      // Expected state: element j of every hop holds source element j.
      std::vector<std::vector<uint8_t>> values;
      for (const auto& [p, a] : src_elems) {
        const auto* b = &seg.bytes[static_cast<size_t>(a - lo)];
        values.emplace_back(b, b + esize);
      }
      std::vector<uint8_t> sbuf(size_t{hw.rows} * hw.sbuf_bytes_per_partition, 0);
      DeviceMemory dram;
      dram.poke(seg.address, seg.bytes);
      Code code;
      for (size_t h = 1; h < c.hops.size(); ++h) {
        const auto dst = walk(c.hops[h]);
        REQUIRE(dst.size() == values.size());
        for (size_t j = 0; j < dst.size(); ++j) {
          if (c.hops[h].space == Space::Dram) {
            dram.poke(static_cast<uint64_t>(dst[j].second), values[j]);
          } else {
            std::memcpy(&sbuf[dst[j].first * hw.sbuf_bytes_per_partition + dst[j].second],
                        values[j].data(), esize);
          }
        }
        // Each copy waits for the previous one (s0 counts completions).
        code.push_back(dma(c.hops[h], c.hops[h - 1],
                           sync(h == 1 ? isa::kSemNone : 0, h == 1 ? 0 : uint32_t(h - 1), 0, 1)));
      }
      code.push_back(end(Engine::Dma));

      const isa::Program prog = raw_program(hw, {{Engine::Dma, code}}, {seg});
      ArchModel model(hw);
      model.load(prog);
      const RunResult r = model.run();
      INFO(r.detail);
      REQUIRE(r.status == RunStatus::Done);
      CHECK(model.sbuf() == sbuf);
      // Device memory: the expected copies, and no other byte changed (the streams aside).
      for (const auto& s : prog.streams) {
        for (size_t i = 0; i < s.code.size(); ++i) {
          const auto bytes = isa::to_bytes(s.code[i]);
          dram.poke(s.address + i * isa::kInstructionBytes, bytes.data(), bytes.size());
        }
      }
      CHECK(DeviceMemory::differences(model.memory(), dram).empty());
      CHECK(model.counters(Engine::Dma).dma_bytes == values.size() * esize * (c.hops.size() - 1));
      CHECK(model.semaphores()[0] == c.hops.size() - 1);
    }
  }
}

// --- Tiled GEMM -------------------------------------------------------------------------------


std::vector<uint32_t> read_fp32(const DeviceMemory& mem, uint64_t address, size_t n) {
  const auto bytes = mem.peek(address, n * 4);
  std::vector<uint32_t> out(n);
  std::memcpy(out.data(), bytes.data(), n * 4);  // little-endian host, like the device
  return out;
}

// The bit-exact expectation: each output tile is a chain of tessel::matmul over the K tiles of
// the kernel (PE rows long), the first overwriting PSUM and the rest accumulating with
// psum_write. Tiles of M and N do not change the arithmetic of an output, so only K is tiled.
std::vector<uint32_t> composed_gemm(const GemmShape& s, const std::vector<uint32_t>& a,
                                    const std::vector<uint32_t>& b, uint32_t k_tile) {
  std::vector<uint32_t> c(size_t{s.m} * s.n, 0);
  for (uint32_t k0 = 0; k0 < s.k; k0 += k_tile) {
    const uint32_t kt = std::min(k_tile, s.k - k0);
    Tile st(kt, s.m, Format::Bf16);
    Tile mv(kt, s.n, Format::Bf16);
    for (uint32_t k = 0; k < kt; ++k) {
      for (uint32_t m = 0; m < s.m; ++m) st.at(k, m) = a[size_t{m} * s.k + k0 + k];
      for (uint32_t n = 0; n < s.n; ++n) mv.at(k, n) = b[size_t{k0 + k} * s.n + n];
    }
    const auto part = matmul(st, mv);
    for (size_t i = 0; i < c.size(); ++i) c[i] = psum_write(c[i], part[i], k0 > 0);
  }
  return c;
}

void check_gemm(const isa::HwConfig& hw, const GemmShape& shape, const GemmLayout& layout = {}) {
  const GemmProblem g = random_gemm(hw, shape, Catch::getSeed(), layout);
  ArchModel model(hw);
  model.load(g.program);
  const RunResult r = model.run();
  INFO(r.detail);
  REQUIRE(r.status == RunStatus::Done);
  const auto c =
      read_fp32(model.memory(), g.program.symbol("C").address, size_t{shape.m} * shape.n);

  // Bit for bit against the composition of the tensor-engine model.
  const auto expected = composed_gemm(shape, g.a, g.b, hw.rows);
  size_t mismatches = 0;
  for (size_t i = 0; i < c.size(); ++i) mismatches += c[i] != expected[i];
  CHECK(mismatches == 0);

  // Within the derived bound against Eigen.
  const tb::EigenGemmCheck eigen =
      tb::check_gemm_with_eigen(g.a, g.b, c, shape.m, shape.k, shape.n, Format::Bf16, hw.rows);
  INFO(eigen.first_violation);
  CHECK(eigen.violations == 0);

  // Counters: every MAC once; A loaded once (when it stays in SBUF) or once per column tile, B
  // once per column tile when it stays in SBUF (else once per row tile), C stored.
  const uint32_t n_tiles = (shape.n + hw.psum_bank_entries() - 1) / hw.psum_bank_entries();
  const uint32_t m_tiles = (shape.m + hw.cols - 1) / hw.cols;
  CHECK(model.counters(Engine::Tensor).macs == uint64_t{shape.m} * shape.k * shape.n);
  const uint64_t a_loads = gemm_a_resident(hw, shape, Format::Bf16) ? 1 : n_tiles;
  const uint64_t b_loads = gemm_b_resident(hw, shape, Format::Bf16) ? 1 : m_tiles;
  CHECK(model.counters(Engine::Dma).dma_bytes ==
        2 * (uint64_t{shape.m} * shape.k * a_loads + uint64_t{shape.k} * shape.n * b_loads) +
            4 * uint64_t{shape.m} * shape.n);
  CHECK(model.error().ok());
}

TEST_CASE("tiled BF16 GEMM through SBUF, PSUM and DMA", "[arch][gemm]") {
  SECTION("tiny 64x64x64") { check_gemm(tiny_hw(), {64, 64, 64}); }
  SECTION("tiny ragged 30x17x9") { check_gemm(tiny_hw(), {30, 17, 9}); }
  SECTION("tiny, N over two PSUM banks: 8x8x100") { check_gemm(tiny_hw(), {8, 8, 100}); }
  SECTION("small 256x256x256") { check_gemm(small_hw(), {256, 256, 256}); }
  SECTION("tiny 9x160x70: B does not fit in SBUF, two column tiles") {
    REQUIRE_FALSE(gemm_b_resident(tiny_hw(), {9, 160, 70}, Format::Bf16));
    check_gemm(tiny_hw(), {9, 160, 70});
  }
  SECTION("tiny 100x64x8: B stays in SBUF, A does not") {
    REQUIRE(gemm_b_resident(tiny_hw(), {100, 64, 8}, Format::Bf16));
    REQUIRE_FALSE(gemm_a_resident(tiny_hw(), {100, 64, 8}, Format::Bf16));
    check_gemm(tiny_hw(), {100, 64, 8});
  }
  SECTION("tiny 30x17x9, A stored transposed") { check_gemm(tiny_hw(), {30, 17, 9}, {true}); }
  SECTION("small 256x256x256, A stored transposed") {
    check_gemm(small_hw(), {256, 256, 256}, {true});
  }
}

TEST_CASE("final state does not depend on the engine interleaving", "[arch][schedule]") {
  const isa::HwConfig hw = tiny_hw();
  const GemmProblem g = random_gemm(hw, {24, 20, 70}, Catch::getSeed());
  ArchModel reference(hw);
  reference.load(g.program);
  REQUIRE(reference.run({Schedule::RoundRobin, 0}).status == RunStatus::Done);
  for (uint64_t seed = Catch::getSeed(); seed < Catch::getSeed() + 4; ++seed) {
    ArchModel model(hw);
    model.load(g.program);
    const RunResult r = model.run({Schedule::Random, seed});
    INFO("random schedule seed " << seed);
    REQUIRE(r.status == RunStatus::Done);
    CHECK(model.sbuf() == reference.sbuf());
    CHECK(model.psum() == reference.psum());
    CHECK(model.semaphores() == reference.semaphores());
    CHECK(DeviceMemory::differences(model.memory(), reference.memory()).empty());
    for (Engine e : isa::kAllEngines) {
      CHECK(model.counters(e).instructions == reference.counters(e).instructions);
    }
  }
}

// --- Semaphore ordering -----------------------------------------------------------------------

// DMA loads X into an SBUF tile, the tensor engine multiplies it, and a second DMA overwrites
// the tile with Y. With the wait, the matmul must always see X; without it, some interleaving
// lets the overwrite in first, and the same check catches it.
isa::Program overwrite_program(bool synchronised) {
  const isa::HwConfig hw = tiny_hw();
  std::vector<uint8_t> x(4 * 4 * 2);
  std::vector<uint8_t> y(4 * 4 * 2);
  for (size_t i = 0; i < x.size(); i += 2) {
    x[i + 1] = 0x3F, x[i] = 0x80;  // bf16 1.0
    y[i + 1] = 0x40, y[i] = 0x40;  // bf16 3.0
  }
  const auto dram_tile = [](uint64_t addr) {
    return isa::test::expect(Space::Dram, Format::Bf16, 0, 4, addr, 8, {{{1, 1}, {1, 1}, {1, 4}}});
  };
  const AccessPattern tile =
      isa::test::expect(Space::Sbuf, Format::Bf16, 0, 4, 0, 0, {{{1, 1}, {1, 1}, {1, 4}}});
  const AccessPattern acc =
      isa::test::expect(Space::Psum, Format::Fp32, 0, 4, 0, 0, {{{1, 1}, {1, 1}, {1, 4}}});
  const isa::Sync overwrite = synchronised ? wait_only(1, 1) : isa::Sync{};
  const Code dma_code{dma(tile, dram_tile(0x100), signal_only(0)),
                      dma(tile, dram_tile(0x200), overwrite), end(Engine::Dma)};
  const Code tensor_code{
      isa::encode(Instruction::matmul({acc, tile, tile, false}, sync(0, 1, 1, 1))),
      end(Engine::Tensor)};
  return raw_program(hw, {{Engine::Tensor, tensor_code}, {Engine::Dma, dma_code}},
                     {{0x100, x}, {0x200, y}});
}

// PSUM entries that hold 1.0 * 1.0 summed over K = 4: the matmul read X.
bool matmul_read_x(const ArchModel& m) {
  for (uint32_t p = 0; p < 4; ++p) {
    for (uint32_t n = 0; n < 4; ++n) {
      if (m.psum_fp32(p, n * 4) != 0x40800000u) return false;  // 4.0f
    }
  }
  return true;
}

TEST_CASE("an engine never issues before its wait is satisfied", "[arch][semaphore]") {
  int violations_without_wait = 0;
  for (uint64_t seed = 0; seed < 32; ++seed) {
    for (bool synchronised : {true, false}) {
      ArchModel model(tiny_hw());
      model.load(overwrite_program(synchronised));
      REQUIRE(model.run({Schedule::Random, Catch::getSeed() + seed}).status == RunStatus::Done);
      if (synchronised) {
        INFO("seed " << Catch::getSeed() + seed);
        CHECK(matmul_read_x(model));
      } else {
        violations_without_wait += !matmul_read_x(model);
      }
    }
  }
  // The check above can fail: without the wait some schedule lets the overwrite in first.
  CHECK(violations_without_wait > 0);
}

// The largest-exponent, zero-mantissa encoding: infinity in BF16, FP16 and E5M2.
uint32_t largest_or_inf(Format f) {
  switch (f) {
    case Format::Bf16:
      return 0x7F80;
    case Format::Fp16:
      return 0x7C00;
    default:
      return 0x7C;  // E5M2
  }
}

// --- PE arithmetic with special values ----------------------------------------------------------

TEST_CASE("matmul is bit-exact with tessel::matmul for every input format and special values",
          "[arch][matmul]") {
  const isa::HwConfig hw = small_hw();
  std::mt19937_64 rng(Catch::getSeed());
  const uint32_t k = 16, m = 13, n = 37;
  for (Format sf : kPeInputFormats) {
    for (Format mf : kPeInputFormats) {
      // Random raw encodings: every bit pattern, so NaN, infinities, zeros and subnormals occur.
      auto random_tile = [&](unsigned rows, unsigned cols, Format f) {
        Tile t(rows, cols, f);
        for (auto& v : t.bits) v = static_cast<uint32_t>(rng()) & ((1u << format_bits(f)) - 1);
        // Keep most values small so sums are not all infinite.
        for (auto& v : t.bits) {
          if (rng() % 4 != 0) v &= ~(1u << (format_bits(f) - 2));
        }
        return t;
      };
      Tile st = random_tile(k, m, sf);
      Tile mv1 = random_tile(k, n, mf);
      const Tile mv2 = random_tile(k, n, mf);
      // inf * 0 (an invalid operation whose host NaN is not canonical) in outputs (0, 0..3), and
      // a NaN input in outputs (1, *).
      st.at(0, 0) = sf == Format::Fp8E4M3 ? 0x7Fu : largest_or_inf(sf);
      for (uint32_t j = 0; j < 4; ++j) mv1.at(0, j) = 0;
      st.at(3, 1) = canonical_nan(sf) | (1u << (format_bits(sf) - 1));  // a negative NaN
      if (sf == Format::Bf16 && mf == Format::Bf16) {
        // Output (2, 5) = 2^-74 * 2^-75 + 2^-75 * 2^-75: the second product, 2^-150, is a tie
        // below the smallest subnormal. One rounding (fma) gives 2^-148; rounding the product
        // first would give 2^-149, so this catches an unfused multiply-add.
        for (uint32_t kk = 0; kk < k; ++kk) st.at(kk, 2) = 0;
        st.at(0, 2) = 0x1A80;  // 2^-74
        st.at(1, 2) = 0x1A00;  // 2^-75
        mv1.at(0, 5) = 0x1A00;
        mv1.at(1, 5) = 0x1A00;
      }
      auto load_bytes = [](const Tile& t) { return kb::pack_elements(t.bits, t.format); };
      const auto dram = [](Format f, uint64_t addr, uint32_t cols) {
        return isa::test::expect(Space::Dram, f, 0, 16, addr, cols * isa::element_bytes(f),
                       {{{1, 1}, {1, 1}, {1, cols}}});
      };
      const auto sbuf = [](Format f, uint64_t off, uint32_t cols) {
        return isa::test::expect(Space::Sbuf, f, 0, 16, off, 0, {{{1, 1}, {1, 1}, {1, cols}}});
      };
      // Two PSUM regions at odd partitions and offsets: one overwritten, one accumulated onto.
      const auto psum = [&](uint32_t bank) {
        return isa::test::expect(Space::Psum, Format::Fp32, 2, m, 2048 * bank + 8, 0,
                       {{{1, 1}, {1, 1}, {1, n}}});
      };
      const Code dmas{dma(sbuf(sf, 0, m), dram(sf, 0x0, m)),
                      dma(sbuf(mf, 256, n), dram(mf, 0x1000, n)),
                      dma(sbuf(mf, 512, n), dram(mf, 0x2000, n), signal_only(0)), end(Engine::Dma)};
      const auto mm_inst = [&](uint32_t bank, uint64_t moving, bool accumulate, isa::Sync s) {
        return isa::encode(
            Instruction::matmul({psum(bank), sbuf(sf, 0, m), sbuf(mf, moving, n), accumulate}, s));
      };
      const Code mm{mm_inst(3, 256, false, wait_only(0, 1)), mm_inst(5, 512, false, {}),
                    mm_inst(5, 256, true, {}), end(Engine::Tensor)};
      ArchModel model(hw);
      model.load(raw_program(
          hw, {{Engine::Tensor, mm}, {Engine::Dma, dmas}},
          {{0x0, load_bytes(st)}, {0x1000, load_bytes(mv1)}, {0x2000, load_bytes(mv2)}}));
      REQUIRE(model.run().status == RunStatus::Done);
      const auto r1 = matmul(st, mv1);
      const auto r2 = matmul(st, mv2);
      size_t mismatches = 0;
      for (uint32_t i = 0; i < m; ++i) {
        for (uint32_t j = 0; j < n; ++j) {
          const uint32_t both = psum_write(r2[i * n + j], r1[i * n + j], true);
          mismatches += model.psum_fp32(2 + i, 2048 * 3 + 8 + 4 * j) != r1[i * n + j];
          mismatches += model.psum_fp32(2 + i, 2048 * 5 + 8 + 4 * j) != both;
        }
      }
      REQUIRE(r1[0] == kFp32CanonicalNan);  // the injected cases did happen
      if (sf == Format::Bf16 && mf == Format::Bf16) REQUIRE(r1[2 * n + 5] == 2);  // 2^-148
      INFO(format_name(sf) << " x " << format_name(mf));
      CHECK(mismatches == 0);
    }
  }
}

// --- Errors and deadlock ----------------------------------------------------------------------

struct BadProgram {
  const char* name;
  isa::Program program;
  ErrorCode code;
  Engine engine;
  uint64_t address;
  std::vector<std::pair<uint64_t, uint64_t>> may_write;  // DRAM ranges the program may change
  uint64_t dma_bytes = 0;                                // bytes the DMA writes before it stops
  std::function<void(ArchModel&)> setup = {};
};

std::vector<BadProgram> bad_programs() {
  const isa::HwConfig hw = tiny_hw();
  const Engine T = Engine::Tensor, V = Engine::Vector, D = Engine::Dma;
  // A canary copy that must never run: the core has stopped before the DMA's turn.
  const isa::InstructionWords canary = dma(dram_fp32(0x9000, 4), sbuf_fp32(0, 0, 4));
  const std::vector<uint8_t> sixteen(64, 0x5A);
  std::vector<BadProgram> out;
  out.push_back({"illegal opcode (reserved vector range)",
                 raw_program(hw, {{V, {with_field(nop(V), isa::layout::kOpcode, 0x20), end(V)}},
                                  {D, {canary, end(D)}}}),
                 ErrorCode::IllegalOpcode,
                 V,
                 stream_address(V, 0),
                 {}});
  out.push_back({"reserved bit set",
                 raw_program(hw, {{T, {nop(T), with_field(nop(T), {7, 3, 1}, 1), end(T)}}}),
                 ErrorCode::BadField,
                 T,
                 stream_address(T, 1),
                 {}});
  out.push_back({"instruction for another engine",
                 raw_program(hw, {{V, {end(T)}}, {D, {canary, end(D)}}}),
                 ErrorCode::BadField,
                 V,
                 stream_address(V, 0),
                 {}});
  out.push_back({"DMA past the last SBUF partition",
                 raw_program(hw, {{D, {dma(sbuf_fp32(4, 0, 4), dram_fp32(0, 4)), end(D)}}}),
                 ErrorCode::AddressOutOfRange,
                 D,
                 stream_address(D, 0),
                 {}});
  out.push_back(
      {"DMA beyond device memory",
       raw_program(hw, {{D, {dma(dram_fp32(hw.dram_bytes - 8, 4), sbuf_fp32(0, 0, 4)), end(D)}}}),
       ErrorCode::AddressOutOfRange,
       D,
       stream_address(D, 0),
       {}});
  out.push_back({"stream without END",
                 raw_program(hw, {{T, {nop(T), nop(T)}}}),
                 ErrorCode::AddressOutOfRange,
                 T,
                 stream_address(T, 2),
                 {}});
  out.push_back(
      {"semaphore id 40",
       raw_program(
           hw, {{T, {with_field(nop(T, signal_only(0)), isa::layout::kSignalSem, 40), end(T)}}}),
       ErrorCode::SemaphoreMisuse,
       T,
       stream_address(T, 0),
       {}});
  out.push_back({"semaphore overflow at run time",
                 raw_program(hw, {{T, {nop(T, signal_only(3)), end(T)}}}),
                 ErrorCode::SemaphoreMisuse,
                 T,
                 stream_address(T, 0),
                 {},
                 0,
                 [](ArchModel& m) { m.set_semaphore(3, 0xFFFFFFFFu); }});
  {
    AccessPattern src = dram_fp32(0, 4);
    src.dtype = Format::Bf16;
    src.dims[2].count = 8;
    out.push_back({"DMA between different dtypes",
                   raw_program(hw, {{D, {dma(sbuf_fp32(0, 0, 4), src), end(D)}}}),
                   ErrorCode::ShapeMismatch,
                   D,
                   stream_address(D, 0),
                   {}});
  }
  // AXI errors: the copy stops at the failing element; earlier elements land, later ones not.
  out.push_back({"DRAM to DRAM copy",
                 raw_program(hw, {{D, {dma(dram_fp32(0x4000, 16), dram_fp32(0, 16)), end(D)}}},
                             {{0x0, sixteen}}),
                 ErrorCode::BadField,
                 D,
                 stream_address(D, 0),
                 {}});
  out.push_back({"AXI error on a DMA read",
                 raw_program(hw,
                             {{D,
                               {dma(sbuf_fp32(1, 0, 16), dram_fp32(0, 16)),
                                dma(dram_fp32(0x4000, 16), sbuf_fp32(1, 0, 16)), end(D)}}},
                             {{0x0, sixteen}}),
                 ErrorCode::AxiError,
                 D,
                 9 * 4,
                 {},
                 9 * 4,
                 [](ArchModel& m) { m.memory().inject_error(9 * 4 + 2, 9 * 4 + 3); }});
  out.push_back({"AXI error on a DMA write",
                 raw_program(hw,
                             {{D,
                               {dma(sbuf_fp32(1, 0, 16), dram_fp32(0, 16)),
                                dma(dram_fp32(0x4000, 16), sbuf_fp32(1, 0, 16)), end(D)}}},
                             {{0x0, sixteen}}),
                 ErrorCode::AxiError,
                 D,
                 0x4000 + 5 * 4,
                 {{0x4000, 0x4000 + 5 * 4}},
                 16 * 4 + 5 * 4,
                 [](ArchModel& m) {
                   m.memory().inject_error(0x4000 + 5 * 4, 0x4000 + 6 * 4, AxiResp::DecErr);
                 }});
  out.push_back({"AXI error on instruction fetch",
                 raw_program(hw, {{T, {nop(T), nop(T), end(T)}}}),
                 ErrorCode::AxiError,
                 T,
                 stream_address(T, 1),
                 {},
                 0,
                 [](ArchModel& m) {
                   m.memory().inject_error(stream_address(Engine::Tensor, 1) + 60,
                                           stream_address(Engine::Tensor, 1) + 64);
                 }});
  return out;
}

TEST_CASE("every error code stops the core with the error recorded", "[arch][errors]") {
  std::map<ErrorCode, int> reached;
  for (BadProgram& bad : bad_programs()) {
    DYNAMIC_SECTION(bad.name) {
      ArchModel model(tiny_hw());
      model.load(bad.program);
      if (bad.setup) bad.setup(model);
      DeviceMemory before = model.memory();  // copy: the state every write is measured against
      const auto sems_before = model.semaphores();
      const RunResult r = model.run();
      INFO(r.detail << "\n" << model.summary());
      REQUIRE(r.status == RunStatus::Error);
      CHECK(model.error().code == bad.code);
      CHECK(model.error().engine == bad.engine);
      CHECK(model.error().address == bad.address);
      CHECK(model.semaphores() == sems_before);  // nothing completed that signals
      for (uint64_t addr : DeviceMemory::differences(before, model.memory(), 1000)) {
        bool allowed = false;
        for (const auto& [lo, hi] : bad.may_write) allowed = allowed || (addr >= lo && addr < hi);
        INFO("byte written at " << addr);
        CHECK(allowed);
      }
      CHECK(model.counters(Engine::Dma).dma_bytes == bad.dma_bytes);
    }
    reached[bad.code]++;
  }
  for (ErrorCode c : {ErrorCode::IllegalOpcode, ErrorCode::BadField, ErrorCode::AddressOutOfRange,
                      ErrorCode::SemaphoreMisuse, ErrorCode::AxiError, ErrorCode::ShapeMismatch}) {
    INFO(isa::error_name(c));
    CHECK(reached[c] > 0);
  }
}

TEST_CASE("a DMA read error leaves later elements unwritten", "[arch][errors]") {
  const isa::HwConfig hw = tiny_hw();
  std::vector<uint8_t> src(64);
  for (size_t i = 0; i < src.size(); ++i) src[i] = static_cast<uint8_t>(i + 1);
  ArchModel model(hw);
  model.load(raw_program(
      hw, {{Engine::Dma, {dma(sbuf_fp32(1, 0, 16), dram_fp32(0, 16)), end(Engine::Dma)}}},
      {{0x0, src}}));
  model.memory().inject_error(9 * 4, 9 * 4 + 1);
  REQUIRE(model.run().status == RunStatus::Error);
  const uint8_t* p1 = &model.sbuf()[hw.sbuf_bytes_per_partition];
  CHECK(std::vector<uint8_t>(p1, p1 + 36) == std::vector<uint8_t>(src.begin(), src.begin() + 36));
  CHECK(std::vector<uint8_t>(p1 + 36, p1 + 64) == std::vector<uint8_t>(28, 0));
}

TEST_CASE("engines that wait forever are a deadlock, not a hang or an error", "[arch][deadlock]") {
  const isa::HwConfig hw = tiny_hw();
  const Engine T = Engine::Tensor, D = Engine::Dma;
  SECTION("two engines waiting on each other") {
    ArchModel model(hw);
    model.load(raw_program(
        hw, {{T, {nop(T, sync(0, 1, 1, 1)), end(T)}}, {D, {nop(D, sync(1, 1, 0, 1)), end(D)}}}));
    for (Schedule s : {Schedule::RoundRobin, Schedule::Random}) {
      const RunResult r = model.run({s, Catch::getSeed()});
      CHECK(r.status == RunStatus::Deadlock);
      CHECK(model.error().ok());
      CHECK_THAT(r.detail, Catch::Matchers::ContainsSubstring("tensor") &&
                               Catch::Matchers::ContainsSubstring("s1 >= 1"));
    }
  }
  SECTION("a wait one signal short") {
    ArchModel model(hw);
    model.load(raw_program(
        hw, {{T, {nop(T, wait_only(0, 2)), end(T)}}, {D, {nop(D, signal_only(0)), end(D)}}}));
    const RunResult r = model.run();
    CHECK(r.status == RunStatus::Deadlock);
    CHECK(model.semaphores()[0] == 1);
    CHECK(model.counters(D).instructions == 2);
    CHECK(model.counters(T).instructions == 0);
  }
}

}  // namespace
}  // namespace tessel::arch
