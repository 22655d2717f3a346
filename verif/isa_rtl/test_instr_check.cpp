// The RTL instruction checker (rtl/isa/instr_check.sv, top verif/isa_rtl/tb/instr_check_tb_top.sv)
// against the ISA library: for every instruction word the RTL's error code must equal
// isa::hardware_error(words, hw, stream engine), and its decoded fields must equal isa::decode()'s
// (which unpacks the fields of faulty instructions too).
//
// Stimulus, all from Catch2's seed: encodable instructions built for this configuration with
// every shape and address biased towards its limits (partition ranges ending at the last
// partition and one past, byte ranges ending at the partition, bank or DRAM end and one element
// past, negative strides reaching byte 0 and byte -1, K/M/N at the engine limits and one over);
// single-bit flips of those (every bit of every word in turn); rewrites of one field with an
// edge or random value; and random words. The run must reach every error code the checker can
// report, every fault the range and limit checks can find, and every stream engine, or the
// stimulus did not test what it claims to.
#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <fmt/format.h>
#include <catch2/catch_test_macros.hpp>

#include "../isa/isa_test_util.h"
#include "Vinstr_check_tb_top.h"
#include "harness/port_bits.h"
#include "harness/sim_harness.h"
#include "isa/access_pattern.h"
#include "isa/encoding.h"
#include "isa/hw_config_generated.h"
#include "isa/layout.h"
#include "isa/validate.h"

namespace tessel {
namespace {

using namespace isa;
using layout::Field;
using sim::get_lane;

// instr_check's DramBytes default (the tb top keeps it): isa::kDefaultDramBytes.
const HwConfig kHw = generated_hw_config(kDefaultDramBytes);

constexpr int kMaxReported = 10;  // mismatches printed in full before the rest are only counted

std::string hex_words(const InstructionWords& w) {
  std::string s;
  for (int i = 0; i < kInstructionWords; ++i) s += fmt::format("{}{:08x}", i ? " " : "", w[i]);
  return s;
}

// ---------------------------------------------------------------------------------------------
// The DUT and the comparison with the ISA library.

class CheckerBench {
 public:
  CheckerBench() : sim_("instr_check") {}

  // Checks one instruction word in one stream; returns the reference diagnostic.
  Diagnostic run(const InstructionWords& w, Engine stream) {
    auto& d = sim_.dut();
    for (int i = 0; i < kInstructionWords; ++i) d.words_i[i] = w[i];
    d.stream_engine_i = static_cast<uint8_t>(stream);
    sim_.eval();
    const Diagnostic want = hardware_error(w, kHw, stream);
    const auto got = static_cast<ErrorCode>(d.error_o);
    ++codes_[want.code];
    ++streams_[stream];
    std::string why;
    if (got != want.code) {
      why = fmt::format("error {} ({}), expected {}: {}", error_name(got), unsigned(d.error_o),
                        error_name(want.code), want.message);
    } else {
      // decode() unpacks every field even when it reports a fault, and so does instr_o.
      why = decode_mismatch(decode(w, stream).instruction);
    }
    if (!why.empty()) report(w, stream, why);
    return want;
  }

  int mismatches() const { return mismatches_; }
  const std::map<ErrorCode, uint64_t>& codes() const { return codes_; }
  const std::map<Engine, uint64_t>& streams() const { return streams_; }

 private:
  void report(const InstructionWords& w, Engine stream, const std::string& why) {
    if (++mismatches_ > kMaxReported) return;
    FAIL_CHECK(fmt::format("{} stream, words {}\n  {}", engine_name(stream), hex_words(w), why));
  }

