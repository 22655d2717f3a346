#include "harness/sim_harness.h"

namespace tessel::sim {

std::string trace_file_for_instance(const std::string& base, unsigned instance) {
  if (instance == 0) return base;
  const auto dot = base.rfind('.');
  const auto slash = base.rfind('/');
  const bool has_ext = dot != std::string::npos && (slash == std::string::npos || dot > slash);
  const std::string stem = has_ext ? base.substr(0, dot) : base;
  const std::string ext = has_ext ? base.substr(dot) : std::string(".fst");
  return fmt::format("{}.{}{}", stem, instance, ext);
}

}  // namespace tessel::sim
