// annotate_local_bench: the local annotation provider over the corpus's JPEG
// photos, as bench/annotate/run.sh runs it. Each photo is decoded and
// downscaled to a long edge of at most 2048 px before anything is timed (the
// size the image pipeline hands on). Passes, each after an untimed warm-up:
//   - one thread, everything on: per-image wall and CPU ms (p50, max);
//   - one thread, one detector at a time (and none): what each one costs;
//   - two threads with a provider each: images per second.
// OpenCV's own worker threads are turned off so that one image uses one
// core; run with OMP_THREAD_LIMIT=1 for Tesseract's OpenMP likewise.
// Prints one JSON line:
//   {"images":N,"p50_ms":..,"max_ms":..,"cpu_p50_ms":..,"cpu_max_ms":..,
//    "stage_p50_ms":{"base":..,"faces":..,...},"threads":2,"images_per_s":..,
//    "objects":{"face":N,...},"words":N}
// With --annotations, also one JSON line per photo with its wall ms and
// annotation, from the first pass.
//
//   annotate_local_bench [--annotations] CORPUS_DIR

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "annotate/local/local_provider.h"

namespace {

using gloss::annotate::Annotation;
using gloss::annotate::local::LocalProvider;
using gloss::annotate::local::LocalProviderOptions;
using Clock = std::chrono::steady_clock;

constexpr int kLongEdge = 2048;

struct Photo {
  std::string name;
  cv::Mat rgb;

