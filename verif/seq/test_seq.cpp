// Sequencer tests (rtl/seq/, top verif/seq/tb/seq_tb_top.sv): the four engines' sequencers behind
// the AXI mux fetch their streams from the AXI4 memory model (random latency, backpressure and
// reordering, protocol checker on), wait on a semaphore file and issue to stand-in executors that
// this file plays (random READY, completion after a random delay, in order, with the
// instruction's signal). The test also plays the core: start, first-error latch, halt.
//
// The reference is the architectural model (models/arch) running the same program: final
// semaphores, instructions completed and ended per engine, error code, engine and address. On top
// of that every issue and every NOP/END completion is checked as it happens: its wait holds in
// the semaphore file the sequencer sees, it is the next instruction of its stream (address and
// fields as encoded by the ISA library), and a NOP/END completes only when its executor is idle.
#include <algorithm>
#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <random>
#include <vector>

#include <fmt/format.h>
#include <catch2/catch_get_random_seed.hpp>
#include <catch2/catch_test_macros.hpp>

#include "Vseq_tb_top.h"
#include "arch/arch_model.h"
#include "arch/raw_program.h"
#include "bfm/axi4_memory.h"
#include "harness/port_bits.h"
#include "harness/sim_harness.h"
#include "isa/encoding.h"
#include "isa/hw_config_generated.h"
#include "isa/kernel_builder.h"
#include "isa/layout.h"

using namespace tessel;
using isa::Engine;
using isa::ErrorCode;
using isa::Instruction;
using isa::Opcode;

namespace {

constexpr unsigned kEngines = isa::kNumEngines;
constexpr unsigned kSems = isa::kNumSemaphores;
constexpr unsigned kFetchDepth = 4;        // seq_tb_top's default

size_t idx(Engine e) { return static_cast<size_t>(e); }

// What the run ended with, in the terms the architectural model reports.
struct Outcome {
  bool error = false;
  arch::ErrorState err;
  bool deadlock = false;
  std::array<bool, kEngines> ended{};
  std::array<bool, kEngines> running{};
  std::array<uint64_t, kEngines> completed{};  // issued MATMUL/DMA_COPY plus completed NOP/END
  std::array<uint32_t, kSems> sems{};
  uint64_t cycles = 0;
};

// One issue or NOP/END completion, for the rate measurements.
struct Event {
  Engine engine;
  uint64_t address;
  uint64_t cycle;
};

class SeqBench {
 public:
  explicit SeqBench(const char* name, uint64_t seed,
                    bfm::Axi4MemKnobs knobs = bfm::Axi4MemKnobs::random())
      : sim_(name), mem_(name, bfm::axi4_master_ports(sim_.dut()), seed, knobs), rng_(seed + 1) {
    auto& d = sim_.dut();
    d.start_i = d.halt_i = 0;
    d.issue_ready_i = 0;
    d.exec_idle_i = 0xF;
    d.done_valid_i = 0;
    d.sem_we_i = 0;
    sim_.reset();
  }

  bfm::Axi4Memory& mem() { return mem_; }
  const std::vector<Event>& events() const { return events_; }
  double ready_chance = 0.7;  // executor READY per cycle
  unsigned max_delay = 8;     // executor completion delay, cycles after issue
  // A host write to the semaphore file during run(), `after` cycles after the start.
  struct HostWrite {
    uint64_t after;
    unsigned sem;
    uint32_t value;
  };
  std::optional<HostWrite> host_write;
  std::optional<uint64_t> halt_after;  // the core halts every engine this many cycles after start

  // Places every stream and segment of the program in device memory.
  void load(const isa::Program& p) {
    for (const isa::Segment& s : p.segments) mem_.write_bytes(s.address, s.bytes);
    for (const isa::StreamImage& s : p.streams) {
      place(s.engine, s.address, s.code, static_cast<uint32_t>(s.code.size() * 64));
    }
  }

  // A stream by hand: `len` may differ from the code's size (a stream that runs off its end, or
  // code placed beyond the stream).
  void place(Engine e, uint64_t base, const std::vector<isa::InstructionWords>& code,
             uint32_t len) {
    for (size_t i = 0; i < code.size(); ++i) {
      const auto bytes = isa::to_bytes(code[i]);
      const uint64_t a = base + i * isa::kInstructionBytes;
      mem_.write_bytes(a, {bytes.begin(), bytes.end()});
      words_[a] = code[i];
    }
    base_[idx(e)] = base;
    len_[idx(e)] = len;
  }

