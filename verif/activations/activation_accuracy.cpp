// activation_accuracy: measures every activation function (exhaustive BF16, 10^6 random FP32)
// and prints the accuracy table of docs/activations.md, or rewrites it there.
//   activation_accuracy                       print the table
//   activation_accuracy --write DOC.md        replace the table between the markers in DOC.md
//   activation_accuracy --csv DIR             also write DIR/<function>.csv (BF16 inputs, errors)
#include <fmt/format.h>
#include <fmt/os.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "activations/accuracy.h"

using namespace tessel::act;
using namespace tessel::act::accuracy;

namespace {

constexpr const char* kBegin = "<!-- accuracy-table:begin (activation_accuracy --write) -->";
constexpr const char* kEnd = "<!-- accuracy-table:end -->";

// Bounds are published rounded outwards so that the measured values always satisfy them.
std::string up(double v) { return fmt::format("{:.2f}", std::ceil(v * 100) / 100); }
std::string down_pct(double v) { return fmt::format("{:.3f}", std::floor(v * 1000) / 1000); }

std::string row(Function f, const char* set, const Stats& s) {
  return fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", function_name(f), set,
                     s.count, up(s.max_fp32_ulp), up(s.mean_fp32_ulp()), up(s.max_bf16_ulp),
                     up(s.mean_bf16_ulp()), s.max_bf16_steps, down_pct(s.pct_exact()),
                     meets_target(s) ? "yes" : "**no**");
}

}  // namespace

int main(int argc, char** argv) {
  std::string write_path, csv_dir;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--write"))
      write_path = argv[i + 1];
    else if (!std::strcmp(argv[i], "--csv"))
      csv_dir = argv[i + 1];
  }
  std::string table = fmt::format(
      "{}\n| function | inputs | count | max FP32 ulp | mean FP32 ulp | max BF16 ulp | "
      "mean BF16 ulp | max BF16 steps from CR | % BF16 correctly rounded | target met |\n"
      "|---|---|---|---|---|---|---|---|---|---|\n",
      kBegin);
  for (Function f : kAllFunctions) {
    std::vector<Sample> samples;
    const Stats ex = measure_bf16_exhaustive(f, csv_dir.empty() ? nullptr : &samples);
    const Stats rnd = measure_fp32_random(f, kPublishedCount, kPublishedSeed);
    table += row(f, "bf16-all", ex) + row(f, "fp32-random", rnd);
    if (!csv_dir.empty()) {
      auto out = fmt::output_file(fmt::format("{}/{}.csv", csv_dir, function_name(f)));
      out.print("x_bits,fp32_ulp,bf16_ulp\n");
      for (const Sample& s : samples) out.print("{:#010x},{},{}\n", s.x, s.fp32_ulp, s.bf16_ulp);
    }
  }
  table += kEnd;
  if (write_path.empty()) {
    fmt::print("{}\n", table);
    return 0;
  }
  std::ifstream in(write_path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string doc = ss.str();
  const auto b = doc.find(kBegin), e = doc.find(kEnd);
  if (b == std::string::npos || e == std::string::npos) {
    fmt::print(stderr, "activation_accuracy: no table markers in {}\n", write_path);
    return 1;
  }
  doc.replace(b, e + std::strlen(kEnd) - b, table);
  std::ofstream(write_path) << doc;
  fmt::print("activation_accuracy: table written to {}\n", write_path);
  return 0;
}