  // The first field of instr_o that differs from the C++ decoder's, or "".
  std::string decode_mismatch(const Instruction& inst) {
    const auto& d = sim_.dut();
    std::string diff;
    auto expect = [&](const std::string& name, uint64_t got, uint64_t want) {
      if (diff.empty() && got != want) {
        diff = fmt::format("instr_o.{} = {:#x}, decode() says {:#x}", name, got, want);
      }
    };
    expect("opcode", d.opcode_o, static_cast<uint64_t>(inst.opcode));
    expect("engine", d.engine_o, static_cast<uint64_t>(inst.engine));
    expect("wait_sem", d.wait_sem_o, inst.sync.wait.sem);
    expect("wait_value", d.wait_value_o, inst.sync.wait.value);
    expect("signal_sem", d.signal_sem_o, inst.sync.signal.sem);
    expect("signal_inc", d.signal_inc_o, inst.sync.signal.increment);
    auto expect_ap = [&](int s, const AccessPattern& ap) {
      const std::string slot = fmt::format("ap[{}].", s);
      expect(slot + "space", get_lane(d.space_o, s, 2), static_cast<uint64_t>(ap.space));
      expect(slot + "dtype", get_lane(d.dtype_o, s, 4), static_cast<uint64_t>(ap.dtype));
      expect(slot + "addr", get_lane(d.addr_o, s, 48), ap.address);
      expect(slot + "part_start", get_lane(d.part_start_o, s, 8), ap.partition_start);
      expect(slot + "part_count", get_lane(d.part_count_o, s, 8), ap.partition_count);
      expect(slot + "part_stride", get_lane(d.part_stride_o, s, 32), ap.partition_stride);
      for (int i = 0; i < kFreeDims; ++i) {
        const unsigned lane = kFreeDims * s + i;
        expect(fmt::format("{}dims[{}].count", slot, i), get_lane(d.count_o, lane, 16),
               ap.dims[i].count);
        expect(fmt::format("{}dims[{}].stride", slot, i), get_lane(d.stride_o, lane, 16),
               static_cast<uint16_t>(ap.dims[i].stride));
      }
    };
    if (const auto* mm = std::get_if<MatmulArgs>(&inst.args)) {
      expect("flags[0] (accumulate)", d.flags_o & 1u, mm->accumulate ? 1 : 0);
      expect_ap(layout::kMatmulPsumSlot, mm->psum);
      expect_ap(layout::kMatmulStationarySlot, mm->stationary);
      expect_ap(layout::kMatmulMovingSlot, mm->moving);
    } else if (const auto* dma = std::get_if<DmaCopyArgs>(&inst.args)) {
      expect("dma_queue", d.queue_o, dma->queue);
      expect_ap(layout::kDmaDstSlot, dma->dst);
      expect_ap(layout::kDmaSrcSlot, dma->src);
    }
    return diff;
  }

  sim::Harness<Vinstr_check_tb_top> sim_;
  int mismatches_ = 0;
  std::map<ErrorCode, uint64_t> codes_;
  std::map<Engine, uint64_t> streams_;
};

// ---------------------------------------------------------------------------------------------
// Encodable instructions for this configuration, biased towards its limits.

class LimitStimulus {
 public:
  explicit LimitStimulus(uint64_t salt) : rng_(test::seeded(salt)) {}

  uint64_t pick(uint64_t lo, uint64_t hi) {
    return std::uniform_int_distribution<uint64_t>(lo, hi)(rng_);
  }
  bool percent(unsigned p) { return pick(0, 99) < p; }
  std::mt19937_64& rng() { return rng_; }

  // The stream the instruction is checked in: mostly its own engine, sometimes another.
  Engine stream_for(const Instruction& inst) {
    return inside_ || percent(90) ? inst.engine : static_cast<Engine>(pick(0, kNumEngines - 1));
  }

  // Half the instructions are built to stay inside every limit (reaching them but never one
  // past), so that legal instructions near the edges are frequent; the other half may cross.
  Instruction next() {
    inside_ = percent(50);
    const uint64_t kind = pick(0, 19);
    if (kind < 2) return Instruction::nop(random_engine(), sync());
    if (kind < 4) return Instruction::end(random_engine(), sync());
    return kind < 12 ? matmul() : dma();
  }

 private:
  Engine random_engine() { return static_cast<Engine>(pick(0, kNumEngines - 1)); }