  uint32_t sem(unsigned id) {
    return static_cast<uint32_t>(sim::get_lane(sim_.dut().sem_o, id, 32));
  }

  // Starts every engine and runs until all started streams ended, or the first error has been
  // latched and everything drained, or nothing moved for a long time (a deadlock).
  Outcome run(uint64_t limit = 200000) {
    auto& d = sim_.dut();
    for (unsigned e = 0; e < kEngines; ++e) {
      sim::set_lane(d.base_i, e, 48, base_[e]);
      sim::set_lane(d.len_i, e, 32, len_[e]);
      next_[e] = base_[e];
      completed_[e] = 0;
    }
    error_.reset();
    events_.clear();
    REQUIRE(d.quiet_o == 0xF);  // the core starts only quiet sequencers
    d.start_i = 1;
    cycle();
    d.start_i = 0;
    const uint64_t start = sim_.cycle();
    run_start_ = start;
    uint64_t last_progress = start;
    Outcome out;
    for (;;) {
      const uint64_t moved = progress_;
      cycle();
      if (progress_ != moved) last_progress = sim_.cycle();
      const bool drained = d.quiet_o == 0xF && executors_idle();
      bool all_ended = true;
      for (unsigned e = 0; e < kEngines; ++e) {
        all_ended = all_ended && (len_[e] == 0 || ((d.ended_o >> e) & 1));
      }
      if (drained && (all_ended || error_ || d.halt_i)) break;
      if (drained && sim_.cycle() - last_progress > 2000) {
        out.deadlock = true;
        break;
      }
      if (sim_.cycle() - start > limit) FAIL("sequencer run did not finish in " << limit);
    }
    out.cycles = sim_.cycle() - start;
    run_start_.reset();
    d.halt_i = 0;
    out.error = error_.has_value();
    if (error_) out.err = *error_;
    for (unsigned e = 0; e < kEngines; ++e) {
      out.ended[e] = (d.ended_o >> e) & 1;
      out.running[e] = (d.running_o >> e) & 1;
      out.completed[e] = completed_[e];
    }
    for (unsigned s = 0; s < kSems; ++s) out.sems[s] = sem(s);
    return out;
  }

 private:
  struct Pending {
    uint64_t due;
    uint8_t sem, inc;
  };

  bool executors_idle() const {
    return std::all_of(exec_.begin(), exec_.end(), [](const auto& q) { return q.empty(); });
  }

  // Checks one instruction leaving its sequencer (issued, or a NOP/END completing).
  void retire(unsigned e, uint64_t addr, uint8_t opcode, uint8_t wait_sem, uint32_t wait_value,
              uint8_t signal_sem, uint8_t signal_inc, const char* how) {
    INFO(fmt::format("{} {} at {:#x}, cycle {}", isa::engine_name(Engine(e)), how, addr,
                     sim_.cycle()));
    REQUIRE(addr == next_[e]);  // in order, none skipped or repeated
    const auto it = words_.find(addr);
    REQUIRE(it != words_.end());
    const Instruction want = isa::unpack(it->second);
    CHECK(opcode == static_cast<uint8_t>(want.opcode));
    CHECK(wait_sem == want.sync.wait.sem);
    CHECK(wait_value == want.sync.wait.value);
    CHECK(signal_sem == want.sync.signal.sem);
    CHECK(signal_inc == want.sync.signal.increment);
    // The rule the whole core rests on: never before the wait holds.
    if (wait_sem != isa::kSemNone) {
      INFO(fmt::format("waits s{} >= {}, semaphore is {}", wait_sem, wait_value, sem(wait_sem)));
      REQUIRE(sem(wait_sem) >= wait_value);
    }
    next_[e] += isa::kInstructionBytes;
    ++completed_[e];
    ++progress_;
    events_.push_back({Engine(e), addr, sim_.cycle()});
  }

