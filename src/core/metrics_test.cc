#include "core/metrics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace gloss {
namespace {

using ::testing::HasSubstr;

TEST(MetricsRegistryTest, SameNameAndLabelsReturnSameCounter) {
  MetricsRegistry registry;
  Counter& first = registry.GetCounter("requests_total", "Requests.", {{"route", "health"}});
  Counter& again = registry.GetCounter("requests_total", "Requests.", {{"route", "health"}});
  Counter& other = registry.GetCounter("requests_total", "Requests.", {{"route", "metrics"}});
  EXPECT_EQ(&first, &again);
  EXPECT_NE(&first, &other);
}

TEST(MetricsRegistryTest, RendersCountersInPrometheusTextFormat) {
  MetricsRegistry registry;
  registry.GetCounter("gloss_requests_total", "Requests.", {{"route", "a\"b"}}).Increment(3);
  const std::string text = registry.RenderPrometheus();
  EXPECT_THAT(text, HasSubstr("# HELP gloss_requests_total Requests.\n"));
  EXPECT_THAT(text, HasSubstr("# TYPE gloss_requests_total counter\n"));
  EXPECT_THAT(text, HasSubstr("gloss_requests_total{route=\"a\\\"b\"} 3\n"));
}

TEST(MetricsRegistryTest, HistogramBucketsAreCumulative) {
  MetricsRegistry registry;
  Histogram& histogram = registry.GetHistogram("latency_seconds", "Latency.", {{"route", "x"}});
  histogram.Observe(std::chrono::microseconds(50));  // <= 0.0001
  histogram.Observe(std::chrono::milliseconds(3));   // <= 0.005
  histogram.Observe(std::chrono::seconds(120));      // +Inf only
  EXPECT_EQ(histogram.count(), 3u);
  EXPECT_EQ(histogram.CumulativeCount(0), 1u);
  EXPECT_EQ(histogram.CumulativeCount(4), 2u);
  const std::string text = registry.RenderPrometheus();
  EXPECT_THAT(text, HasSubstr("latency_seconds_bucket{route=\"x\",le=\"0.0001\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("latency_seconds_bucket{route=\"x\",le=\"60\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("latency_seconds_bucket{route=\"x\",le=\"+Inf\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("latency_seconds_count{route=\"x\"} 3\n"));
}

}  // namespace
}  // namespace gloss
