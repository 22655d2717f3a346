// The instruction encoding: golden bit patterns derived by hand from docs/isa.md, round trips of
// random valid instructions, every field at its extremes, and the error code of every kind of
// illegal encoding (checked against the priority order the hardware follows).
#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "isa/access_pattern.h"
#include "isa/encoding.h"
#include "isa/validate.h"
#include "isa_test_util.h"

namespace {

using namespace tessel::isa;
using namespace tessel::isa::test;
using Catch::Matchers::ContainsSubstring;
using tessel::Format;

// ---------------------------------------------------------------------------------------------
// Golden encodings. Each expected word below was worked out by hand from the field tables in
// docs/isa.md (the comments show the arithmetic), not printed by the encoder, so the document,
// the encoder and the decoder cannot drift apart together.

// matmul psum[0:16, bank 2 + 0 | 512 fp32] += sbuf[0:16, @0x100 | 16 bf16]^T
//        @ sbuf[0:16, @0x400 | 512 bf16]  wait s3>=2 signal s4+1   (small: bank 2 = 0x1000)
Instruction golden_matmul() {
  return Instruction::matmul({psum(0, 16, 0x1000, 512), sbuf(Format::Bf16, 0, 16, 0x100, 16),
                              sbuf(Format::Bf16, 0, 16, 0x400, 512), true},
                             sync(3, 2, 4, 1));
}
const InstructionWords kGoldenMatmul = {
    0x04031010,  // signal sem 4 <<24 | wait sem 3 <<16 | accumulate <<12 | engine 0 | op 0x10
    0x01000002,  // increment 1 <<24 | wait value 2
    0x10001000,  // psum: space 1 <<28 | dtype fp32 0 <<24 | offset 0x1000
    0x00000001, 0x00000001,  // psum dims[0], dims[1]: stride 0, count 1
    0x00010200,              // psum dims[2]: stride 1 <<16 | count 512
    0x01000100,              // stationary: space sbuf 0 | dtype bf16 1 <<24 | offset 0x100
    0x00000001, 0x00000001,
    0x00010010,  // stationary dims[2]: stride 1, count 16
    0x01000400,  // moving: bf16, offset 0x400
    0x00000001, 0x00000001,
    0x00010200,  // moving dims[2]: stride 1, count 512
    0x10001000,  // slot 1 (stationary) count 16 <<24, start 0 | slot 0 (psum) count 16 <<8
    0x00001000,  // slot 2 (moving) count 16 <<8, start 0
};

// dma_copy q5 sbuf[2:6, @0x40 | 8 fp16] <- dram[4 x 256B, @0xabcdef012340 | [-2,8] fp16]
//          signal s31+255
Instruction golden_dma() {
  AccessPattern src = dram(Format::Fp16, 0xABCDEF012340ull, 4, 0x100, 8);
  src.dims[2].stride = -2;
  return Instruction::dma_copy({sbuf(Format::Fp16, 2, 4, 0x40, 8), src, 5},
                               sync(kSemNone, 0, 31, 255));
}
const InstructionWords kGoldenDma = {
    0x1F3F0340,  // signal sem 31 <<24 | wait none 0x3F <<16 | engine 3 <<8 | op 0x40
    0xFF000000,  // increment 255 <<24 | wait value 0
    0x02000040,  // dst: sbuf | fp16 2 <<24 | offset 0x40
    0x00000001, 0x00000001,
    0x00010008,  // dst dims[2]: stride 1, count 8
    0x22012340,  // src: dram 2 <<28 | fp16 2 <<24 | address[23:0] 0x012340
    0x00000001, 0x00000001,
    0xFFFE0008,  // src dims[2]: stride -2 (0xFFFE) <<16 | count 8
    0x00000000,  // dst extension: address[47:24] = 0
    0x00000000,  // dst partition stride 0
    0x00ABCDEF,  // src extension: address[47:24]
    0x00000100,  // src partition stride 256 bytes
    0x04000402,  // slot 1 (src) count 4 <<24, start 0 | slot 0 (dst) count 4 <<8 | start 2
    0x00050000,  // queue 5 <<16
};

// end on the DMA engine, no semaphores.
const InstructionWords kGoldenEnd = {0x3F3F0301, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

TEST_CASE("golden encodings match the hand-derived bits of docs/isa.md", "[isa][encoding]") {
  CHECK(encode(golden_matmul()) == kGoldenMatmul);
  CHECK(encode(golden_dma()) == kGoldenDma);
  CHECK(encode(Instruction::end(Engine::Dma)) == kGoldenEnd);

  const Decoded m = decode(kGoldenMatmul);
  CHECK(m.error.code == ErrorCode::None);
  CHECK(m.instruction == golden_matmul());
  const Decoded d = decode(kGoldenDma);
  CHECK(d.error.code == ErrorCode::None);
  CHECK(d.instruction == golden_dma());
  const Decoded e = decode(kGoldenEnd);
  CHECK(e.error.code == ErrorCode::None);
  CHECK(e.instruction == Instruction::end(Engine::Dma));
}

TEST_CASE("instruction bytes are little-endian words", "[isa][encoding]") {
  const auto bytes = to_bytes(kGoldenDma);
  // Word 0 = 0x1F3F0340: the opcode byte comes first.
  CHECK(bytes[0] == 0x40);
  CHECK(bytes[1] == 0x03);
  CHECK(bytes[2] == 0x3F);
  CHECK(bytes[3] == 0x1F);
  CHECK(bytes[4 * 9 + 3] == 0xFF);  // word 9 = 0xFFFE0008
  CHECK(from_bytes(bytes.data()) == kGoldenDma);
}

// ---------------------------------------------------------------------------------------------
// Random valid instructions.

class RandomInstructions {
 public:
  explicit RandomInstructions(uint64_t salt) : rng_(seeded(salt)) {}

  Instruction next() {
    switch (pick(0, 3)) {
      case 0:
        return Instruction::nop(random_engine(), random_sync());
      case 1:
        return Instruction::end(random_engine(), random_sync());
      case 2:
        return matmul();
      default:
        return dma();
    }
  }

 private:
  uint64_t pick(uint64_t lo, uint64_t hi) {
    return std::uniform_int_distribution<uint64_t>(lo, hi)(rng_);
  }
  Engine random_engine() { return static_cast<Engine>(pick(0, kNumEngines - 1)); }
  Format pe_format() { return tessel::kPeInputFormats[pick(0, 3)]; }
  Format any_format() { return tessel::kAllFormats[pick(0, 4)]; }

  Sync random_sync() {
    Sync s;
    if (pick(0, 1)) s.wait = {static_cast<uint8_t>(pick(0, 31)), uint32_t(pick(0, kMaxWaitValue))};
    if (pick(0, 1)) {
      s.signal = {static_cast<uint8_t>(pick(0, 31)), uint32_t(pick(1, kMaxSignalIncrement))};
    }
    return s;
  }

  // Free dims whose counts multiply to `total` (split over up to three dims), random strides.
  void random_dims(AccessPattern& ap, uint32_t total) {
    uint32_t rest = total;
    for (int d = 0; d < kFreeDims - 1; ++d) {
      uint32_t f = 1;
      for (uint32_t c = static_cast<uint32_t>(pick(1, 8)); c > 1; --c) {
        if (rest % c == 0) {
          f = c;
          break;
        }
      }
      ap.dims[d] = {static_cast<int32_t>(pick(0, 65535)) - 32768, f};
      rest /= f;
    }
    ap.dims[2] = {static_cast<int32_t>(pick(0, 65535)) - 32768, rest};
  }

  AccessPattern on_chip(Space space, Format dtype, uint32_t partitions, uint32_t elements) {
    AccessPattern ap;
    ap.space = space;
    ap.dtype = dtype;
    ap.partition_start = static_cast<uint32_t>(pick(0, 255));
    ap.partition_count = partitions;
    const uint64_t esize = element_bytes(dtype);
    ap.address = pick(0, ((1u << 24) - 1) / esize) * esize;
    random_dims(ap, elements);
    return ap;
  }

  AccessPattern in_dram(Format dtype, uint32_t partitions, uint32_t elements) {
    AccessPattern ap;
    ap.space = Space::Dram;
    ap.dtype = dtype;
    ap.partition_count = partitions;
    const uint64_t esize = element_bytes(dtype);
    ap.address = pick(0, ((uint64_t{1} << 48) - 1) / esize) * esize;
    ap.partition_stride = static_cast<uint32_t>(pick(0, 0xFFFFFFFFu / esize) * esize);
    random_dims(ap, elements);
    return ap;
  }

  Instruction matmul() {
    const uint32_t k = static_cast<uint32_t>(pick(1, 255));
    const uint32_t m = static_cast<uint32_t>(pick(1, 255));
    const uint32_t n = static_cast<uint32_t>(pick(1, 4096));
    MatmulArgs a;
    a.psum = on_chip(Space::Psum, Format::Fp32, m, n);
    a.stationary = on_chip(Space::Sbuf, pe_format(), k, m);
    a.moving = on_chip(Space::Sbuf, pe_format(), k, n);
    a.accumulate = pick(0, 1);
    return Instruction::matmul(a, random_sync());
  }

  Instruction dma() {
    const Format dtype = any_format();
    const uint32_t p = static_cast<uint32_t>(pick(1, 255));
    const uint32_t n = static_cast<uint32_t>(pick(1, 65535));
    const uint64_t kind = pick(0, 2);  // dram->sbuf, sbuf->dram, sbuf->sbuf
    DmaCopyArgs a;
    a.dst = kind == 1 ? in_dram(dtype, p, n) : on_chip(Space::Sbuf, dtype, p, n);
    a.src = kind == 0 ? in_dram(dtype, p, n) : on_chip(Space::Sbuf, dtype, p, n);
    a.queue = static_cast<uint8_t>(pick(0, kNumDmaQueues - 1));
    return Instruction::dma_copy(a, random_sync());
  }

  std::mt19937_64 rng_;
};

TEST_CASE("random valid instructions survive encode -> decode unchanged", "[isa][encoding]") {
  RandomInstructions gen(1);
  constexpr int kCases = 20000;
  int failures = 0;
  for (int i = 0; i < kCases && failures < 5; ++i) {
    const Instruction inst = gen.next();
    const InstructionWords w = encode(inst);
    const Decoded d = decode(w);
    if (d.error.code != ErrorCode::None || !(d.instruction == inst)) {
      ++failures;
      FAIL_CHECK(fmt::format("case {}: {}\n  decode error {}: {}", i, disassemble(inst),
                             error_name(d.error.code), d.error.message));
    }
    // Valid encodings are canonical: the decoded instruction encodes to the same bits.
    if (d.error.ok()) CHECK(encode(d.instruction) == w);
  }
  CHECK(failures == 0);
}

TEST_CASE("decode never throws, and every encoding it accepts is canonical", "[isa][encoding]") {
  // Single-bit mutations of valid instructions reach every field's illegal values near legal
  // ones; fully random words exercise the opcode and reserved-bit checks.
  RandomInstructions gen(2);
  auto rng = seeded(3);
  int accepted = 0;
  int rejected = 0;
  for (int i = 0; i < 20000; ++i) {
    InstructionWords w = encode(gen.next());
    if (i % 4 == 0) {
      for (uint32_t& x : w) x = static_cast<uint32_t>(rng());
    } else {
      const unsigned bit = rng() % (32 * kInstructionWords);
      w[bit / 32] ^= 1u << (bit % 32);
    }
    Decoded d;
    REQUIRE_NOTHROW(d = decode(w));
    if (d.error.ok()) {
      ++accepted;
      REQUIRE(encode(d.instruction) == w);
      REQUIRE_NOTHROW(disassemble(d.instruction));
    } else {
      ++rejected;
      CHECK(!d.error.message.empty());
    }
  }
  // Both outcomes must occur, or the mutation scheme tested nothing.
  CHECK(accepted > 100);
  CHECK(rejected > 100);
}

// ---------------------------------------------------------------------------------------------
// Fields at their extremes.

// An SBUF -> SBUF copy of FP8 elements, so that any byte address is aligned.
Instruction fp8_copy() {
  return Instruction::dma_copy(
      {sbuf(Format::Fp8E4M3, 0, 1, 0, 1), sbuf(Format::Fp8E4M3, 0, 1, 0, 1), 0});
}

Instruction fp8_load() {
  return Instruction::dma_copy(
      {sbuf(Format::Fp8E4M3, 0, 1, 0, 1), dram(Format::Fp8E4M3, 0, 1, 0, 1), 0});
}

Instruction fp8_matmul() {
  return Instruction::matmul({psum(0, 1, 0, 1), sbuf(Format::Fp8E5M2, 0, 1, 0, 1),
                              sbuf(Format::Fp8E5M2, 0, 1, 0, 1), false});
}

DmaCopyArgs& dma_of(Instruction& inst) { return std::get<DmaCopyArgs>(inst.args); }

struct Extreme {
  const char* name;
  std::function<void(Instruction&, bool beyond)> set;  // beyond: one past the largest value
  Instruction base;
  bool has_beyond = true;  // false when the C++ type cannot hold a value beyond the field
};

std::vector<Extreme> extremes() {
  auto both = [](auto f) {
    return [f](Instruction& inst, bool beyond) {
      f(dma_of(inst).dst, beyond);
      f(dma_of(inst).src, beyond);
    };
  };
  return {
      {"wait value",
       [](Instruction& i, bool b) {
         i.sync.wait = {31, kMaxWaitValue + b};
       },
       fp8_copy()},
      {"signal increment",
       [](Instruction& i, bool b) {
         i.sync.signal = {31, kMaxSignalIncrement + b};
       },
       fp8_copy()},
      {"semaphore id",
       [](Instruction& i, bool b) {
         i.sync.wait = {uint8_t(b ? 64 : 31), 1};
       },
       fp8_copy()},
      // In a MATMUL the offset has 24 bits; a DMA slot could carry more in its DRAM extension,
      // which decode rejects for SBUF (see the illegal encodings).
      {"sbuf offset",
       [](Instruction& i, bool b) {
         std::get<MatmulArgs>(i.args).moving.address = (1u << 24) - 1 + b;
       },
       fp8_matmul()},
      {"dram address",
       [](Instruction& i, bool b) { dma_of(i).src.address = (uint64_t{1} << 48) - 1 + b; },
       fp8_load()},
      {"partition stride",
       [](Instruction& i, bool) { dma_of(i).src.partition_stride = 0xFFFFFFFFu; }, fp8_load(),
       false},
      {"partition start", both([](AccessPattern& ap, bool b) { ap.partition_start = 255 + b; }),
       fp8_copy()},
      {"partition count", both([](AccessPattern& ap, bool b) { ap.partition_count = 255 + b; }),
       fp8_copy()},
      {"dim count", both([](AccessPattern& ap, bool b) {
         for (Dim& d : ap.dims) d.count = 65535 + b;
       }),
       fp8_copy()},
      {"largest stride", both([](AccessPattern& ap, bool b) {
         for (Dim& d : ap.dims) d.stride = 32767 + b;
       }),
       fp8_copy()},
      {"smallest stride", both([](AccessPattern& ap, bool b) {
         for (Dim& d : ap.dims) d.stride = -32768 - b;
       }),
       fp8_copy()},
      {"queue", [](Instruction& i, bool b) { dma_of(i).queue = uint8_t(kNumDmaQueues - 1 + b); },
       fp8_copy()},
  };
}

TEST_CASE("every field round-trips at its extreme and rejects one beyond", "[isa][encoding]") {
  for (const Extreme& x : extremes()) {
    INFO(x.name);
    Instruction at_max = x.base;
    x.set(at_max, false);
    InstructionWords w{};
    REQUIRE_NOTHROW(w = encode(at_max));
    const Decoded d = decode(w);
    CHECK(d.error.code == ErrorCode::None);
    CHECK(d.instruction == at_max);
    if (!x.has_beyond) continue;
    Instruction beyond = x.base;
    x.set(beyond, true);
    CHECK_THROWS_AS(encode(beyond), EncodeError);
  }
}

TEST_CASE("the accumulate flag round-trips; operands must match the opcode", "[isa][encoding]") {
  for (bool acc : {false, true}) {
    Instruction inst = golden_matmul();
    std::get<MatmulArgs>(inst.args).accumulate = acc;
    CHECK(decode(encode(inst)).instruction == inst);
  }
  // Operands that do not belong to the opcode cannot be encoded.
  Instruction wrong = golden_matmul();
  wrong.opcode = Opcode::DmaCopy;
  CHECK_THROWS_AS(encode(wrong), EncodeError);
  Instruction missing = Instruction::nop(Engine::Tensor);
  missing.opcode = Opcode::Matmul;
  CHECK_THROWS_AS(encode(missing), EncodeError);
}

TEST_CASE("encode errors name the instruction and the field", "[isa][encoding]") {
  Instruction inst = golden_matmul();
  std::get<MatmulArgs>(inst.args).moving.dims[1].count = 70000;
  CHECK_THROWS_WITH(encode(inst), ContainsSubstring("matmul") &&
                                      ContainsSubstring("moving.dims[1].count = 70000"));
  Instruction dram_in_matmul = golden_matmul();
  std::get<MatmulArgs>(dram_in_matmul.args).stationary.partition_stride = 64;
  CHECK_THROWS_WITH(encode(dram_in_matmul),
                    ContainsSubstring("stationary") && ContainsSubstring("partition stride"));
}

// ---------------------------------------------------------------------------------------------
// Illegal encodings: each kind and the code the hardware reports. Raw bit edits use word and
// bit positions from docs/isa.md.

struct Illegal {
  const char* name;
  ErrorCode code;
  InstructionWords words;
};

InstructionWords with_bits(InstructionWords w, int word, uint32_t set) {
  w[word] |= set;
  return w;
}

InstructionWords replaced(InstructionWords w, int word, uint32_t mask, uint32_t value) {
  w[word] = (w[word] & ~mask) | value;
  return w;
}

template <typename F>
InstructionWords matmul_with(F&& edit) {
  Instruction inst = golden_matmul();
  edit(std::get<MatmulArgs>(inst.args), inst.sync);
  return encode(inst);
}

template <typename F>
InstructionWords dma_with(F&& edit) {
  Instruction inst = golden_dma();
  edit(std::get<DmaCopyArgs>(inst.args), inst.sync);
  return encode(inst);
}

std::vector<Illegal> illegal_encodings() {
  const ErrorCode kOp = ErrorCode::IllegalOpcode;
  const ErrorCode kField = ErrorCode::BadField;
  const ErrorCode kSem = ErrorCode::SemaphoreMisuse;
  const ErrorCode kShape = ErrorCode::ShapeMismatch;
  const InstructionWords mm = kGoldenMatmul;
  const InstructionWords dma = kGoldenDma;
  const InstructionWords end = kGoldenEnd;
  return {
      // Opcodes (word 0 bits 7:0).
      {"opcode 0x02", kOp, replaced(end, 0, 0xFF, 0x02)},
      {"opcode 0x11", kOp, replaced(mm, 0, 0xFF, 0x11)},
      {"vector opcode 0x20 (reserved)", kOp, replaced(mm, 0, 0xFF, 0x20)},
      {"scalar opcode 0x30 (reserved)", kOp, replaced(mm, 0, 0xFF, 0x30)},
      {"opcode 0xFF", kOp, replaced(dma, 0, 0xFF, 0xFF)},
      // Reserved header bits: word 0 bits 23:22 and 31:30, flags 15:13 (matmul), 15:12 (others).
      {"word 0 bit 22", kField, with_bits(mm, 0, 1u << 22)},
      {"word 0 bit 31", kField, with_bits(dma, 0, 1u << 31)},
      {"matmul flag bit 13", kField, with_bits(mm, 0, 1u << 13)},
      {"dma flag bit 12", kField, with_bits(dma, 0, 1u << 12)},
      {"end flag bit 12", kField, with_bits(end, 0, 1u << 12)},
      // Reserved operand bits.
      {"end with an operand word", kField, with_bits(end, 5, 1)},
      {"end with word 15", kField, with_bits(end, 15, 1u << 31)},
      {"operand body bits 31:30", kField, with_bits(mm, 6, 1u << 30)},
      {"matmul word 15 bits 31:16", kField, with_bits(mm, 15, 1u << 16)},
      {"dma word 15 bits 15:0", kField, with_bits(dma, 15, 1)},
      {"dma word 15 bits 31:20", kField, with_bits(dma, 15, 1u << 20)},
      {"dma extension bits 31:24", kField, with_bits(dma, 12, 1u << 24)},
      // Engines (word 0 bits 11:8).
      {"engine 4", kField, replaced(end, 0, 0xF00, 0x400)},
      {"engine 15", kField, replaced(end, 0, 0xF00, 0xF00)},
      {"matmul on the dma engine", kField, replaced(mm, 0, 0xF00, 0x300)},
      {"dma_copy on the vector engine", kField, replaced(dma, 0, 0xF00, 0x100)},
      // Operand fields.
      {"space 3", kField, replaced(mm, 2, 0x30000000, 0x30000000)},
      {"dtype 5", kField, replaced(mm, 6, 0x0F000000, 0x05000000)},
      {"dtype 15", kField, replaced(dma, 2, 0x0F000000, 0x0F000000)},
      {"psum operand in sbuf", kField,
       matmul_with([](MatmulArgs& a, Sync&) { a.psum.space = Space::Sbuf; })},
      {"stationary in psum", kField,
       matmul_with([](MatmulArgs& a, Sync&) { a.stationary.space = Space::Psum; })},
      {"moving in dram", kField,
       matmul_with([](MatmulArgs& a, Sync&) { a.moving.space = Space::Dram; })},
      {"fp32 stationary", kField, matmul_with([](MatmulArgs& a, Sync&) {
         a.stationary.dtype = Format::Fp32;
         a.stationary.address = 0x100;
       })},
      {"bf16 psum", kField, matmul_with([](MatmulArgs& a, Sync&) { a.psum.dtype = Format::Bf16; })},
      {"dma into psum", kField, dma_with([](DmaCopyArgs& a, Sync&) { a.dst.space = Space::Psum; })},
      {"dram -> dram", kField, dma_with([](DmaCopyArgs& a, Sync&) {
         a.dst = a.src;
         a.dst.dims[2].stride = 1;
       })},
      {"partition count 0", kField, replaced(mm, 14, 0xFF00, 0)},
      {"dim count 0", kField, replaced(mm, 11, 0xFFFF, 0)},
      {"dram partition start", kField, replaced(dma, 14, 0x00FF0000, 0x00010000)},
      {"dram partition stride not element-aligned", kField, replaced(dma, 13, ~0u, 0x101)},
      {"dram address not element-aligned", kField, replaced(dma, 6, 0xFFFFFF, 0x012341)},
      {"sbuf offset not element-aligned", kField, replaced(mm, 6, 0xFFFFFF, 0x101)},
      {"sbuf operand with a dram address extension", kField, replaced(dma, 10, ~0u, 1)},
      {"sbuf operand with a partition stride", kField, replaced(dma, 11, ~0u, 2)},
      // Semaphores: ids in word 0 (wait 21:16, signal 29:24), wait value / increment in word 1.
      {"wait semaphore 32", kSem, replaced(mm, 0, 0x3F0000, 32u << 16)},
      {"wait semaphore 62", kSem, replaced(mm, 0, 0x3F0000, 62u << 16)},
      {"signal semaphore 40", kSem, replaced(mm, 0, 0x3F000000, 40u << 24)},
      {"wait value without a semaphore", kSem, replaced(dma, 1, 0xFFFFFF, 5)},
      {"increment without a semaphore", kSem, replaced(end, 1, 0xFF000000, 1u << 24)},
      {"signal with increment 0", kSem, replaced(mm, 1, 0xFF000000, 0)},
      // Shapes.
      {"matmul K differs", kShape,
       matmul_with([](MatmulArgs& a, Sync&) { a.moving.partition_count = 15; })},
      {"matmul M differs", kShape,
       matmul_with([](MatmulArgs& a, Sync&) { a.stationary.dims[2].count = 8; })},
      {"matmul N differs", kShape,
       matmul_with([](MatmulArgs& a, Sync&) { a.moving.dims[1].count = 2; })},
      {"dma dtypes differ", kShape,
       dma_with([](DmaCopyArgs& a, Sync&) { a.dst.dtype = Format::Bf16; })},
      {"dma partitions differ", kShape,
       dma_with([](DmaCopyArgs& a, Sync&) { a.dst.partition_count = 3; })},
      {"dma elements differ", kShape,
       dma_with([](DmaCopyArgs& a, Sync&) { a.src.dims[0].count = 2; })},
  };
}

TEST_CASE("each kind of illegal encoding decodes to its error code", "[isa][decode]") {
  for (const Illegal& x : illegal_encodings()) {
    INFO(x.name);
    Decoded d;
    REQUIRE_NOTHROW(d = decode(x.words));
    CHECK(d.error.code == x.code);
    CHECK(!d.error.message.empty());
    // The configuration-aware check reports the same code: decode faults come first.
    CHECK(hardware_error(x.words, small_hw()).code == x.code);
  }
}

TEST_CASE("a sequencer rejects another engine's instruction", "[isa][decode]") {
  CHECK(decode(kGoldenMatmul, Engine::Tensor).error.code == ErrorCode::None);
  const Decoded d = decode(kGoldenMatmul, Engine::Dma);
  CHECK(d.error.code == ErrorCode::BadField);
  CHECK_THAT(d.error.message, ContainsSubstring("dma stream"));
  CHECK(decode(kGoldenEnd, Engine::Dma).error.code == ErrorCode::None);
  CHECK(decode(kGoldenEnd, Engine::Scalar).error.code == ErrorCode::BadField);
}

// ---------------------------------------------------------------------------------------------
// Faults that depend on the configuration.

struct ConfigFault {
  const char* name;
  ErrorCode code;
  Instruction inst;
  HwConfig hw;
};

Instruction mm(const AccessPattern& p, const AccessPattern& s, const AccessPattern& m) {
  return Instruction::matmul({p, s, m, false});
}

Instruction copy(const AccessPattern& dst, const AccessPattern& src) {
  return Instruction::dma_copy({dst, src, 0});
}

std::vector<ConfigFault> config_faults() {
  const ErrorCode kRange = ErrorCode::AddressOutOfRange;
  const ErrorCode kShape = ErrorCode::ShapeMismatch;
  const Format bf = Format::Bf16;
  AccessPattern backwards = sbuf(bf, 0, 4, 0x10, 16);
  backwards.dims[2].stride = -1;  // 16 elements walking down from byte 0x10: below 0
  AccessPattern dram_backwards = dram(bf, 0x10, 4, 0x100, 16);
  dram_backwards.dims[2].stride = -1;
  return {
      // tiny: 4 rows, 4 cols, 4 KiB SBUF, banks of 256 B (64 entries).
      {"K = 5 > 4 rows", kShape,
       mm(psum(0, 4, 0, 8), sbuf(bf, 0, 5, 0, 4), sbuf(bf, 0, 5, 0x100, 8)), tiny_hw()},
      {"M = 5 > 4 cols", kShape,
       mm(psum(0, 5, 0, 8), sbuf(bf, 0, 4, 0, 5), sbuf(bf, 0, 4, 0x100, 8)), tiny_hw()},
      {"N = 65 > 64 bank entries", kShape,
       mm(psum(0, 4, 0, 65), sbuf(bf, 0, 4, 0, 4), sbuf(bf, 0, 4, 0x100, 65)), tiny_hw()},
      {"sbuf partitions [2, 6)", kRange,
       mm(psum(0, 4, 0, 8), sbuf(bf, 2, 4, 0, 4), sbuf(bf, 0, 4, 0x100, 8)), tiny_hw()},
      {"psum partitions [1, 5)", kRange,
       mm(psum(1, 4, 0, 8), sbuf(bf, 0, 4, 0, 4), sbuf(bf, 0, 4, 0x100, 8)), tiny_hw()},
      {"sbuf bytes past 4 KiB", kRange,
       mm(psum(0, 4, 0, 8), sbuf(bf, 0, 4, 4096 - 6, 4), sbuf(bf, 0, 4, 0x100, 8)), tiny_hw()},
      {"psum crossing banks 0 and 1", kRange,
       mm(psum(0, 4, 0xF0, 8), sbuf(bf, 0, 4, 0, 4), sbuf(bf, 0, 4, 0x100, 8)), tiny_hw()},
      {"psum past the last bank", kRange,
       mm(psum(0, 4, 8 * 256, 8), sbuf(bf, 0, 4, 0, 4), sbuf(bf, 0, 4, 0x100, 8)), tiny_hw()},
      {"sbuf walking below byte 0", kRange, copy(backwards, dram(bf, 0, 4, 64, 16)), tiny_hw()},
      {"dram past 1 MiB", kRange,
       copy(sbuf(bf, 0, 4, 0, 16), dram(bf, (1u << 20) - 3 * 64 - 30, 4, 64, 16)), tiny_hw()},
      {"dram walking below address 0", kRange, copy(sbuf(bf, 0, 4, 0, 16), dram_backwards),
       tiny_hw()},
  };
}

TEST_CASE("configuration faults: engine limits and addresses out of range", "[isa][check]") {
  for (const ConfigFault& x : config_faults()) {
    INFO(x.name);
    const InstructionWords w = encode(x.inst);
    REQUIRE(decode(w).error.code == ErrorCode::None);
    const Diagnostic d = hardware_error(w, x.hw);
    CHECK(d.code == x.code);
    CHECK(!d.message.empty());
  }
}

TEST_CASE("the largest legal tiles of a configuration pass", "[isa][check]") {
  const HwConfig hw = tiny_hw();
  const Format bf = Format::Bf16;
  // K = 4, M = 4, N = 64 in the last bank; stationary and moving end exactly at 4 KiB.
  const Instruction ok = mm(psum(0, 4, 7 * 256, 64), sbuf(bf, 0, 4, 4096 - 8 - 128, 4),
                            sbuf(bf, 0, 4, 4096 - 128, 64));
  CHECK(hardware_error(encode(ok), hw).code == ErrorCode::None);
  // The last byte of device memory.
  const Instruction last =
      copy(sbuf(Format::Fp8E5M2, 0, 1, 0, 1), dram(Format::Fp8E5M2, (1u << 20) - 1, 1, 0, 1));
  CHECK(hardware_error(encode(last), hw).code == ErrorCode::None);
}

TEST_CASE("several faults: the hardware reports the highest-priority one", "[isa][check]") {
  const HwConfig hw = tiny_hw();
  const Format bf = Format::Bf16;
  // Out of range (partitions [2, 6)) and K mismatch: ShapeMismatch wins.
  Instruction shape_and_range =
      mm(psum(0, 4, 0, 8), sbuf(bf, 2, 4, 0, 4), sbuf(bf, 0, 3, 0x100, 8));
  CHECK(hardware_error(encode(shape_and_range), hw).code == ErrorCode::ShapeMismatch);
  // ...plus a bad semaphore: SemaphoreMisuse wins.
  Instruction sem = shape_and_range;
  sem.sync.signal = {45, 1};
  CHECK(hardware_error(encode(sem), hw).code == ErrorCode::SemaphoreMisuse);
  // ...plus an FP32 stationary: BadField wins.
  Instruction field = sem;
  std::get<MatmulArgs>(field.args).stationary.dtype = Format::Fp32;
  CHECK(hardware_error(encode(field), hw).code == ErrorCode::BadField);
  // ...plus an undefined opcode: IllegalOpcode wins.
  InstructionWords op = encode(field);
  op[0] = (op[0] & ~0xFFu) | 0x21;
  CHECK(hardware_error(op, hw).code == ErrorCode::IllegalOpcode);
}

TEST_CASE("access patterns walk their elements in element order", "[isa][ap]") {
  // bf16, partitions 2..3, dims [[8,2],[-1,3]] from byte 0x10: offsets 0, -1, -2, 8, 7, 6
  // elements, i.e. bytes 0x10, 0x0e, 0x0c, 0x20, 0x1e, 0x1c in each partition.
  AccessPattern on_chip = sbuf(Format::Bf16, 2, 2, 0x10, 3);
  on_chip.dims[1] = {8, 2};
  on_chip.dims[2] = {-1, 3};
  std::vector<std::pair<uint32_t, int64_t>> seen;
  for_each_element(on_chip, [&](uint32_t p, int64_t a) { seen.emplace_back(p, a); });
  const std::vector<std::pair<uint32_t, int64_t>> expected = {
      {2, 0x10}, {2, 0x0e}, {2, 0x0c}, {2, 0x20}, {2, 0x1e}, {2, 0x1c},
      {3, 0x10}, {3, 0x0e}, {3, 0x0c}, {3, 0x20}, {3, 0x1e}, {3, 0x1c}};
  CHECK(seen == expected);
  CHECK(byte_range(on_chip).lo == 0x0c);
  CHECK(byte_range(on_chip).hi == 0x22);
  // fp32 in DRAM: 3 partitions 0x100 bytes apart, 2 elements 2 apart, from 0x1000.
  AccessPattern in_dram = dram(Format::Fp32, 0x1000, 3, 0x100, 2);
  in_dram.dims[2].stride = 2;
  seen.clear();
  for_each_element(in_dram, [&](uint32_t p, int64_t a) { seen.emplace_back(p, a); });
  CHECK(seen == std::vector<std::pair<uint32_t, int64_t>>{
                    {0, 0x1000}, {0, 0x1008}, {1, 0x1100}, {1, 0x1108}, {2, 0x1200}, {2, 0x1208}});
  CHECK(byte_range(in_dram).lo == 0x1000);
  CHECK(byte_range(in_dram).hi == 0x120C);
}

TEST_CASE("error codes have the values shared with the RTL", "[isa]") {
  // docs/isa.md, "Error codes": the error register reads these numbers.
  CHECK(static_cast<int>(ErrorCode::None) == 0);
  CHECK(static_cast<int>(ErrorCode::IllegalOpcode) == 1);
  CHECK(static_cast<int>(ErrorCode::BadField) == 2);
  CHECK(static_cast<int>(ErrorCode::AddressOutOfRange) == 3);
  CHECK(static_cast<int>(ErrorCode::SemaphoreMisuse) == 4);
  CHECK(static_cast<int>(ErrorCode::AxiError) == 5);
  CHECK(static_cast<int>(ErrorCode::ShapeMismatch) == 6);
  CHECK(error_name(ErrorCode::AxiError) == "AxiError");
}

}  // namespace
