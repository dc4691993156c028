#include "core/metrics.h"

#include <fmt/format.h>

#include "core/assert.h"

namespace gloss {
namespace {

std::string EscapeLabelValue(const std::string& value) {
  std::string out;
  out.reserve(value.size());
  for (const char c : value) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      default: out += c;
    }
  }
  return out;
}

std::string RenderLabels(const MetricLabels& labels) {
  if (labels.empty()) {
    return "";
  }
  std::string out = "{";
  for (size_t label_idx = 0; label_idx < labels.size(); ++label_idx) {
    if (label_idx > 0) {
      out += ',';
    }
    out += labels[label_idx].first + "=\"" + EscapeLabelValue(labels[label_idx].second) + "\"";
  }
  return out + "}";
}

// Adds `extra` (e.g. le="0.1") to a rendered label set.
std::string WithLabel(const std::string& labels, const std::string& extra) {
  if (labels.empty()) {
    return "{" + extra + "}";
  }
  return labels.substr(0, labels.size() - 1) + "," + extra + "}";
}

}  // namespace

void Histogram::Observe(std::chrono::nanoseconds elapsed) {
  const double seconds = std::chrono::duration<double>(elapsed).count();
  size_t bucket_idx = 0;
  while (bucket_idx < kBucketSeconds.size() && seconds > kBucketSeconds[bucket_idx]) {
    ++bucket_idx;
  }
  buckets_[bucket_idx].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_nanos_.fetch_add(static_cast<uint64_t>(elapsed.count() < 0 ? 0 : elapsed.count()),
                       std::memory_order_relaxed);
}

uint64_t Histogram::CumulativeCount(size_t bucket_idx) const {
  uint64_t total = 0;
  for (size_t idx = 0; idx <= bucket_idx && idx < buckets_.size(); ++idx) {
    total += buckets_[idx].load(std::memory_order_relaxed);
  }
  return total;
}

double Histogram::SumSeconds() const {
  return static_cast<double>(sum_nanos_.load(std::memory_order_relaxed)) / 1e9;
}

Counter& MetricsRegistry::GetCounter(const std::string& name, const std::string& help,
                                     const MetricLabels& labels) {
  std::lock_guard lock(mutex_);
  Family& family = families_.try_emplace(name, Family{Kind::kCounter, help, {}, {}}).first->second;
  GLOSS_CHECK(family.kind == Kind::kCounter);  // A family name has one kind, fixed in code.
  Counter*& slot = family.counters[RenderLabels(labels)];
  if (slot == nullptr) {
    slot = &counter_storage_.emplace_back();
  }
  return *slot;
}

Histogram& MetricsRegistry::GetHistogram(const std::string& name, const std::string& help,
                                         const MetricLabels& labels) {
  std::lock_guard lock(mutex_);
  Family& family =
      families_.try_emplace(name, Family{Kind::kHistogram, help, {}, {}}).first->second;
  GLOSS_CHECK(family.kind == Kind::kHistogram);  // A family name has one kind, fixed in code.
  Histogram*& slot = family.histograms[RenderLabels(labels)];
  if (slot == nullptr) {
    slot = &histogram_storage_.emplace_back();
  }
  return *slot;
}

std::string MetricsRegistry::RenderPrometheus() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& [name, family] : families_) {
    out += fmt::format("# HELP {} {}\n", name, family.help);
    if (family.kind == Kind::kCounter) {
      out += fmt::format("# TYPE {} counter\n", name);
      for (const auto& [labels, counter] : family.counters) {
        out += fmt::format("{}{} {}\n", name, labels, counter->value());
      }
      continue;
    }
    out += fmt::format("# TYPE {} histogram\n", name);
    for (const auto& [labels, histogram] : family.histograms) {
      for (size_t bucket_idx = 0; bucket_idx < Histogram::kBucketSeconds.size(); ++bucket_idx) {
        out += fmt::format(
            "{}_bucket{} {}\n", name,
            WithLabel(labels, fmt::format("le=\"{}\"", Histogram::kBucketSeconds[bucket_idx])),
            histogram->CumulativeCount(bucket_idx));
      }
      out += fmt::format("{}_bucket{} {}\n", name, WithLabel(labels, "le=\"+Inf\""),
                         histogram->count());
      out += fmt::format("{}_sum{} {}\n", name, labels, histogram->SumSeconds());
      out += fmt::format("{}_count{} {}\n", name, labels, histogram->count());
    }
  }
  return out;
}

}  // namespace gloss
