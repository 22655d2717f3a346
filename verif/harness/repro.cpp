#include "harness/repro.h"

#include <fmt/format.h>

#include "harness/test_options.h"

namespace tessel::sim {

namespace {

// Catch2 test specs treat ',', '[', ']' and '\' specially and '*' as a wildcard.
std::string escape_test_name(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (c == ',' || c == '[' || c == ']' || c == '\\' || c == '*') out += '\\';
    if (c == '"') {
      out += "\\\"";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

std::string repro_command(std::string_view test_name, uint32_t seed) {
  const Options& opts = options();
  std::string cmd = fmt::format("{} \"{}\" --rng-seed {}", opts.program,
                                escape_test_name(test_name), seed);
  for (const auto& arg : opts.passthrough) cmd += " " + arg;
  for (const auto& arg : opts.plusargs) cmd += " " + arg;
  return cmd;
}

}  // namespace tessel::sim
