// HwConfig: the bridge from the generated tessel_config.h, and the sanity check.
#include <string>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "isa/hw_config.h"
#include "isa/hw_config_generated.h"
#include "isa_test_util.h"

namespace {

using namespace tessel::isa;
using Catch::Matchers::ContainsSubstring;

// The named configurations of docs/architecture.md, written out by hand.
HwConfig expected_config(const std::string& name) {
  if (name == "tiny") return {"tiny", 4, 4, 4096, 8, 256, kDefaultDramBytes};
  if (name == "small") return {"small", 16, 16, 65536, 8, 2048, kDefaultDramBytes};
  if (name == "trn") return {"trn", 128, 128, 196608, 8, 2048, kDefaultDramBytes};
  FAIL("no hand-written expectation for configuration '" << name << "'");
  return {};
}

TEST_CASE("the generated configuration becomes the HwConfig written by hand", "[isa][config]") {
  const HwConfig hw = generated_hw_config();
  CHECK(hw == expected_config(hw.name));
  CHECK_NOTHROW(check_hw_config(hw));
  CHECK(generated_hw_config(1u << 20).dram_bytes == 1u << 20);
}

TEST_CASE("unusable configurations are refused", "[isa][config]") {
  HwConfig hw = test::small_hw();
  CHECK_NOTHROW(check_hw_config(hw));
  hw.rows = 256;  // partition fields have 8 bits
  CHECK_THROWS_WITH(check_hw_config(hw), ContainsSubstring("rows = 256"));
  hw = test::small_hw();
  hw.psum_bank_bytes = 1022;
  CHECK_THROWS_WITH(check_hw_config(hw), ContainsSubstring("multiple of 4"));
  hw = test::small_hw();
  hw.sbuf_bytes_per_partition = (1u << 24) + 1;  // offsets have 24 bits
  CHECK_THROWS_WITH(check_hw_config(hw), ContainsSubstring("sbuf_bytes_per_partition"));
  hw = test::small_hw();
  hw.name = "a-name-of-16-chr";
  CHECK_THROWS_WITH(check_hw_config(hw), ContainsSubstring("1 to 15 characters"));
}

}  // namespace