  // A size near `limit`: 1, limit - 1, limit, limit + 1 (not inside) or anything in
  // [1, limit], within [1, max].
  uint64_t near(uint64_t limit, uint64_t max) {
    const uint64_t choices[] = {
        1, limit - 1, limit, inside_ ? limit : limit + 1, pick(1, limit), pick(1, limit)};
    return std::clamp<uint64_t>(choices[pick(0, 5)], 1, max);
  }

  // An edge offset: -1, 0 or +1 (elements or partitions past a limit).
  int64_t nudge() { return static_cast<int64_t>(pick(0, 2)) - 1; }
  // How far past an upper limit, and before a lower one (as an offset), to place an operand.
  int64_t over() { return inside_ ? -static_cast<int64_t>(pick(0, 1)) : nudge(); }
  int64_t under() { return inside_ ? static_cast<int64_t>(pick(0, 1)) : nudge(); }
  // A random multiple of `step` in [lo, hi], or lo when the interval is empty.
  int64_t between(int64_t lo, int64_t hi, int64_t step) {
    return hi <= lo ? lo : lo + static_cast<int64_t>(pick(0, (hi - lo) / step)) * step;
  }

  Sync sync() {
    Sync s;
    if (percent(40)) s.wait = {static_cast<uint8_t>(pick(0, 31)), uint32_t(pick(0, kMaxWaitValue))};
    if (percent(40)) {
      s.signal = {static_cast<uint8_t>(pick(0, 31)), uint32_t(pick(1, kMaxSignalIncrement))};
    }
    return s;
  }

  // Counts multiplying to `total` over the three dims (a random divisor split, in random order)
  // and strides that are packed, reversed, small, extreme or random.
  void dims(AccessPattern& ap, uint64_t total) {
    std::array<uint64_t, kFreeDims> c{1, 1, 1};
    uint64_t rest = total;
    for (int d = 0; d < kFreeDims - 1; ++d) {
      for (int tries = 0; tries < 4; ++tries) {
        const uint64_t f = pick(1, std::min<uint64_t>(rest, 64));
        if (rest % f == 0) {
          c[d] = f;
          break;
        }
      }
      // The middle dim takes whatever the last one cannot hold (counts are 16-bit fields).
      for (uint64_t f = (rest + 65534) / 65535; d == 1 && rest > 65535 && f <= 65535; ++f) {
        if (rest % f == 0) {
          c[d] = f;
          break;
        }
      }
      rest /= c[d];
    }
    // A total with no split (a large prime factor) is cut: a shape fault, which is rare.
    c[kFreeDims - 1] = std::min<uint64_t>(rest, 65535);
    std::shuffle(c.begin(), c.end(), rng_);
    const uint64_t style = pick(0, 9);
    int64_t packed = 1;  // the stride a packed dim has: the product of the inner counts
    for (int d = kFreeDims - 1; d >= 0; --d) {
      int64_t stride = 0;
      if (style < 4) {
        stride = packed;
      } else if (style < 6) {
        stride = -packed;
      } else if (style < 8) {
        stride = static_cast<int64_t>(pick(0, 8)) - 4;
      } else if (style == 8) {
        static constexpr int64_t kExtreme[] = {-32768, -32767, 32767, 0, 1, -1};
        stride = kExtreme[pick(0, 5)];
      } else {
        stride = static_cast<int64_t>(pick(0, 65535)) - 32768;
      }
      ap.dims[d] = {static_cast<int32_t>(std::clamp<int64_t>(stride, -32768, 32767)),
                    static_cast<uint32_t>(c[d])};
      packed *= static_cast<int64_t>(c[d]);
    }
  }

