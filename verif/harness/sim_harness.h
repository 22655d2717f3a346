// The one Verilator harness every Tessel RTL test and demo uses.
//
//   tessel::sim::Harness<Vtensor_psum_top> sim("tensor");  // context, model, seed, trace
//   sim.reset();                       // rst_ni low for a few cycles, clock running
//   sim.dut().mv_valid_i = 1; sim.eval();   // set inputs, settle combinational outputs
//   sim.tick();                        // one rising edge; throws past --max-cycles
//
// Clock/reset members (clk_i, rst_ni) are only needed by the models whose tests call
// tick()/reset(); purely combinational tops use eval() alone.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include <fmt/format.h>
#include <verilated.h>

// TESSEL_TRACE (set by CMake) says whether the verilated models carry FST waveform support.
#ifndef TESSEL_TRACE
#define TESSEL_TRACE 1
#endif
#if TESSEL_TRACE
#include <verilated_fst_c.h>
#endif

#include "harness/test_options.h"

namespace tessel::sim {

// Thrown when a simulation exceeds its cycle limit: a hang becomes a test failure with a message.
class CycleLimitExceeded : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Picks the waveform file of the n-th harness in this process ("x.fst", "x.1.fst", ...).
std::string trace_file_for_instance(const std::string& base, unsigned instance);

template <class Model>
class Harness {
 public:
  explicit Harness(std::string name, uint32_t seed = options().seed)
      : name_(std::move(name)), ctx_(std::make_unique<VerilatedContext>()) {
    const Options& opts = options();
    ctx_->randReset(2);  // randomise every uninitialised register: reset must not rely on 0s
    ctx_->randSeed(static_cast<int>(seed & 0x7fffffff));
    std::vector<const char*> args{opts.program.c_str()};
    for (const auto& a : opts.plusargs) args.push_back(a.c_str());
    ctx_->commandArgs(static_cast<int>(args.size()), args.data());  // may override seed/reset
    if (!opts.trace_file.empty() && !TESSEL_TRACE) {
      throw std::runtime_error(
          "--trace: this build has no waveform support (configure with -DTESSEL_TRACE=ON)");
    }
    if (!opts.trace_file.empty()) ctx_->traceEverOn(true);
    dut_ = std::make_unique<Model>(ctx_.get(), "TOP");
    if (!opts.trace_file.empty()) open_trace(opts.trace_file);
  }

  Harness(const Harness&) = delete;
  Harness& operator=(const Harness&) = delete;

  ~Harness() {
    dut_->final();
    if (trace_) {
      trace_->close();
      fmt::print("Tessel: waveform written to {} (open with: gtkwave {})\n", trace_path_,
                 trace_path_);
    }
#ifdef TESSEL_COVERAGE
    ctx_->coveragep()->write(fmt::format("coverage/{}.dat", name_).c_str());
#endif
  }

  Model& dut() { return *dut_; }
  VerilatedContext& context() { return *ctx_; }
  uint64_t cycle() const { return cycle_; }
  const std::string& name() const { return name_; }

  // Settles combinational logic after the test changed inputs.
  void eval() { dut_->eval(); }

  // One clock cycle: the rising edge samples the inputs the test has set, then the clock falls.
  void tick() {
    if (cycle_ >= options().max_cycles) {
      throw CycleLimitExceeded(fmt::format(
          "{}: cycle limit of {} cycles reached (a hang?); raise it with --max-cycles=N", name_,
          options().max_cycles));
    }
    dut_->clk_i = 1;
    step_time();
    dut_->clk_i = 0;
    step_time();
    ++cycle_;
  }

  // Holds rst_ni low for `cycles` clock cycles, then releases it.
  void reset(unsigned cycles = 4) {
    dut_->clk_i = 0;
    dut_->rst_ni = 0;
    dut_->eval();
    for (unsigned i = 0; i < cycles; ++i) tick();
    dut_->rst_ni = 1;
    dut_->eval();
  }

  // Ticks until done() holds; throws CycleLimitExceeded (with `what`) after `limit` cycles.
  template <class Pred>
  uint64_t run_until(Pred done, uint64_t limit, const char* what) {
    uint64_t n = 0;
    while (!done()) {
      if (n++ >= limit) {
        throw CycleLimitExceeded(
            fmt::format("{}: '{}' not reached within {} cycles", name_, what, limit));
      }
      tick();
    }
    return n;
  }

 private:
  void step_time() {
    ctx_->timeInc(1);
    dut_->eval();
    if (trace_ && cycle_ >= options().trace_start && cycle_ <= options().trace_end) {
      trace_->dump(ctx_->time());
    }
  }

#if TESSEL_TRACE
  using Trace = VerilatedFstC;
  void open_trace(const std::string& base) {
    static unsigned instances = 0;
    trace_path_ = trace_file_for_instance(base, instances++);
    trace_ = std::make_unique<Trace>();
    dut_->trace(trace_.get(), 99);
    trace_->open(trace_path_.c_str());
  }
#else
  // Never called: the constructor refuses --trace in a build without waveform support.
  struct Trace {
    void close() {}
    void dump(uint64_t) {}
  };
  void open_trace(const std::string&) {}
#endif

  std::string name_;
  std::unique_ptr<VerilatedContext> ctx_;
  std::unique_ptr<Model> dut_;
  std::unique_ptr<Trace> trace_;
  std::string trace_path_;
  uint64_t cycle_ = 0;
};

}  // namespace tessel::sim