  // One clock cycle: memory outputs, executors, eval, checks and sampling, edge.
  void cycle() {
    auto& d = sim_.dut();
    mem_.drive();
    uint8_t done = 0, idle = 0, ready = 0;
    uint32_t done_sem = 0, done_inc = 0;
    std::uniform_real_distribution<double> u(0, 1);
    for (unsigned e = 0; e < kEngines; ++e) {
      auto& q = exec_[e];
      if (!q.empty() && q.front().due <= sim_.cycle()) {
        done |= 1u << e;
        done_sem |= uint32_t{q.front().sem} << (6 * e);
        done_inc |= uint32_t{q.front().inc} << (8 * e);
        q.pop_front();
        ++progress_;
      }
      if (q.empty()) idle |= 1u << e;
      if (u(rng_) < ready_chance) ready |= 1u << e;
    }
    d.done_valid_i = done;
    d.done_sem_i = done_sem;
    d.done_inc_i = done_inc;
    d.exec_idle_i = idle;
    d.issue_ready_i = ready;
    d.sem_we_i = host_write && run_start_ && sim_.cycle() == *run_start_ + host_write->after;
    if (d.sem_we_i) {
      d.sem_idx_i = static_cast<uint8_t>(host_write->sem);
      d.sem_wdata_i = host_write->value;
    }
    sim_.eval();
    for (unsigned e = 0; e < kEngines; ++e) sample(e);
    if (!error_ && d.err_valid_o != 0) latch_error();
    // The core halts every engine on its first error (or when the test says so).
    d.halt_i = error_.has_value() ||
               (halt_after && run_start_ && sim_.cycle() >= *run_start_ + *halt_after);
    check_fetch();
    mem_.sample();
    sim_.tick();
  }

  void sample(unsigned e) {
    auto& d = sim_.dut();
    if ((d.issue_valid_o >> e) & (d.issue_ready_i >> e) & 1) {
      const auto sig_sem = static_cast<uint8_t>(sim::get_lane(d.issue_signal_sem_o, e, 6));
      const auto sig_inc = static_cast<uint8_t>(sim::get_lane(d.issue_signal_inc_o, e, 8));
      retire(e, sim::get_lane(d.issue_addr_o, e, 48),
             static_cast<uint8_t>(sim::get_lane(d.issue_opcode_o, e, 8)),
             static_cast<uint8_t>(sim::get_lane(d.issue_wait_sem_o, e, 6)),
             static_cast<uint32_t>(sim::get_lane(d.issue_wait_value_o, e, 24)), sig_sem, sig_inc,
             "issued");
      std::uniform_int_distribution<unsigned> delay(1, max_delay);
      exec_[e].push_back({sim_.cycle() + delay(rng_), sig_sem, sig_inc});
    }
    if ((d.sig_valid_o >> e) & 1) {
      const uint64_t addr = sim::get_lane(d.sig_addr_o, e, 48);
      const auto it = words_.find(addr);
      REQUIRE(it != words_.end());
      const Instruction want = isa::unpack(it->second);
      // A NOP/END is a fence: everything its engine issued before it has completed.
      INFO("NOP/END completing while its executor is busy");
      REQUIRE(exec_[e].empty());
      retire(e, addr, static_cast<uint8_t>(want.opcode), want.sync.wait.sem, want.sync.wait.value,
             static_cast<uint8_t>(sim::get_lane(d.sig_sem_o, e, 6)),
             static_cast<uint8_t>(sim::get_lane(d.sig_inc_o, e, 8)), "completed");
    }
  }

  // Every instruction fetch is one 8-beat INCR burst of one 64-byte instruction inside its
  // engine's stream (the mux's ID names the engine), at most FetchDepth instructions beyond the
  // head register.
  void check_fetch() {
    auto& d = sim_.dut();
    if (!(d.m_axi_arvalid_o && d.m_axi_arready_i)) return;
    const unsigned e = d.m_axi_arid_o;
    const uint64_t a = d.m_axi_araddr_o;
    INFO(fmt::format("fetch by engine {} at {:#x}, cycle {}", e, a, sim_.cycle()));
    REQUIRE(e < kEngines);
    CHECK(d.m_axi_arlen_o == 7);
    CHECK(d.m_axi_arsize_o == 3);
    CHECK(d.m_axi_arburst_o == 1);
    CHECK(a % isa::kInstructionBytes == 0);
    CHECK(a >= base_[e]);
    CHECK(a + isa::kInstructionBytes <= base_[e] + len_[e]);
    CHECK(a < next_[e] + (kFetchDepth + 1) * isa::kInstructionBytes);
  }

