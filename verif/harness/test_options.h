// Command-line options shared by every Tessel test and demo binary.
//
// Our own options are taken out of argv before Catch2 parses the rest, and Verilator '+' arguments
// (e.g. +verilator+seed+7, +verilator+rand+reset+2) go to the VerilatedContext, never to Catch2.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace tessel::sim {

struct Options {
  std::string program;                   // argv[0], for the reproduce line
  std::vector<std::string> plusargs;     // '+...' arguments for VerilatedContext::commandArgs
  std::vector<std::string> passthrough;  // our own options as given, repeated in the repro line
  std::string trace_file;                // empty: no waveform
  uint64_t trace_start = 0;              // first cycle dumped
  uint64_t trace_end = std::numeric_limits<uint64_t>::max();  // last cycle dumped
  uint64_t max_cycles = 20'000'000;      // per harness; a hung test fails instead of spinning
  uint32_t seed = 0;                     // the run's seed (Catch2's --rng-seed in tests)
};

// The process-wide options (filled by take_options() in main).
Options& options();

// Resets options() to the defaults, then removes Tessel's options (--trace[=FILE], --trace-start=N, --trace-end=N, --max-cycles=N) and
// '+' arguments from argv, storing them in options(). Returns the remaining arguments (argv[0]
// first). Throws std::invalid_argument with a clear message on a malformed value.
std::vector<char*> take_options(int argc, char** argv);

// Help text for the options above.
const char* options_help();

}  // namespace tessel::sim
