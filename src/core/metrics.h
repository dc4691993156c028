// Metrics holds Prometheus-style counters and latency histograms and renders
// them in the Prometheus text exposition format (version 0.0.4).
//
// Series are registered once (by route, by service) and then updated on hot
// paths without locks: Counter and Histogram are plain atomics. Registration
// takes a mutex and returns a reference that stays valid for the registry's
// lifetime.
//
// Thread safety: every method may be called concurrently.

#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace gloss {

// Label pairs in a fixed order, e.g. {{"route", "health"}, {"method", "GET"}}.
using MetricLabels = std::vector<std::pair<std::string, std::string>>;

class Counter {
 public:
  void Increment(uint64_t by = 1) { value_.fetch_add(by, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_ = 0;
};

// Latency histogram with fixed buckets from 100 µs to 60 s.
class Histogram {
 public:
  static constexpr std::array<double, 14> kBucketSeconds = {
      0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 60};

  void Observe(std::chrono::nanoseconds elapsed);

  uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  // Cumulative count of observations <= kBucketSeconds[bucket_idx].
  uint64_t CumulativeCount(size_t bucket_idx) const;
  double SumSeconds() const;

 private:
  // Per-bucket (non-cumulative) counts; the last slot is +Inf.
  std::array<std::atomic<uint64_t>, kBucketSeconds.size() + 1> buckets_{};
  std::atomic<uint64_t> count_ = 0;
  std::atomic<uint64_t> sum_nanos_ = 0;
};

class MetricsRegistry {
 public:
  // Returns the counter of family `name` with `labels`, creating it on first
  // use. `help` is taken from the first registration of the family.
  Counter& GetCounter(const std::string& name, const std::string& help,
                      const MetricLabels& labels = {});
  Histogram& GetHistogram(const std::string& name, const std::string& help,
                          const MetricLabels& labels = {});

  // Every family, sorted by name, as Prometheus text.
  std::string RenderPrometheus() const;

 private:
  enum class Kind { kCounter, kHistogram };
  struct Family {
    Kind kind;
    std::string help;
    // Keyed by rendered label text `{a="b",c="d"}`; deques keep references stable.
    std::map<std::string, Counter*> counters;
    std::map<std::string, Histogram*> histograms;
  };

  mutable std::mutex mutex_;
  std::map<std::string, Family> families_;   // Guarded by mutex_.
  std::deque<Counter> counter_storage_;      // Guarded by mutex_ (growth only).
  std::deque<Histogram> histogram_storage_;  // Guarded by mutex_ (growth only).
};

}  // namespace gloss
