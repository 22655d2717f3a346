// The kernel builder: tile views and slicing (expected access patterns computed by hand), a small
// tiled matmul program, and a clear kb::Error for each kind of malformed program.
#include <cstdint>
#include <string>
#include <vector>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "isa/encoding.h"
#include "isa/kernel_builder.h"
#include "isa/validate.h"
#include "isa_test_util.h"

namespace {

using namespace tessel::isa::test;
using Catch::Matchers::ContainsSubstring;
using tessel::Format;
using tessel::isa::AccessPattern;
using tessel::isa::Dim;
using tessel::isa::Engine;
using tessel::isa::Instruction;
using tessel::isa::Space;
namespace isa = tessel::isa;
namespace kb = tessel::kb;


TEST_CASE("dram tensor views and slices", "[isa][kb][tile]") {
  // bf16 [8, 6, 4] at 0x1000: rows of 6*4*2 = 48 bytes.
  const kb::DramTensor t("t", 0x1000, {8, 6, 4}, Format::Bf16);
  const kb::Tile whole = t.tile();
  CHECK(whole.ap() ==
        expect(Space::Dram, Format::Bf16, 0, 8, 0x1000, 48, {Dim{0, 1}, Dim{4, 6}, Dim{1, 4}}));
  CHECK(whole.shape() == std::vector<uint32_t>{8, 6, 4});
  // t[2:6, 1:5:2, 3:4]: address 0x1000 + 2*48 + 1*4*2 + 3*2 = 0x106e.
  const kb::Tile s = t.slice({{2, 6}, {1, 5, 2}, {3, 4}});
  CHECK(s.ap() ==
        expect(Space::Dram, Format::Bf16, 0, 4, 0x106E, 48, {Dim{0, 1}, Dim{8, 2}, Dim{1, 1}}));
  // Every other row: the partition stride doubles.
  CHECK(t.slice({{0, 8, 2}}).ap().partition_stride == 96);
  // A 1-D tensor is one partition.
  const kb::DramTensor v("v", 0x40, {10}, Format::Fp32);
  CHECK(v.tile().ap() ==
        expect(Space::Dram, Format::Fp32, 0, 1, 0x40, 0, {Dim{0, 1}, Dim{0, 1}, Dim{1, 10}}));
}

TEST_CASE("transposed dram views", "[isa][kb][tile]") {
  // fp32 [4, 10] at 0: partitions become columns (4 bytes apart), rows the free axis.
  const kb::DramTensor m("m", 0, {4, 10}, Format::Fp32);
  const kb::Tile mt = m.tile().transposed();
  CHECK(mt.ap() ==
        expect(Space::Dram, Format::Fp32, 0, 10, 0, 4, {Dim{0, 1}, Dim{0, 1}, Dim{10, 4}}));
  CHECK(mt.name() == "m^T");
  // m^T[2:5, 1:3] = m[1:3, 2:5]^T: address 2*4 + 1*10*4 = 48.
  CHECK(mt.slice({{2, 5}, {1, 3}}).ap() ==
        expect(Space::Dram, Format::Fp32, 0, 3, 48, 4, {Dim{0, 1}, Dim{0, 1}, Dim{10, 2}}));
}

TEST_CASE("sbuf tiles and slices", "[isa][kb][tile]") {
  kb::KernelBuilder b(small_hw());
  const kb::Tile t = b.sbuf_tile({4, 8, 16}, Format::Bf16, 3, 0x100, "t");
  CHECK(t.ap() ==
        expect(Space::Sbuf, Format::Bf16, 3, 4, 0x100, 0, {Dim{0, 1}, Dim{16, 8}, Dim{1, 16}}));
  // t[1:3, 2:4, 0:16:4]: partitions 4..5, address 0x100 + 2*16*2 = 0x140.
  CHECK(t.slice({{1, 3}, {2, 4}, {0, 16, 4}}).ap() ==
        expect(Space::Sbuf, Format::Bf16, 4, 2, 0x140, 0, {Dim{0, 1}, Dim{16, 2}, Dim{4, 4}}));
  const kb::Tile p = b.psum_tile({16, 512}, 3);
  CHECK(p.ap() ==
        expect(Space::Psum, Format::Fp32, 0, 16, 3 * 2048, 0, {Dim{0, 1}, Dim{0, 1}, Dim{1, 512}}));
}

TEST_CASE("tile errors", "[isa][kb][tile]") {
  kb::KernelBuilder b(small_hw());
  const kb::Tile t = b.sbuf_tile({4, 8}, Format::Bf16, 0, 0, "t");
  CHECK_THROWS_WITH(t.slice({{0, 5}}), ContainsSubstring("slice [0:5] outside extent 4"));
  CHECK_THROWS_WITH(t.slice({{0, 4}, {6, 6}}), ContainsSubstring("outside extent 8"));
  CHECK_THROWS_WITH(t.slice({{0, 4}, {0, 8, 0}}), ContainsSubstring("step 0"));
  CHECK_THROWS_WITH(t.slice({{0, 4, 2}}), ContainsSubstring("cannot be strided"));
  CHECK_THROWS_WITH(t.slice({{}, {}, {}}), ContainsSubstring("3 ranges for a tile of rank 2"));
  CHECK_THROWS_WITH(t.transposed(), ContainsSubstring("only 2-D DRAM views"));
  // Tiles outside their memory, or malformed, are refused when they are made.
  CHECK_THROWS_WITH(b.sbuf_tile({4, 8}, Format::Bf16, 14, 0, "x"),
                    ContainsSubstring("partitions [14, 18) outside SBUF [0, 16)"));
  CHECK_THROWS_WITH(b.sbuf_tile({4, 8}, Format::Bf16, 0, 65536 - 8, "x"),
                    ContainsSubstring("outside the 65536-byte SBUF partition"));
  CHECK_THROWS_WITH(b.sbuf_tile({4, 8}, Format::Bf16, 0, 3, "x"), ContainsSubstring("aligned"));
  CHECK_THROWS_WITH(b.sbuf_tile({4}, Format::Bf16, 0, 0, "x"), ContainsSubstring("shape"));
  CHECK_THROWS_WITH(b.sbuf_tile({4, 0}, Format::Bf16, 0, 0, "x"), ContainsSubstring("zero"));
  CHECK_THROWS_WITH(b.psum_tile({16, 8}, 8), ContainsSubstring("bank 8 of 8"));
  CHECK_THROWS_WITH(b.psum_tile({17, 8}, 0), ContainsSubstring("17 partitions > 16"));
  CHECK_THROWS_WITH(b.psum_tile({16, 8}, 0, 2048 - 16),
                    ContainsSubstring("outside the 2048-byte bank"));
}

// C[4, 8] = A[4, 8] @ B[8, 8] on tiny (K = 8 in two tiles of 4): stationary = A^T tiles loaded
// transposed by DMA queue 0, moving = B tiles by queue 1, both K-tiles accumulated in one PSUM
// bank. Each queue signals its own semaphore (completions of two queues are not ordered); the
// tensor engine waits for the stationary tile with a NOP and for the moving tile in the matmul.
struct Gemm {
  isa::Program program;
  std::vector<kb::Event> st_loads;
  std::vector<kb::Event> mv_loads;
  kb::Event done;
};

Gemm tiled_gemm() {
  kb::KernelBuilder b(tiny_hw());
  const auto a = b.dram_tensor("A", {4, 8}, Format::Bf16);
  const auto bm = b.dram_tensor("B", {8, 8}, Format::Bf16);
  b.dram_tensor("C", {4, 8}, Format::Fp32);
  b.init(a, std::vector<uint8_t>(64, 0x3F));
  const auto st_loaded = b.semaphore("st_loaded");
  const auto mv_loaded = b.semaphore("mv_loaded");
  const auto computed = b.semaphore("computed");
  const auto acc = b.psum_tile({4, 8}, 1, 0, "acc");
  Gemm g;
  for (uint32_t kt = 0; kt < 2; ++kt) {
    const auto st = b.sbuf_tile({4, 4}, Format::Bf16, 0, kt * 0x100, "st");
    const auto mv = b.sbuf_tile({4, 8}, Format::Bf16, 0, 0x200 + kt * 0x100, "mv");
    g.st_loads.push_back(b.dma_copy(st, a.slice({{0, 4}, {4 * kt, 4 * kt + 4}}).transposed(),
                                    kb::signal(st_loaded), 0));
    g.mv_loads.push_back(
        b.dma_copy(mv, bm.slice({{4 * kt, 4 * kt + 4}}), kb::signal(mv_loaded), 1));
    b.nop(Engine::Tensor, kb::wait(g.st_loads.back()));
    kb::Sync sync = kb::wait(g.mv_loads.back());
    if (kt == 1) sync.signal(computed);
    g.done = b.matmul(acc, st, mv, /*accumulate=*/kt > 0, sync);
  }
  b.end_all();
  g.program = b.build();
  return g;
}

TEST_CASE("a tiled matmul program", "[isa][kb]") {
  const Gemm g = tiled_gemm();
  const isa::Program& p = g.program;
  // Events count the signals of each semaphore in program order.
  REQUIRE(g.st_loads.size() == 2);
  REQUIRE(g.mv_loads.size() == 2);
  for (uint32_t i = 0; i < 2; ++i) {
    CHECK(g.st_loads[i].sem == 0);
    CHECK(g.st_loads[i].value == i + 1);
    CHECK(g.mv_loads[i].sem == 1);
    CHECK(g.mv_loads[i].value == i + 1);
  }
  CHECK(g.done.sem == 2);
  CHECK(g.done.value == 1);
  // Tensors from address 0, 64-byte aligned; streams after them, 4 KiB aligned.
  CHECK(p.symbol("A").address == 0);
  CHECK(p.symbol("B").address == 64);
  CHECK(p.symbol("C").address == 192);
  REQUIRE(p.streams.size() == 2);
  CHECK(p.streams[0].engine == Engine::Tensor);
  CHECK(p.streams[0].address == 0x1000);
  CHECK(p.streams[0].code.size() == 5);
  CHECK(p.streams[1].engine == Engine::Dma);
  CHECK(p.streams[1].address == 0x2000);
  CHECK(p.streams[1].code.size() == 5);
  REQUIRE(p.segments.size() == 1);
  CHECK(p.segments[0].address == 0);
  // Every instruction is one the hardware accepts.
  for (const auto& s : p.streams) {
    for (const auto& w : s.code) CHECK(isa::hardware_error(w, p.hw, s.engine).ok());
  }
  // The second K-tile's stationary load: A[0:4, 4:8]^T = 4 partitions 2 bytes apart from
  // byte 8, each walking the 4 rows of A (stride 8 elements).
  const Instruction second_st = Instruction::dma_copy(
      {sbuf(Format::Bf16, 0, 4, 0x100, 4),
       expect(Space::Dram, Format::Bf16, 0, 4, 8, 2, {Dim{0, 1}, Dim{0, 1}, Dim{8, 4}}), 0},
      sync(isa::kSemNone, 0, 0, 1));
  CHECK(isa::decode(p.streams[1].code[2]).instruction == second_st);
  // Tensor stream: nop (wait st 1), matmul (wait mv 1), nop (wait st 2), matmul, end.
  CHECK(isa::decode(p.streams[0].code[2]).instruction ==
        Instruction::nop(Engine::Tensor, sync(0, 2, isa::kSemNone, 0)));
  const isa::Decoded mm = isa::decode(p.streams[0].code[3]);
  REQUIRE(mm.error.ok());
  CHECK(mm.instruction.matmul_args().accumulate);
  CHECK(mm.instruction.sync == sync(1, 2, 2, 1));
  CHECK(isa::decode(p.streams[0].code[4]).instruction == Instruction::end(Engine::Tensor));
  CHECK(isa::parse_program(isa::serialize_program(p)) == p);
}

// Runs `make` on a fresh builder for small and returns the kb::Error message it throws.
template <typename F>
std::string builder_error(F&& make) {
  kb::KernelBuilder b(small_hw());
  try {
    make(b);
  } catch (const kb::Error& e) {
    return e.what();
  }
  return "(no error)";
}

kb::Tile raw_tile(const AccessPattern& ap, const char* name) { return kb::Tile(ap, 1, name); }

TEST_CASE("malformed instructions: bad fields and dtypes not allowed", "[isa][kb][errors]") {
  const std::string fp32_stationary = builder_error([](kb::KernelBuilder& b) {
    b.matmul(b.psum_tile({16, 64}, 0), b.sbuf_tile({16, 16}, Format::Fp32, 0, 0, "w"),
             b.sbuf_tile({16, 64}, Format::Bf16, 0, 0x100, "x"), false);
  });
  CHECK_THAT(fp32_stationary, ContainsSubstring("tensor instruction 0 (matmul)") &&
                                  ContainsSubstring("BadField: stationary: dtype fp32") &&
                                  ContainsSubstring("stationary = 'w' sbuf[0:16, @0 | 16 fp32]"));
  CHECK_THAT(builder_error([](kb::KernelBuilder& b) {
               const auto a = b.dram_tensor("a", {16, 16}, Format::Bf16);
               const auto c = b.dram_tensor("c", {16, 16}, Format::Bf16);
               b.dma_copy(c.tile(), a.tile());
             }),
             ContainsSubstring("dma_copy") && ContainsSubstring("BadField: src: dram -> dram"));
  CHECK_THAT(builder_error([](kb::KernelBuilder& b) {
               const auto a = b.dram_tensor("a", {16, 16}, Format::Fp32);
               b.dma_copy(b.psum_tile({16, 16}, 0), a.tile());
             }),
             ContainsSubstring("BadField: dst: psum is not allowed"));
}

TEST_CASE("malformed instructions: shapes that do not match", "[isa][kb][errors]") {
  auto mm = [](uint32_t k_st, uint32_t m, uint32_t n_mv) {
    return [=](kb::KernelBuilder& b) {
      b.matmul(b.psum_tile({16, 64}, 0), b.sbuf_tile({k_st, m}, Format::Bf16, 0, 0, "w"),
               b.sbuf_tile({16, n_mv}, Format::Bf16, 0, 0x100, "x"), false);
    };
  };
  CHECK_THAT(builder_error(mm(15, 16, 64)),
             ContainsSubstring("ShapeMismatch: K: stationary has 15 partitions, moving 16"));
  CHECK_THAT(builder_error(mm(16, 8, 64)),
             ContainsSubstring("ShapeMismatch: M: psum has 16 partitions, stationary 8"));
  CHECK_THAT(builder_error(mm(16, 16, 32)),
             ContainsSubstring("ShapeMismatch: N: psum has 64 free elements, moving 32"));
  CHECK_THAT(builder_error([](kb::KernelBuilder& b) {
               const auto a = b.dram_tensor("a", {16, 16}, Format::Bf16);
               b.dma_copy(b.sbuf_tile({16, 8}, Format::Bf16, 0, 0), a.tile());
             }),
             ContainsSubstring("ShapeMismatch: elements per partition: dst 8, src 16"));
  CHECK_THAT(builder_error([](kb::KernelBuilder& b) {
               const auto a = b.dram_tensor("a", {16, 16}, Format::Fp16);
               b.dma_copy(b.sbuf_tile({16, 16}, Format::Bf16, 0, 0), a.tile());
             }),
             ContainsSubstring("ShapeMismatch: dtype: dst bf16, src fp16"));
  // N above the 512 entries of a bank, with a hand-made PSUM pattern of 600.
  CHECK_THAT(builder_error([](kb::KernelBuilder& b) {
               b.matmul(raw_tile(psum(0, 16, 0, 600), "big"),
                        b.sbuf_tile({16, 16}, Format::Bf16, 0, 0, "w"),
                        b.sbuf_tile({16, 600}, Format::Bf16, 0, 0x100, "x"), false);
             }),
             ContainsSubstring("ShapeMismatch: N = 600 > 512"));
}

TEST_CASE("malformed instructions: tiles outside their memory", "[isa][kb][errors]") {
  // Hand-made views (the builder's own constructors refuse these earlier).
  CHECK_THAT(builder_error([](kb::KernelBuilder& b) {
               b.matmul(b.psum_tile({4, 8}, 0), raw_tile(sbuf(Format::Bf16, 14, 4, 0, 4), "w"),
                        raw_tile(sbuf(Format::Bf16, 14, 4, 0x100, 8), "x"), false);
             }),
             ContainsSubstring("AddressOutOfRange: stationary: partitions [14, 18)"));
  CHECK_THAT(builder_error([](kb::KernelBuilder& b) {
               b.dma_copy(raw_tile(dram(Format::Bf16, (uint64_t{1} << 32) - 16, 4, 16, 8), "d"),
                          b.sbuf_tile({4, 8}, Format::Bf16, 0, 0));
             }),
             ContainsSubstring("AddressOutOfRange: dst: bytes"));
  CHECK_THAT(builder_error([](kb::KernelBuilder& b) {
               b.matmul(raw_tile(psum(0, 4, 2048 - 16, 8), "acc"),
                        b.sbuf_tile({4, 4}, Format::Bf16, 0, 0, "w"),
                        b.sbuf_tile({4, 8}, Format::Bf16, 0, 0x100, "x"), false);
             }),
             ContainsSubstring("cross a 2048-byte PSUM bank boundary"));
}

TEST_CASE("malformed instructions: fields the encoding cannot hold", "[isa][kb][errors]") {
  // A transposed view of a [4, 40000] tensor walks its rows 40000 elements apart.
  CHECK_THAT(builder_error([](kb::KernelBuilder& b) {
               const auto a = b.dram_tensor("a", {4, 40000}, Format::Fp8E4M3);
               b.dma_copy(b.sbuf_tile({16, 4}, Format::Fp8E4M3, 0, 0),
                          a.slice({{0, 4}, {0, 16}}).transposed());
             }),
             ContainsSubstring("dma_copy") &&
                 ContainsSubstring("src.dims[2].stride = 40000 does not fit"));
  CHECK_THAT(builder_error([](kb::KernelBuilder& b) {
               const auto a = b.dram_tensor("a", {16, 16}, Format::Bf16);
               b.dma_copy(b.sbuf_tile({16, 16}, Format::Bf16, 0, 0), a.tile(), {}, 16);
             }),
             ContainsSubstring("queue 16"));
}

TEST_CASE("malformed programs: semaphores, streams and memory", "[isa][kb][errors]") {
  CHECK_THAT(builder_error([](kb::KernelBuilder& b) {
               b.nop(Engine::Vector, kb::signal(b.semaphore("s"), 0));
             }),
             ContainsSubstring("SemaphoreMisuse: signal of s0 with increment 0"));
  CHECK_THAT(builder_error([](kb::KernelBuilder& b) {
               for (int i = 0; i < 33; ++i) b.semaphore("s");
             }),
             ContainsSubstring("all 32 semaphores are in use"));
  CHECK_THAT(
      builder_error([](kb::KernelBuilder& b) { b.nop(Engine::Tensor, kb::wait(kb::Event{})); }),
      ContainsSubstring("signals nothing"));
  CHECK_THAT(builder_error([](kb::KernelBuilder& b) {
               b.end(Engine::Scalar);
               b.nop(Engine::Scalar, {});
             }),
             ContainsSubstring("scalar instruction 1 (nop): the stream has already ended"));
  CHECK_THAT(builder_error([](kb::KernelBuilder& b) {
               b.nop(Engine::Tensor, {});
               b.build();
             }),
             ContainsSubstring("the tensor stream does not end with END"));
  CHECK_THAT(builder_error([](kb::KernelBuilder& b) {
               const auto s = b.semaphore("ready");
               b.nop(Engine::Dma, kb::signal(s));
               b.nop(Engine::Tensor, kb::wait(s, 2));
               b.end_all();
               b.build();
             }),
             ContainsSubstring("waits for s0 ('ready') >= 2, but the program signals it only 1 "
                               "times: deadlock"));
  // Two DMA queues signal one semaphore: "s0 >= 1" does not say which load finished.
  CHECK_THAT(builder_error([](kb::KernelBuilder& b) {
               const auto s = b.semaphore("loaded");
               const auto a = b.dram_tensor("a", {4, 8}, Format::Bf16);
               const auto t0 = b.sbuf_tile({4, 8}, Format::Bf16, 0, 0);
               const auto t1 = b.sbuf_tile({4, 8}, Format::Bf16, 0, 0x100);
               const kb::Event first = b.dma_copy(t0, a.tile(), kb::signal(s), 0);
               b.dma_copy(t1, a.tile(), kb::signal(s), 1);
               b.nop(Engine::Tensor, kb::wait(first));
               b.end_all();
               b.build();
             }),
             ContainsSubstring("s0 is signalled by dma queue 0 and dma queue 1 whose "
                               "completions are not ordered"));
  // Waiting for the total count of such a semaphore is well defined: every load finished.
  CHECK(builder_error([](kb::KernelBuilder& b) {
          const auto s = b.semaphore("loaded");
          const auto a = b.dram_tensor("a", {4, 8}, Format::Bf16);
          b.dma_copy(b.sbuf_tile({4, 8}, Format::Bf16, 0, 0), a.tile(), kb::signal(s), 0);
          b.dma_copy(b.sbuf_tile({4, 8}, Format::Bf16, 0, 0x100), a.tile(), kb::signal(s), 1);
          b.nop(Engine::Tensor, kb::wait(s, 2));
          b.end_all();
          b.build();
        }) == "(no error)");
  CHECK_THAT(builder_error([](kb::KernelBuilder& b) {
               const auto t = b.sbuf_tile({4, 64}, Format::Bf16, 0, 0);
               b.dma_copy(t.slice({{0, 4}, {0, 32}}), t.slice({{2, 4}, {16, 48}}));
             }),
             ContainsSubstring("source and destination overlap in SBUF"));
  CHECK_THAT(builder_error([](kb::KernelBuilder& b) {
               b.dram_tensor("a", {4}, Format::Bf16);
               b.dram_tensor("a", {4}, Format::Bf16);
             }),
             ContainsSubstring("'a' defined twice"));
  CHECK_THAT(builder_error([](kb::KernelBuilder& b) {
               b.init(b.dram_tensor("a", {4}, Format::Bf16), std::vector<uint8_t>(7));
             }),
             ContainsSubstring("7 bytes given, the tensor has 8"));
  CHECK_THAT(builder_error([](kb::KernelBuilder& b) {
               b.dram_tensor("huge", {65536, 65536}, Format::Fp32);
             }),
             ContainsSubstring("does not fit device memory"));
}

TEST_CASE("pack_elements lays out element encodings little-endian", "[isa][kb]") {
  CHECK(kb::pack_elements({0x3F80, 0xC000}, Format::Bf16) ==
        std::vector<uint8_t>{0x80, 0x3F, 0x00, 0xC0});
  CHECK(kb::pack_elements({0x7F}, Format::Fp8E4M3) == std::vector<uint8_t>{0x7F});
  CHECK(kb::pack_elements({0x3F800000}, Format::Fp32) ==
        std::vector<uint8_t>{0x00, 0x00, 0x80, 0x3F});
  CHECK_THROWS_AS(kb::pack_elements({0x100}, Format::Fp8E5M2), kb::Error);
}

}  // namespace

// Matmul results leave PSUM by DMA until the vector engine exists (docs/isa.md, DMA_COPY).
TEST_CASE("dma_copy reads PSUM into device memory and SBUF", "[isa][kb]") {
  kb::KernelBuilder b(small_hw());
  const auto c = b.dram_tensor("c", {16, 64}, Format::Fp32);
  CHECK_NOTHROW(b.dma_copy(c.tile(), b.psum_tile({16, 64}, 0)));
  CHECK_NOTHROW(b.dma_copy(b.sbuf_tile({16, 64}, Format::Fp32, 0, 0, "s"), b.psum_tile({16, 64}, 1)));
}
