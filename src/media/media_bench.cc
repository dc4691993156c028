// media_bench: the image pipeline over a corpus, as bench/images/run.sh runs
// it beside sharp. All files are read into memory first; a warm-up pass, then
// the timed pass over the corpus `--repeat` times with `--workers` images in
// flight. Prints one JSON line:
//   {"name":"gloss","images":N,"seconds":S,"images_per_s":R,"p50_ms":..,
//    "max_ms":..,"peak_rss_mb":..,"failed":["file",...],"cpu_seconds":..,
//    "bytes":{"file":[compressed, thumbnail],...}}
//
//   media_bench [--workers 2] [--repeat 2] CORPUS_DIR

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>
#include <sys/resource.h>

#include "media/image_pipeline.h"
#include "media/media_runtime.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Input {
  std::string name;
  std::vector<uint8_t> bytes;
};

struct Pass {
  std::vector<double> milliseconds;  // Of the images that succeeded.
  std::set<std::string> failed;
  nlohmann::json bytes = nlohmann::json::object();  // name -> [compressed, thumbnail]
  double seconds = 0;
  double cpu_seconds = 0;  // User + system, all threads.
};

double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& time) {
    return static_cast<double>(time.tv_sec) + static_cast<double>(time.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

Pass RunPass(const std::vector<Input>& inputs, int workers, int repeat) {
  const gloss::media::PipelineOptions options;
  const size_t total = inputs.size() * static_cast<size_t>(repeat);
  std::atomic<size_t> next{0};
  std::mutex mutex;
  Pass pass;
  const Clock::time_point start = Clock::now();
  const double cpu_start = CpuSeconds();
  std::vector<std::thread> threads;
  for (int worker = 0; worker < workers; ++worker) {
    threads.emplace_back([&] {
      for (size_t job = next++; job < total; job = next++) {
        const Input& input = inputs[job % inputs.size()];
        const Clock::time_point begin = Clock::now();
        const gloss::Result<gloss::media::ProcessedImage> processed =
            gloss::media::ProcessImage(input.bytes, options);
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - begin).count();
        const std::lock_guard lock(mutex);
        if (processed.ok()) {
          pass.milliseconds.push_back(ms);
          pass.bytes[input.name] = {processed->compressed.bytes.size(),
                                    processed->thumbnail.bytes.size()};
        } else {
          pass.failed.insert(input.name);
        }
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  pass.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  pass.cpu_seconds = CpuSeconds() - cpu_start;
  return pass;
}

}  // namespace

int main(int argc, char** argv) {
  int workers = 2;
  int repeat = 2;
  std::filesystem::path corpus;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--workers" && i + 1 < argc) {
      workers = std::max(1, std::stoi(argv[++i]));
    } else if (arg == "--repeat" && i + 1 < argc) {
      repeat = std::max(1, std::stoi(argv[++i]));
    } else {
      corpus = arg;
    }
  }
  if (corpus.empty() || !std::filesystem::is_directory(corpus)) {
    std::cerr << "usage: media_bench [--workers N] [--repeat N] CORPUS_DIR\n";
    return 2;
  }
  if (const gloss::Status started = gloss::media::InitMedia(workers > 1 ? 1 : 0); !started.ok()) {
    std::cerr << started.ToString() << "\n";
    return 1;
  }
  std::vector<Input> inputs;
  for (const auto& entry : std::filesystem::directory_iterator(corpus)) {
    if (entry.is_regular_file() && !entry.path().filename().string().starts_with(".")) {
      std::ifstream file(entry.path(), std::ios::binary);
      inputs.push_back({entry.path().filename().string(),
                        std::vector<uint8_t>(std::istreambuf_iterator<char>(file), {})});
    }
  }
  std::sort(inputs.begin(), inputs.end(),
            [](const Input& a, const Input& b) { return a.name < b.name; });
  RunPass(inputs, workers, 1);  // Warm-up: page faults, libvips' first-use setup.
  Pass pass = RunPass(inputs, workers, repeat);
  std::sort(pass.milliseconds.begin(), pass.milliseconds.end());
  const size_t count = pass.milliseconds.size();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const nlohmann::json result = {
      {"name", "gloss"},
      {"images", count},
      {"seconds", pass.seconds},
      {"images_per_s", static_cast<double>(count) / pass.seconds},
      {"p50_ms", count == 0 ? 0.0 : pass.milliseconds[count / 2]},
      {"max_ms", count == 0 ? 0.0 : pass.milliseconds.back()},
      {"peak_rss_mb", static_cast<double>(usage.ru_maxrss) / 1024.0},
      {"failed", pass.failed},
      {"cpu_seconds", pass.cpu_seconds},
      {"bytes", pass.bytes},
  };
  std::cout << result.dump() << "\n";
  return 0;
}