  // The core's ERROR_* registers: the first error; of two in one cycle, the lower engine's.
  void latch_error() {
    auto& d = sim_.dut();
    for (unsigned e = 0; e < kEngines; ++e) {
      if ((d.err_valid_o >> e) & 1) {
        arch::ErrorState s;
        s.code = static_cast<ErrorCode>(sim::get_lane(d.err_code_o, e, 4));
        s.engine = Engine(e);
        s.address = sim::get_lane(d.err_addr_o, e, 48);
        error_ = s;
        return;
      }
    }
  }

  sim::Harness<Vseq_tb_top> sim_;
  bfm::Axi4Memory mem_;
  std::mt19937_64 rng_;
  std::array<uint64_t, kEngines> base_{};
  std::array<uint32_t, kEngines> len_{};
  std::array<uint64_t, kEngines> next_{};
  std::array<uint64_t, kEngines> completed_{};
  std::array<std::deque<Pending>, kEngines> exec_;
  std::map<uint64_t, isa::InstructionWords> words_;
  std::optional<arch::ErrorState> error_;
  std::vector<Event> events_;
  std::optional<uint64_t> run_start_;
  uint64_t progress_ = 0;
};

// The architectural model's view of the same run.
struct Reference {
  arch::ArchModel model{isa::generated_hw_config()};
  arch::RunResult result;
};

// Compares the RTL run with the architectural model's run of the same program.
void compare(const Outcome& rtl, Reference& ref, const isa::Program& program) {
  const arch::ArchModel& m = ref.model;
  INFO("architectural model: " << m.summary());
  CHECK(rtl.error == (ref.result.status == arch::RunStatus::Error));
  CHECK(rtl.deadlock == (ref.result.status == arch::RunStatus::Deadlock));
  if (rtl.error) {
    INFO(fmt::format("RTL error {} on {} at {:#x}", isa::error_name(rtl.err.code),
                     isa::engine_name(rtl.err.engine), rtl.err.address));
    CHECK(rtl.err == m.error());
  }
  for (Engine e : isa::kAllEngines) {
    INFO(isa::engine_name(e));
    const isa::StreamImage* s = program.stream(e);
    const uint64_t n = m.counters(e).instructions;
    const bool ended = s != nullptr && n > 0 && n <= s->code.size() &&
                       isa::unpack(s->code[n - 1]).opcode == Opcode::End;
    CHECK(rtl.ended[idx(e)] == ended);
    CHECK(rtl.completed[idx(e)] == n);
  }
  for (unsigned i = 0; i < kSems; ++i) {
    INFO("semaphore " << i);
    CHECK(rtl.sems[i] == m.semaphores()[i]);
  }
}

// Runs the program on the RTL (with `setup` applied to both) and on the model, and compares.
template <class Setup>
Outcome run_and_compare(const char* name, const isa::Program& program, uint64_t seed, Setup setup,
                        bfm::Axi4MemKnobs knobs = bfm::Axi4MemKnobs::random()) {
  SeqBench bench(name, seed, knobs);
  Reference ref;
  ref.model.load(program);
  bench.load(program);
  setup(bench, ref.model);
  const Outcome out = bench.run();
  ref.result = ref.model.run();
  compare(out, ref, program);
  return out;
}
Outcome run_and_compare(const char* name, const isa::Program& program, uint64_t seed) {
  return run_and_compare(name, program, seed, [](SeqBench&, arch::ArchModel&) {});
}

// ---- programs -------------------------------------------------------------------------------

// The operands the MATMUL and DMA_COPY instructions of the test programs use: legal for the
// configuration, so that the model runs them; the stand-in executors only complete them.
struct Operands {
  kb::DramTensor x;
  kb::Tile sbuf_in, stationary, moving, psum;
};
Operands make_operands(kb::KernelBuilder& kb) {
  const auto& hw = kb.hw();
  auto x = kb.dram_tensor("x", {hw.rows, 8}, Format::Fp32);
  return {x, kb.sbuf_tile({hw.rows, 8}, Format::Fp32, 0, 0),
          kb.sbuf_tile({hw.rows, hw.cols}, Format::Bf16, 0, 64),
          kb.sbuf_tile({hw.rows, 8}, Format::Bf16, 0, 64 + 2 * hw.cols),
          kb.psum_tile({hw.cols, 8}, 0)};
}

// Tensor and vector NOPs alternate `rounds` times through two semaphores (streams longer than
// 4 KiB), while the scalar engine follows the tensor's count and the DMA engine copies at points
// of the tensor's progress, and the tensor engine runs a MATMUL every few rounds.
isa::Program ping_pong(unsigned rounds) {
  kb::KernelBuilder kb(isa::generated_hw_config());
  const Operands op = make_operands(kb);
  const kb::Semaphore ping = kb.semaphore("ping"), pong = kb.semaphore("pong");
  const kb::Semaphore mm = kb.semaphore("mm"), dma = kb.semaphore("dma");
  const kb::Semaphore done = kb.semaphore("done");
  for (unsigned i = 0; i < rounds; ++i) {
    kb.nop(Engine::Tensor, kb::wait(pong, i).signal(ping));
    kb.nop(Engine::Vector, kb::wait(ping, i + 1).signal(pong, 1));
    if (i % 5 == 0) kb.matmul(op.psum, op.stationary, op.moving, i > 0, kb::signal(mm));
    if (i % 3 == 0) kb.nop(Engine::Scalar, kb::wait(ping, i + 1));
    if (i % 7 == 0) kb.dma_copy(op.sbuf_in, op.x.tile(), kb::wait(ping, i + 1).signal(dma, 2));
  }
  kb.end(Engine::Scalar, kb::wait(mm, (rounds + 4) / 5).signal(done, 3));
  kb.end_all();
  return kb.build();
}

// A random program that cannot deadlock: instructions are generated in one global order, and an
// instruction waits only for a count its target has signalled earlier in that order, so the
// order itself is a schedule that runs. Each signal source has its own semaphore (the kernel
// builder's rule for meaningful intermediate counts): one per engine, and for the DMA engine one
// for its NOPs and one for its copies (queue 0), whose completions are not ordered.
isa::Program random_program(std::mt19937_64& rng, unsigned length) {
  kb::KernelBuilder kb(isa::generated_hw_config());
  const Operands op = make_operands(kb);
  constexpr unsigned kSources = kEngines + 1;
  constexpr unsigned kDmaCopies = kEngines;  // the source index of the DMA copies
  const std::array<kb::Semaphore, kSources> own{kb.semaphore("t"), kb.semaphore("v"),
                                                kb.semaphore("s"), kb.semaphore("d"),
                                                kb.semaphore("dq")};
  std::array<uint32_t, kSources> signalled{};
  auto pick = [&](unsigned n) { return std::uniform_int_distribution<unsigned>(0, n - 1)(rng); };
  auto engine_of = [](unsigned source) { return std::min(source, kEngines - 1); };
  for (unsigned i = 0; i < length; ++i) {
    const unsigned e = pick(kEngines);
    const Engine eng = Engine(e);
    const bool exec =
        (eng == Engine::Tensor && pick(2) != 0) || (eng == Engine::Dma && pick(3) != 0);
    const unsigned source = exec && eng == Engine::Dma ? kDmaCopies : e;
    kb::Sync sync;
    const unsigned target = pick(kSources);
    if (pick(3) != 0 && engine_of(target) != e && signalled[target] > 0) {
      sync.wait(own[target], 1 + pick(signalled[target]));
    }
    if (pick(2) != 0) {
      const uint32_t inc = 1 + pick(3);
      sync.signal(own[source], inc);
      signalled[source] += inc;
    }
    if (!exec) {
      kb.nop(eng, sync);
    } else if (eng == Engine::Tensor) {
      kb.matmul(op.psum, op.stationary, op.moving, pick(2) != 0, sync);
    } else {
      kb.dma_copy(op.sbuf_in, op.x.tile(), sync);
    }
  }
  kb.end_all();
  return kb.build();
}

// A raw program (verif/arch/raw_program.h) for this configuration.
isa::Program raw_program(const std::vector<std::pair<Engine, arch::test::Code>>& code) {
  return arch::test::raw_program(isa::generated_hw_config(), code);
}
using arch::test::end;
using arch::test::nop;
using arch::test::signal_only;
using arch::test::stream_address;
using arch::test::wait_only;
using arch::test::with_field;

// An instruction with an undefined opcode (and whatever sync fields `w` carries).
isa::InstructionWords illegal(const isa::InstructionWords& w) {
  return with_field(w, isa::layout::kOpcode, 0x7F);
}

}  // namespace