  // Places an on-chip pattern: partitions ending at the last one (or one past) or anywhere, and
  // bytes ending at the partition or PSUM bank end, starting at its start, or anywhere, give or
  // take one element. The address stays encodable (24 bits, aligned).
  void place_on_chip(AccessPattern& ap) {
    const uint32_t parts = kHw.partitions(ap.space);
    const int64_t count = ap.partition_count;
    int64_t start = static_cast<int64_t>(pick(0, 255));
    if (inside_ || percent(70)) {
      start = percent(50) ? parts - count + over() : between(0, parts - (inside_ ? count : 0), 1);
    }
    ap.partition_start = static_cast<uint32_t>(std::clamp<int64_t>(start, 0, 255));

    const int64_t esize = element_bytes(ap.dtype);
    ap.address = 0;
    const ByteRange r = byte_range(ap);  // relative to address 0
    int64_t lo_limit = 0;
    int64_t hi_limit = static_cast<int64_t>(kHw.partition_bytes(ap.space));
    if (ap.space == Space::Psum && percent(70)) {
      lo_limit = static_cast<int64_t>(pick(0, kHw.psum_banks - 1) * kHw.psum_bank_bytes);
      hi_limit = lo_limit + kHw.psum_bank_bytes;
    }
    int64_t address = 0;
    switch (pick(0, 3)) {
      case 0:
        address = hi_limit - r.hi + over() * esize;
        break;
      case 1:
        address = lo_limit - r.lo + under() * esize;
        break;
      default:
        address = inside_ ? between(lo_limit - r.lo, hi_limit - r.hi, esize)
                          : between(0, hi_limit, esize);
        break;
    }
    constexpr int64_t kMaxOffset = (int64_t{1} << 24) - 4;  // aligned for every element size
    ap.address = static_cast<uint64_t>(std::clamp<int64_t>(address, 0, kMaxOffset));
  }

  // A DRAM pattern: partition stride 0, packed, or random; bytes ending at the DRAM end or
  // starting at 0 (give or take one element), or anywhere in the 48-bit space.
  void place_in_dram(AccessPattern& ap) {
    const uint64_t esize = element_bytes(ap.dtype);
    ap.partition_start = 0;
    ap.address = 0;
    const uint64_t row = byte_range(ap).hi;  // one partition's packed extent
    const int64_t e = static_cast<int64_t>(esize);
    const int64_t max_stride = inside_ ? 0x10000 * e : 0xFFFFFFFC;
    switch (pick(0, 3)) {
      case 0:
        ap.partition_stride = 0;
        break;
      case 1:
        ap.partition_stride = static_cast<uint32_t>(std::min<uint64_t>(row, 0xFFFFFFFC));
        break;
      default:
        ap.partition_stride = static_cast<uint32_t>(between(0, max_stride, e));
    }
    const ByteRange r = byte_range(ap);
    const auto dram = static_cast<int64_t>(kHw.dram_bytes);
    int64_t address = 0;
    switch (pick(0, 3)) {
      case 0:
        address = dram - r.hi + over() * e;
        break;
      case 1:
        address = -r.lo + under() * e;
        break;
      default:
        address = inside_ ? between(-r.lo, dram - r.hi, e) : between(0, (int64_t{1} << 48) - e, e);
        break;
    }
    ap.address = static_cast<uint64_t>(std::clamp<int64_t>(address, 0, (int64_t{1} << 48) - 4));
  }

  AccessPattern operand(Space space, Format dtype, uint64_t partitions, uint64_t elements) {
    AccessPattern ap;
    ap.space = space;
    ap.dtype = dtype;
    ap.partition_count = static_cast<uint32_t>(partitions);
    dims(ap, elements);
    if (space == Space::Dram) {
      place_in_dram(ap);
    } else {
      place_on_chip(ap);
    }
    return ap;
  }

  // Mostly matching shapes; sometimes one operand's size is off by one (ShapeMismatch).
  uint64_t maybe_off(uint64_t v, uint64_t max) {
    return !inside_ && percent(5) ? std::clamp<uint64_t>(v + nudge(), 1, max) : v;
  }

  Format pe_format() { return kPeInputFormats[pick(0, 3)]; }

  Instruction matmul() {
    const uint64_t k = near(kHw.rows, 255);
    const uint64_t m = near(kHw.cols, 255);
    const uint64_t n = near(kHw.psum_bank_entries(), 65535);
    MatmulArgs a;
    a.psum = operand(Space::Psum, Format::Fp32, maybe_off(m, 255), n);
    a.stationary = operand(Space::Sbuf, pe_format(), k, maybe_off(m, 65535));
    a.moving = operand(Space::Sbuf, pe_format(), maybe_off(k, 255), maybe_off(n, 65535));
    a.accumulate = percent(50);
    return Instruction::matmul(a, sync());
  }

