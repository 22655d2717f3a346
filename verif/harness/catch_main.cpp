// The main() of every Tessel test binary: Tessel's options, Catch2's, and the reproduce line.
#include <cstdio>
#include <exception>
#include <string>

#include <catch2/catch_get_random_seed.hpp>
#include <catch2/catch_session.hpp>
#include <catch2/catch_test_case_info.hpp>
#include <catch2/reporters/catch_reporter_event_listener.hpp>
#include <catch2/reporters/catch_reporter_registrars.hpp>
#include <fmt/format.h>

#include "harness/repro.h"
#include "harness/test_options.h"

namespace {

// Catch2 prints the run's seed at the start ("Randomness seeded to: N").
// After a failed test case, prints the one command that reruns exactly that case with the same
// seed, so a failure seen in CI can be reproduced locally.
class ReproListener : public Catch::EventListenerBase {
 public:
  using Catch::EventListenerBase::EventListenerBase;

  void testCaseEnded(const Catch::TestCaseStats& stats) override {
    if (stats.totals.assertions.failed == 0) return;
    std::fflush(stdout);
    fmt::print(stderr, "REPRODUCE: {}\n",
               tessel::sim::repro_command(stats.testInfo->name, Catch::getSeed()));
    std::fflush(stderr);
  }
};

}  // namespace

CATCH_REGISTER_LISTENER(ReproListener)

int main(int argc, char** argv) {
  std::vector<char*> rest;
  try {
    rest = tessel::sim::take_options(argc, argv);
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: {}\n{}", e.what(), tessel::sim::options_help());
    return 2;
  }
  for (char* arg : rest) {
    if (std::string(arg) == "--help" || std::string(arg) == "-h") {
      fmt::print("{}\n", tessel::sim::options_help());
    }
  }
  Catch::Session session;
  const int rc = session.applyCommandLine(static_cast<int>(rest.size()), rest.data());
  if (rc != 0) return rc;
  tessel::sim::options().seed = session.config().rngSeed();
  return session.run();
}