// ---- tests ----------------------------------------------------------------------------------

TEST_CASE("ping-pong between engines through semaphores, streams across 4 KiB",
          "[seq][semaphore]") {
  const isa::Program p = ping_pong(80);  // tensor stream 5+ KiB
  REQUIRE(p.stream(Engine::Tensor)->code.size() * 64 > 4096);
  for (uint64_t s = 0; s < 3; ++s) {
    DYNAMIC_SECTION("seed offset " << s) {
      const Outcome out = run_and_compare("seq_pingpong", p, Catch::getSeed() + s);
      CHECK_FALSE(out.error);
      fmt::print("ping-pong, 80 rounds, random AXI: {} cycles\n", out.cycles);
    }
  }
}

TEST_CASE("random deadlock-free programs match the architectural model", "[seq][random]") {
  std::mt19937_64 rng(Catch::getSeed());
  for (unsigned n = 0; n < 16; ++n) {
    const isa::Program p = random_program(rng, 40 + 20 * n);
    // Executors from always ready and quick to rarely ready and slow.
    const double ready = std::uniform_real_distribution<double>(0.1, 1.0)(rng);
    const unsigned delay = 1 + static_cast<unsigned>(rng() % 24);
    DYNAMIC_SECTION("program " << n << ", ready " << ready << ", delay <= " << delay) {
      const Outcome out = run_and_compare("seq_random", p, Catch::getSeed() + n,
                                          [&](SeqBench& b, arch::ArchModel&) {
                                            b.ready_chance = ready;
                                            b.max_delay = delay;
                                          });
      CHECK_FALSE(out.error);
      CHECK_FALSE(out.deadlock);
    }
  }
}