  Instruction dma() {
    const Format dtype = kAllFormats[pick(0, 4)];
    const uint64_t p = near(kHw.rows, 255);
    // Elements per partition up to about one SBUF partition, and sometimes far more.
    const uint64_t sbuf_elems = kHw.sbuf_bytes_per_partition / element_bytes(dtype);
    const uint64_t n = inside_ || percent(90) ? near(std::min<uint64_t>(sbuf_elems, 65535), 65535)
                                              : pick(1, 16) * pick(1, 65535);
    static constexpr std::array<std::pair<Space, Space>, 5> kKinds{{
        {Space::Sbuf, Space::Dram},
        {Space::Dram, Space::Sbuf},
        {Space::Sbuf, Space::Sbuf},
        {Space::Dram, Space::Psum},
        {Space::Sbuf, Space::Psum},
    }};
    const auto [dst, src] = kKinds[pick(0, kKinds.size() - 1)];
    const Format src_dtype = !inside_ && percent(3) ? kAllFormats[pick(0, 4)] : dtype;
    DmaCopyArgs a;
    a.dst = operand(dst, dtype, p, n);
    a.src = operand(src, src_dtype, maybe_off(p, 255), maybe_off(n, 1u << 20));
    a.queue = static_cast<uint8_t>(pick(0, kNumDmaQueues - 1));
    return Instruction::dma_copy(a, sync());
  }

