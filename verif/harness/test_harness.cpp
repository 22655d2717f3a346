// The harness's own options: malformed values are rejected with a message, Verilator '+'
// arguments and Tessel options are taken out before Catch2 sees argv, and the reproduce line
// names the test and seed.
#include <stdexcept>
#include <string>
#include <vector>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "harness/repro.h"
#include "harness/sim_harness.h"
#include "harness/test_options.h"

using Catch::Matchers::ContainsSubstring;
using tessel::sim::options;
using tessel::sim::take_options;

namespace {

// Runs take_options on a fresh copy of the options, restoring the process-wide ones after.
struct ScopedOptions {
  tessel::sim::Options saved = options();
  ScopedOptions() { options() = {}; }
  ~ScopedOptions() { options() = saved; }
};

std::vector<std::string> parse(std::vector<std::string> args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  std::vector<std::string> rest;
  for (char* r : take_options(static_cast<int>(argv.size()), argv.data())) rest.emplace_back(r);
  return rest;
}

std::string parse_error(std::vector<std::string> args) {
  try {
    parse(std::move(args));
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("harness options are taken out of argv, the rest goes to Catch2", "[harness]") {
  ScopedOptions scope;
  const auto rest = parse({"prog", "+verilator+seed+7", "--trace=w.fst", "--trace-start=10",
                           "--trace-end=20", "--max-cycles=99", "my test", "--rng-seed", "5"});
  CHECK(rest == std::vector<std::string>{"prog", "my test", "--rng-seed", "5"});
  CHECK(options().plusargs == std::vector<std::string>{"+verilator+seed+7"});
  CHECK(options().trace_file == "w.fst");
  CHECK(options().trace_start == 10);
  CHECK(options().trace_end == 20);
  CHECK(options().max_cycles == 99);
}

TEST_CASE("a bare trace option writes tessel.fst", "[harness]") {
  ScopedOptions scope;
  parse({"prog", "--trace"});
  CHECK(options().trace_file == "tessel.fst");
}

TEST_CASE("malformed harness options are rejected with a message", "[harness][error]") {
  ScopedOptions scope;
  CHECK_THAT(parse_error({"prog", "--max-cycles=ten"}),
             ContainsSubstring("--max-cycles: 'ten' is not a whole number"));
  CHECK_THAT(parse_error({"prog", "--trace-start="}), ContainsSubstring("--trace-start needs"));
  CHECK_THAT(parse_error({"prog", "--trace-start=9", "--trace-end=3"}),
             ContainsSubstring("--trace-end (3) is before --trace-start (9)"));
  CHECK(parse_error({"prog", "--max-cycles=12"}) == "no error");
}

TEST_CASE("the reproduce line names the binary, the test and the seed", "[harness]") {
  ScopedOptions scope;
  parse({"./t", "--max-cycles=5", "+verilator+rand+reset+2"});
  CHECK(tessel::sim::repro_command("a, b [c]", 42) ==
        "./t \"a\\, b \\[c\\]\" --rng-seed 42 --max-cycles=5 +verilator+rand+reset+2");
}

TEST_CASE("waveforms of later harnesses in one process get numbered names", "[harness]") {
  CHECK(tessel::sim::trace_file_for_instance("run.fst", 0) == "run.fst");
  CHECK(tessel::sim::trace_file_for_instance("run.fst", 2) == "run.2.fst");
  CHECK(tessel::sim::trace_file_for_instance("dir.x/run", 1) == "dir.x/run.1.fst");
}