TEST_CASE("random programs with one fault report it as the model does", "[seq][random][errors]") {
  // One instruction of a deadlock-free random program is made faulty: an undefined opcode, or an
  // AXI error on its fetch (any of its 8 beats). Both the model and the RTL reach it whatever the
  // interleaving, so the error and the instructions its engine completed before it must agree;
  // the other engines' progress depends on timing and is not compared.
  std::mt19937_64 rng(Catch::getSeed() + 99);
  for (unsigned n = 0; n < 12; ++n) {
    isa::Program p = random_program(rng, 60 + 10 * n);
    isa::StreamImage& s = p.streams[rng() % p.streams.size()];
    const size_t victim = rng() % s.code.size();
    const uint64_t addr = s.address + victim * isa::kInstructionBytes;
    const bool axi = rng() % 2 != 0;
    const uint64_t beat = addr + 8 * (rng() % 8);
    if (!axi) s.code[victim] = illegal(s.code[victim]);
    DYNAMIC_SECTION("program " << n << ": " << (axi ? "AXI error" : "illegal opcode") << " at "
                               << isa::engine_name(s.engine) << " instruction " << victim) {
      SeqBench bench("seq_random_fault", Catch::getSeed() + n);
      Reference ref;
      ref.model.load(p);
      bench.load(p);
      if (axi) {
        bench.mem().add_error_range(beat, beat + 8, bfm::AxiResp::kSlvErr);
        ref.model.memory().inject_error(beat, beat + 8);
      }
      const Outcome out = bench.run();
      ref.result = ref.model.run();
      REQUIRE(ref.result.status == arch::RunStatus::Error);
      REQUIRE(out.error);
      CHECK(out.err == ref.model.error());
      CHECK(out.err.address == addr);
      CHECK(out.completed[idx(s.engine)] == victim);
      CHECK(ref.model.counters(s.engine).instructions == victim);
    }
  }
}

TEST_CASE("a deadlocked program stops where the model stops", "[seq][deadlock]") {
  // Tensor and vector each wait for the other first; scalar waits one signal short.
  const isa::Program p =
      raw_program({{Engine::Tensor, {nop(Engine::Tensor, {{1, 1}, {0, 1}}), end(Engine::Tensor)}},
                   {Engine::Vector, {nop(Engine::Vector, {{0, 1}, {1, 1}}), end(Engine::Vector)}},
                   {Engine::Scalar,
                    {nop(Engine::Scalar, signal_only(2)), nop(Engine::Scalar, wait_only(2, 2)),
                     end(Engine::Scalar)}}});
  const Outcome out = run_and_compare("seq_deadlock", p, Catch::getSeed());
  CHECK(out.deadlock);
  CHECK(out.running == std::array<bool, kEngines>{true, true, true, false});
}

