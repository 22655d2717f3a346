// The one-line command that reproduces a test case.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tessel::sim {

// "<program> "<test name>" --rng-seed <seed> <Tessel options> <plusargs>", with the test name
// escaped so that Catch2 matches exactly that one test case.
std::string repro_command(std::string_view test_name, uint32_t seed);

}  // namespace tessel::sim
