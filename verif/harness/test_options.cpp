#include "harness/test_options.h"

#include <stdexcept>
#include <string_view>

#include <fmt/format.h>

namespace tessel::sim {

Options& options() {
  static Options opts;
  return opts;
}

namespace {

uint64_t parse_count(std::string_view option, std::string_view text) {
  if (text.empty()) throw std::invalid_argument(fmt::format("{} needs a number", option));
  uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') {
      throw std::invalid_argument(fmt::format("{}: '{}' is not a whole number", option, text));
    }
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  return value;
}

// Returns the value of "--name=value", or nullopt-like empty view with matched=false.
bool match(std::string_view arg, std::string_view name, std::string_view* value) {
  if (arg.substr(0, name.size()) != name) return false;
  if (arg.size() == name.size()) {
    *value = {};
    return true;
  }
  if (arg[name.size()] != '=') return false;
  *value = arg.substr(name.size() + 1);
  return true;
}

}  // namespace

std::vector<char*> take_options(int argc, char** argv) {
  Options& opts = options();
  opts = Options{};  // argv alone decides: nothing from an earlier parse survives
  opts.program = argc > 0 ? argv[0] : "test";
  std::vector<char*> rest;
  if (argc > 0) rest.push_back(argv[0]);
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    std::string_view value;
    if (!arg.empty() && arg[0] == '+') {
      opts.plusargs.emplace_back(arg);
      continue;
    }
    if (match(arg, "--trace-start", &value)) {
      opts.trace_start = parse_count("--trace-start", value);
    } else if (match(arg, "--trace-end", &value)) {
      opts.trace_end = parse_count("--trace-end", value);
    } else if (match(arg, "--trace", &value)) {
      opts.trace_file = value.empty() ? std::string("tessel.fst") : std::string(value);
    } else if (match(arg, "--max-cycles", &value)) {
      opts.max_cycles = parse_count("--max-cycles", value);
    } else {
      rest.push_back(argv[i]);
      continue;
    }
    opts.passthrough.emplace_back(arg);
  }
  if (opts.trace_end < opts.trace_start) {
    throw std::invalid_argument(fmt::format("--trace-end ({}) is before --trace-start ({})",
                                            opts.trace_end, opts.trace_start));
  }
  return rest;
}

const char* options_help() {
  return "Tessel options (besides Catch2's; see --help):\n"
         "  --trace[=FILE]     write an FST waveform (default tessel.fst); open with gtkwave\n"
         "  --trace-start=N    first clock cycle to dump (default 0)\n"
         "  --trace-end=N      last clock cycle to dump (default: end of simulation)\n"
         "  --max-cycles=N     fail a simulation that runs longer than N cycles (default "
         "20000000)\n"
         "  --rng-seed=N       (Catch2) the seed of every random stimulus and of Verilator\n"
         "  +verilator+...     passed to Verilator, e.g. +verilator+rand+reset+2\n";
}

}  // namespace tessel::sim