TEST_CASE("halt drops the prefetched instructions and a restart fetches afresh", "[seq][halt]") {
  const Engine T = Engine::Tensor, V = Engine::Vector;
  // First stream: blocked at its head on s7 with the buffer full behind it, then halted.
  std::vector<isa::InstructionWords> blocked{nop(T, wait_only(7, 1))};
  blocked.insert(blocked.end(), 6, nop(T, signal_only(1)));
  blocked.push_back(end(T));
  // Second stream, at the same address: what a stale buffer entry would not say.
  const isa::Program second =
      raw_program({{T, {nop(T, signal_only(2)), nop(T, signal_only(2)), end(T)}}, {V, {end(V)}}});

  SeqBench bench("seq_halt", Catch::getSeed());
  bench.load(raw_program({{T, blocked}}));
  bench.halt_after = 300;
  const Outcome first = bench.run();
  CHECK_FALSE(first.error);
  CHECK(first.completed[idx(T)] == 0);
  CHECK(first.running == std::array<bool, kEngines>{});
  CHECK(first.ended == std::array<bool, kEngines>{});

  bench.halt_after.reset();
  bench.load(second);
  Reference ref;
  ref.model.load(second);
  const Outcome out = bench.run();
  ref.result = ref.model.run();
  compare(out, ref, second);
  CHECK(out.sems[1] == 0);
  CHECK(out.sems[2] == 2);
}

TEST_CASE("errors are reported for the head instruction only, as the model reports them",
          "[seq][errors]") {
  const Engine T = Engine::Tensor, V = Engine::Vector, D = Engine::Dma;
  const uint64_t seed = Catch::getSeed();

  SECTION("illegal opcode, with another engine waiting forever") {
    const isa::Program p = raw_program({{T, {nop(T, signal_only(4)), illegal(nop(T)), end(T)}},
                                        {V, {nop(V, wait_only(9, 1)), end(V)}}});
    const Outcome out = run_and_compare("seq_err_opcode", p, seed);
    CHECK(out.err.code == ErrorCode::IllegalOpcode);
    CHECK(out.err.address == stream_address(T, 1));
  }
  SECTION("a faulty instruction behind an unsatisfied wait is reported") {
    const isa::Program p = raw_program({{T, {nop(T), illegal(nop(T, wait_only(5, 1))), end(T)}}});
    const Outcome out = run_and_compare("seq_err_wait", p, seed);
    CHECK(out.err.code == ErrorCode::IllegalOpcode);
  }
  SECTION("a faulty instruction after an unsatisfied wait is not reached") {
    const isa::Program p = raw_program({{T, {nop(T, wait_only(5, 1)), illegal(nop(T)), end(T)}}});
    const Outcome out = run_and_compare("seq_err_notreached", p, seed);
    CHECK(out.deadlock);
  }
  SECTION("stream without END") {
    const isa::Program p = raw_program({{T, {nop(T), nop(T, signal_only(1))}}});
    const Outcome out = run_and_compare("seq_err_noend", p, seed);
    CHECK(out.err.code == ErrorCode::AddressOutOfRange);
    CHECK(out.err.address == stream_address(T, 2));
  }
  SECTION("AXI error on an instruction fetch") {
    const isa::Program p = raw_program({{D, {nop(D, signal_only(2)), nop(D), end(D)}}});
    const uint64_t lo = stream_address(D, 1) + 56, hi = stream_address(D, 1) + 64;  // last beat
    const Outcome out =
        run_and_compare("seq_err_axi", p, seed, [&](SeqBench& b, arch::ArchModel& m) {
          b.mem().add_error_range(lo, hi, bfm::AxiResp::kSlvErr);
          m.memory().inject_error(lo, hi);
        });
    CHECK(out.err.code == ErrorCode::AxiError);
    CHECK(out.err.address == stream_address(D, 1));
  }
  SECTION("DECERR on the first beat of the first instruction") {
    const isa::Program p = raw_program({{V, {nop(V, signal_only(1)), end(V)}}});
    const uint64_t lo = stream_address(V, 0), hi = lo + 8;
    const Outcome out =
        run_and_compare("seq_err_axi0", p, seed, [&](SeqBench& b, arch::ArchModel& m) {
          b.mem().add_error_range(lo, hi, bfm::AxiResp::kDecErr);
          m.memory().inject_error(lo, hi, arch::AxiResp::DecErr);
        });
    CHECK(out.err.code == ErrorCode::AxiError);
    CHECK(out.err.address == lo);
  }
  SECTION("AXI error on a prefetched instruction after END is not reported") {
    // The stream holds four instructions; END is the second, the last two answer DECERR. The
    // first waits for s5, which the host sets long after the prefetch has read everything.
    const isa::Program p = raw_program({{T, {nop(T, {{5, 1}, {3, 1}}), end(T), nop(T), nop(T)}}});
    const uint64_t lo = stream_address(T, 2), hi = stream_address(T, 4);
    SeqBench bench("seq_err_after_end", seed);
    bench.load(p);
    bench.mem().add_error_range(lo, hi, bfm::AxiResp::kDecErr);
    bench.host_write = {300, 5, 1};
    Reference ref;
    ref.model.load(p);
    ref.model.set_semaphore(5, 1);
    ref.model.memory().inject_error(lo, hi, arch::AxiResp::DecErr);
    const Outcome out = bench.run();
    ref.result = ref.model.run();
    compare(out, ref, p);
    CHECK_FALSE(out.error);
    CHECK(bench.mem().stats().decerr > 0);  // the prefetch did read them
  }
  SECTION("semaphore misuse in a wait") {
    const isa::Program p = raw_program(
        {{T, {nop(T), with_field(nop(T, wait_only(1, 1)), isa::layout::kWaitSem, 40), end(T)}}});
    const Outcome out = run_and_compare("seq_err_sem", p, seed);
    CHECK(out.err.code == ErrorCode::SemaphoreMisuse);
    CHECK(out.err.address == stream_address(T, 1));
  }
}