  gloss::annotate::local::RgbImage View() const {
    return {rgb.cols, rgb.rows, 3, {rgb.data, rgb.total() * 3}};
  }
};

struct Timing {
  std::vector<double> wall_ms;
  std::vector<double> cpu_ms;
};

double ThreadCpuMs() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

double Percentile(std::vector<double> values, double fraction) {
  if (values.empty()) {
    return 0;
  }
  std::sort(values.begin(), values.end());
  return values[static_cast<size_t>(fraction * static_cast<double>(values.size() - 1) + 0.5)];
}

std::unique_ptr<LocalProvider> CreateOrDie(const LocalProviderOptions& options) {
  gloss::Result<std::unique_ptr<LocalProvider>> provider = LocalProvider::Create(options);
  if (!provider.ok()) {
    std::cerr << provider.status().ToString() << "\n";
    std::exit(1);
  }
  return std::move(provider).value();
}

// Annotates every photo once on this thread; `each` sees every result and
// its wall ms.
Timing RunOneThread(const LocalProvider& provider, const std::vector<Photo>& photos,
                    const std::function<void(const Photo&, double, const Annotation&)>& each = {}) {
  (void)provider.Annotate(photos.front().View());  // Warm-up.
  Timing timing;
  for (const Photo& photo : photos) {
    const double cpu_start = ThreadCpuMs();
    const Clock::time_point start = Clock::now();
    gloss::Result<Annotation> annotation = provider.Annotate(photo.View());
    timing.wall_ms.push_back(
        std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    timing.cpu_ms.push_back(ThreadCpuMs() - cpu_start);
    if (!annotation.ok()) {
      std::cerr << photo.name << ": " << annotation.status().ToString() << "\n";
      std::exit(1);
    }
    if (each) {
      each(photo, timing.wall_ms.back(), *annotation);
    }
  }
  return timing;
}

// Images per second with `threads` threads, a provider each, over the photos
// twice.
double RunThreads(int threads, const std::vector<Photo>& photos) {
  std::vector<std::unique_ptr<LocalProvider>> providers;
  for (int index = 0; index < threads; ++index) {
    providers.push_back(CreateOrDie({}));
    (void)providers.back()->Annotate(photos.front().View());  // Warm-up.
  }
  const size_t total = photos.size() * 2;
  std::atomic<size_t> next{0};
  const Clock::time_point start = Clock::now();
  std::vector<std::thread> workers;
  for (int index = 0; index < threads; ++index) {
    workers.emplace_back([&, index] {
      for (size_t job = next++; job < total; job = next++) {
        (void)providers[index]->Annotate(photos[job % photos.size()].View());
      }
    });
  }
  for (std::thread& worker : workers) {
    worker.join();
  }
  return static_cast<double>(total) / std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  bool print_annotations = false;
  std::filesystem::path corpus;
  for (int index = 1; index < argc; ++index) {
    const std::string arg = argv[index];
    if (arg == "--annotations") {
      print_annotations = true;
    } else {
      corpus = arg;
    }
  }
  if (corpus.empty() || !std::filesystem::is_directory(corpus)) {
    std::cerr << "usage: annotate_local_bench [--annotations] CORPUS_DIR\n";
    return 2;
  }
  cv::setNumThreads(0);  // OpenCV runs its loops on the calling thread.

  std::vector<Photo> photos;
  for (const auto& entry : std::filesystem::directory_iterator(corpus)) {
    // The corpus's JPEG photos are p*.jpg (large, medium, small); x*.jpg
    // are edge cases such as a truncated file.
    const std::string name = entry.path().filename().string();
    if (!name.starts_with("p") || entry.path().extension() != ".jpg") {
      continue;
    }
    cv::Mat bgr = cv::imread(entry.path().string(), cv::IMREAD_COLOR);
    if (bgr.empty()) {
      std::cerr << "cannot decode " << name << "\n";
      return 1;
    }
    const double scale =
        std::min(1.0, static_cast<double>(kLongEdge) / std::max(bgr.cols, bgr.rows));
    cv::resize(bgr, bgr, cv::Size(), scale, scale, cv::INTER_AREA);
    Photo photo{name, {}};
    cv::cvtColor(bgr, photo.rgb, cv::COLOR_BGR2RGB);
    photos.push_back(std::move(photo));
  }
  if (photos.empty()) {
    std::cerr << "no JPEG photos in " << corpus << "\n";
    return 1;
  }
  std::sort(photos.begin(), photos.end(),
            [](const Photo& a, const Photo& b) { return a.name < b.name; });

  std::map<std::string, int> objects;
  size_t words = 0;
  const Timing all = RunOneThread(
      *CreateOrDie({}), photos, [&](const Photo& photo, double ms, const Annotation& annotation) {
        for (const auto& object : annotation.objects) {
          ++objects[object.label];
        }
        words += annotation.text.size();
        if (print_annotations) {
          std::cout << nlohmann::json{{"name", photo.name},
                                      {"ms", ms},
                                      {"annotation", ToJson(annotation)}}
                           .dump()
                    << "\n";
        }
      });

  // Each detector alone, and none ("base": conversions and image properties).
  const std::vector<std::pair<std::string, std::function<void(LocalProviderOptions&)>>> stages = {
      {"base", [](LocalProviderOptions&) {}},
      {"faces", [](LocalProviderOptions& o) { o.detect_faces = true; }},
      {"cats", [](LocalProviderOptions& o) { o.detect_cats = true; }},
      {"people", [](LocalProviderOptions& o) { o.detect_people = true; }},
      {"licence_plates", [](LocalProviderOptions& o) { o.detect_licence_plates = true; }},
      {"text", [](LocalProviderOptions& o) { o.read_text = true; }},
  };
  nlohmann::json stage_p50 = nlohmann::json::object();
  for (const auto& [name, enable] : stages) {
    LocalProviderOptions options;
    options.detect_faces = options.detect_cats = options.detect_people = false;
    options.detect_licence_plates = options.read_text = false;
    enable(options);
    stage_p50[name] = Percentile(RunOneThread(*CreateOrDie(options), photos).cpu_ms, 0.5);
  }

  constexpr int kThreads = 2;
  const nlohmann::json result = {
      {"images", photos.size()},
      {"p50_ms", Percentile(all.wall_ms, 0.5)},
      {"max_ms", Percentile(all.wall_ms, 1)},
      {"cpu_p50_ms", Percentile(all.cpu_ms, 0.5)},
      {"cpu_max_ms", Percentile(all.cpu_ms, 1)},
      {"stage_cpu_p50_ms", stage_p50},
      {"threads", kThreads},
      {"images_per_s", RunThreads(kThreads, photos)},
      {"objects", objects},
      {"words", words},
  };
  std::cout << result.dump() << "\n";
  return 0;
}