  std::mt19937_64 rng_;
  bool inside_ = false;
};

constexpr uint64_t kDefinedOpcodes[] = {0x00, 0x01, 0x10, 0x40};  // NOP, END, MATMUL, DMA_COPY

// Every field of the layout, to rewrite one at a time.
std::vector<Field> all_fields() {
  std::vector<Field> f = {layout::kOpcode,          layout::kEngine,    layout::kFlags,
                          layout::kWaitSem,         layout::kSignalSem, layout::kWaitValue,
                          layout::kSignalIncrement, layout::kDmaQueue};
  for (int s = 0; s < layout::kSlots; ++s) {
    for (Field x : {layout::ap_offset(s), layout::ap_dtype(s), layout::ap_space(s),
                    layout::ap_partition_start(s), layout::ap_partition_count(s)}) {
      f.push_back(x);
    }
    for (int d = 0; d < kFreeDims; ++d) {
      f.push_back(layout::ap_count(s, d));
      f.push_back(layout::ap_stride(s, d));
    }
  }
  for (int s : {layout::kDmaDstSlot, layout::kDmaSrcSlot}) {
    f.push_back(layout::dram_address_high(s));
    f.push_back(layout::dram_partition_stride(s));
  }
  return f;
}

void put(InstructionWords& w, Field f, uint64_t value) {
  w[f.word] = (w[f.word] & ~f.mask()) | ((static_cast<uint32_t>(value) << f.lsb) & f.mask());
}

uint64_t get(const InstructionWords& w, Field f) { return (w[f.word] & f.mask()) >> f.lsb; }

// A value for a field: an edge (0, 1, max - 1, max), the old value +- 1, a defined opcode, or
// anything.
uint64_t rewrite_value(LimitStimulus& g, Field f, uint64_t old) {
  const bool opcode = f.word == layout::kOpcode.word && f.lsb == layout::kOpcode.lsb;
  const uint64_t choices[] = {0,
                              1,
                              f.max() - 1,
                              f.max(),
                              old + 1,
                              old - 1,
                              opcode ? kDefinedOpcodes[g.pick(0, 3)] : old,
                              g.pick(0, f.max())};
  return choices[g.pick(0, 7)];
}

// The fault behind a reference message, for the coverage of the configuration checks.
const char* const kConfigFaults[] = {
    "PE rows",                 // K over the engine limit
    "PE columns",              // M
    "entries of a PSUM bank",  // N
    "partitions [",            // partitions outside SBUF/PSUM
    "-byte sbuf",              // bytes outside an SBUF partition
    "-byte psum",              // bytes outside a PSUM partition
    "PSUM bank boundary",
    "outside DRAM",
};

}  // namespace

TEST_CASE("instr_check reports isa::hardware_error's code for every instruction",
          "[isa_rtl][instr_check]") {
  CheckerBench bench;
  LimitStimulus gen(1);
  const std::vector<Field> fields = all_fields();
  std::map<std::string, uint64_t> config_faults;
  auto run = [&](const InstructionWords& w, Engine stream) {
    const Diagnostic d = bench.run(w, stream);
    if (d.code == ErrorCode::ShapeMismatch || d.code == ErrorCode::AddressOutOfRange) {
      for (const char* key : kConfigFaults) {
        if (d.message.find(key) != std::string::npos) ++config_faults[key];
      }
    }
  };

  constexpr int kValid = 200'000;
  constexpr int kFlips = 120'000;
  constexpr int kRewrites = 120'000;
  constexpr int kRandom = 40'000;

  // Encodable instructions near every limit.
  for (int i = 0; i < kValid; ++i) {
    const Instruction inst = gen.next();
    run(encode(inst), gen.stream_for(inst));
  }
  // Single-bit flips: bit i % 512, so every bit of every word is flipped many times.
  for (int i = 0; i < kFlips; ++i) {
    const Instruction inst = gen.next();
    InstructionWords w = encode(inst);
    const int bit = i % (32 * kInstructionWords);
    w[bit / 32] ^= 1u << (bit % 32);
    run(w, gen.stream_for(inst));
  }
  // One field rewritten (sometimes two).
  for (int i = 0; i < kRewrites; ++i) {
    const Instruction inst = gen.next();
    InstructionWords w = encode(inst);
    for (int n = gen.percent(20) ? 2 : 1; n > 0; --n) {
      const Field f = fields[gen.pick(0, fields.size() - 1)];
      put(w, f, rewrite_value(gen, f, get(w, f)));
    }
    run(w, gen.stream_for(inst));
  }
  // Random words: fully random, or with a defined opcode and engine so that the later checks
  // see them.
  for (int i = 0; i < kRandom; ++i) {
    InstructionWords w{};
    for (uint32_t& x : w) x = static_cast<uint32_t>(gen.rng()());
    if (i % 2) {
      put(w, layout::kOpcode, kDefinedOpcodes[gen.pick(0, 3)]);
      put(w, layout::kEngine, gen.pick(0, kNumEngines - 1));
    }
    run(w, static_cast<Engine>(gen.pick(0, kNumEngines - 1)));
  }

  CHECK(bench.mismatches() == 0);

  // The run reached every code the checker reports (AxiError is a runtime fault, never the
  // checker's), every configuration fault, and every stream.
  std::string seen;
  for (const auto& [code, n] : bench.codes()) seen += fmt::format(" {}={}", error_name(code), n);
  std::string faults;
  for (const auto& [key, n] : config_faults) faults += fmt::format(" '{}'={}", key, n);
  fmt::print("instr_check ({}): error codes:{}\n  configuration faults:{}\n", kHw.name, seen,
             faults);
  INFO("error codes:" << seen);
  for (ErrorCode c :
       {ErrorCode::None, ErrorCode::IllegalOpcode, ErrorCode::BadField,
        ErrorCode::AddressOutOfRange, ErrorCode::SemaphoreMisuse, ErrorCode::ShapeMismatch}) {
    CAPTURE(error_name(c));
    CHECK(bench.codes().count(c) == 1);
  }
  CHECK(bench.codes().count(ErrorCode::AxiError) == 0);
  for (const char* key : kConfigFaults) {
    CAPTURE(key);
    CHECK(config_faults[key] > 0);
  }
  for (Engine e : kAllEngines) {
    CAPTURE(engine_name(e));
    CHECK(bench.streams().count(e) == 1);
  }
}

// The edges themselves, one by one: the last byte or partition in range passes, one more fails.
// Expected codes are written here by hand and also compared with the RTL through the bench.
TEST_CASE("instr_check: ranges ending exactly at a limit pass, one element past fails",
          "[isa_rtl][instr_check]") {
  CheckerBench bench;
  const uint32_t sbuf = kHw.sbuf_bytes_per_partition;
  const uint32_t bank = kHw.psum_bank_bytes;
  const uint64_t dram = kHw.dram_bytes;
  // An FP32 pattern with one free dim of n elements `stride` apart.
  auto fp32 = [](Space space, uint32_t start, uint32_t count, uint64_t address, int32_t stride,
                 uint32_t n, uint32_t pstride = 0) {
    return test::expect(space, Format::Fp32, start, count, address, pstride,
                        {Dim{}, Dim{}, Dim{stride, n}});
  };
  // A DMA copy between `ap` and a packed, in-range pattern of the same shape in SBUF (for a DRAM
  // `ap`) or DRAM (for an on-chip one), so that only `ap` can be out of range.
  auto copy = [&](const AccessPattern& ap) {
    const auto n = static_cast<uint32_t>(ap.free_elements());
    if (ap.space == Space::Dram) {
      return encode(
          Instruction::dma_copy({fp32(Space::Sbuf, 0, ap.partition_count, 0, 1, n), ap, 0}));
    }
    return encode(
        Instruction::dma_copy({fp32(Space::Dram, 0, ap.partition_count, 0, 1, n, 4 * n), ap, 0}));
  };
  const uint32_t rows = kHw.rows;
  struct Case {
    const char* what;
    AccessPattern ap;
    ErrorCode want;
  };
  const ErrorCode kOut = ErrorCode::AddressOutOfRange;
  const std::vector<Case> cases = {
      {"sbuf: last partition", fp32(Space::Sbuf, rows - 1, 1, 0, 1, 1), ErrorCode::None},
      {"sbuf: one partition past", fp32(Space::Sbuf, rows - 1, 2, 0, 1, 1), kOut},
      {"sbuf: ends at the partition end", fp32(Space::Sbuf, 0, 1, sbuf - 8, 1, 2), ErrorCode::None},
      {"sbuf: one element past", fp32(Space::Sbuf, 0, 1, sbuf - 4, 1, 2), kOut},
      {"sbuf: negative stride reaches byte 0", fp32(Space::Sbuf, 0, 1, 4, -1, 2), ErrorCode::None},
      {"sbuf: negative stride reaches byte -4", fp32(Space::Sbuf, 0, 1, 4, -2, 2), kOut},
      {"psum: fills bank 1", fp32(Space::Psum, 0, 1, bank, 1, bank / 4), ErrorCode::None},
      {"psum: crosses into bank 2 by one element", fp32(Space::Psum, 0, 1, bank + 4, 1, bank / 4),
       kOut},
      {"dram: ends at the DRAM end", fp32(Space::Dram, 0, 1, dram - 8, 1, 2), ErrorCode::None},
      {"dram: one element past", fp32(Space::Dram, 0, 1, dram - 4, 1, 2), kOut},
      {"dram: last partition ends at the DRAM end",
       fp32(Space::Dram, 0, 2, dram - 4 - 4096, 1, 1, 4096), ErrorCode::None},
      {"dram: partition stride one element too far",
       fp32(Space::Dram, 0, 2, dram - 4 - 4096, 1, 1, 4100), kOut},
      {"dram: negative stride reaches byte 0", fp32(Space::Dram, 0, 1, 4, -1, 2), ErrorCode::None},
      {"dram: negative stride reaches byte -4", fp32(Space::Dram, 0, 1, 0, -1, 2), kOut},
  };
  for (const Case& c : cases) {
    CAPTURE(c.what);
    CHECK(bench.run(copy(c.ap), Engine::Dma).code == c.want);
  }
  CHECK(bench.mismatches() == 0);
}

}  // namespace tessel