TEST_CASE("issue rate: buffered instructions leave one per cycle", "[seq][rate]") {
  // The tensor stream waits on s0, which the host sets once the prefetch has filled; then the
  // buffered MATMULs issue back to back, and the rest at the fetch bandwidth (one 64-byte
  // instruction per 8 beats of the 64-bit bus). Fastest legal memory, executor always ready.
  constexpr unsigned kLong = 64;
  kb::KernelBuilder kb(isa::generated_hw_config());
  const Operands op = make_operands(kb);
  const isa::InstructionWords mm =
      isa::encode(Instruction::matmul({op.psum.ap(), op.stationary.ap(), op.moving.ap(), true}));
  std::vector<isa::InstructionWords> code{nop(Engine::Tensor, wait_only(0, 1))};
  code.insert(code.end(), kLong, mm);
  code.push_back(end(Engine::Tensor));
  const isa::Program p = raw_program({{Engine::Tensor, code}});

  SeqBench bench("seq_rate", Catch::getSeed(), bfm::Axi4MemKnobs::none());
  bench.ready_chance = 1.0;
  bench.max_delay = 1;
  bench.load(p);
  bench.host_write = {200, 0, 1};  // s0 = 1, 200 cycles after start
  Reference ref;
  ref.model.load(p);
  ref.model.set_semaphore(0, 1);
  const Outcome out = bench.run();
  ref.result = ref.model.run();
  compare(out, ref, p);

  const std::vector<Event>& ev = bench.events();
  REQUIRE(ev.size() == kLong + 2);
  // ev[0] is the NOP; the next kFetchDepth MATMULs were buffered behind it.
  const uint64_t burst = ev[kFetchDepth].cycle - ev[1].cycle + 1;
  const uint64_t all = ev[kLong].cycle - ev[1].cycle + 1;
  fmt::print(
      "issue rate: {} buffered MATMULs in {} cycles; {} MATMULs in {} cycles "
      "({:.2f} cycles each, fetch-bound at 8 beats per instruction)\n",
      kFetchDepth, burst, kLong, all, double(all) / kLong);
  CHECK(ev[1].cycle == ev[0].cycle + 1);  // the first right after the NOP completes
  CHECK(burst == kFetchDepth);
  CHECK(all <= 8 * kLong + 16);  // the sequencer adds no bubble to the bus rate
}
