#include "evaluate-annotation/scoring.h"

#include <map>
#include <string>

#include <gtest/gtest.h>

namespace gloss::evaluate_annotation {
namespace {

annotate::Annotation Read(const char* text) {
  Result<annotate::Annotation> annotation = annotate::FromJson(nlohmann::json::parse(text));
  EXPECT_TRUE(annotation.ok()) << annotation.status().ToString();
  return annotation.ok() ? *annotation : annotate::Annotation{};
}

const char* Lookup(const std::map<std::string, std::string>& values, const char* name) {
  const auto found = values.find(name);
  return found == values.end() ? nullptr : found->second.c_str();
}

TEST(Scoring, VerdictsFollowTheThresholds) {
  const Thresholds thresholds;
  EXPECT_EQ(VerdictFor(0.7, thresholds), "PASS");
  EXPECT_EQ(VerdictFor(0.69, thresholds), "NEEDS_REVIEW");
  EXPECT_EQ(VerdictFor(0.4, thresholds), "NEEDS_REVIEW");
  EXPECT_EQ(VerdictFor(0.39, thresholds), "FAIL");
}

TEST(Scoring, ThresholdsComeFromTheEnvironment) {
  static std::map<std::string, std::string> values;
  const EnvLookup lookup = [](const char* name) { return Lookup(values, name); };
  values = {};
  ASSERT_TRUE(ThresholdsFromEnvironment(lookup).ok());
  values = {{"PASS_THRESHOLD", "0.9"}, {"FAIL_THRESHOLD", "0.5"}};
  const Result<Thresholds> read = ThresholdsFromEnvironment(lookup);
  ASSERT_TRUE(read.ok());
  EXPECT_DOUBLE_EQ(read->pass, 0.9);
  EXPECT_DOUBLE_EQ(read->fail, 0.5);
  for (const auto& bad : std::vector<std::map<std::string, std::string>>{
           {{"PASS_THRESHOLD", "high"}},
           {{"FAIL_THRESHOLD", "1.5"}},
           {{"PASS_THRESHOLD", "0.3"}, {"FAIL_THRESHOLD", "0.6"}}}) {
    values = bad;
    EXPECT_EQ(ThresholdsFromEnvironment(lookup).status().code(), StatusCode::kInvalidArgument);
  }
}

TEST(Scoring, AveragesTheApplicablePartsAgainstAGroundTruth) {
  // Objects: one of two ground-truth faces found (P = 1, R = 1/2, F1 = 2/3);
  // labels {face, person} vs {face}: Jaccard 1/2; no ground-truth text.
  // Score = (2/3 + 1/2) / 2 = 7/12.
  const annotate::Annotation prediction = Read(R"({
    "labels": ["face"],
    "objects": [{"label": "face", "box": {"x": 0.1, "y": 0.1, "w": 0.2, "h": 0.2}}]})");
  const annotate::Annotation truth = Read(R"({
    "labels": ["face", "person"],
    "objects": [{"label": "face", "box": {"x": 0.1, "y": 0.1, "w": 0.2, "h": 0.2}},
                {"label": "face", "box": {"x": 0.6, "y": 0.6, "w": 0.2, "h": 0.2}}]})");
  const Scored scored = AgainstGroundTruth(prediction, truth, Thresholds{});
  EXPECT_NEAR(scored.score, 7.0 / 12, 1e-12);
  EXPECT_EQ(scored.verdict, "NEEDS_REVIEW");
  EXPECT_EQ(scored.evaluator, "ground-truth");
  EXPECT_NEAR(scored.metrics["f1"].get<double>(), 2.0 / 3, 1e-12);

  // Text only: "STOP" read as "ST0P": CER 1/4, score 3/4.
  const Scored text = AgainstGroundTruth(Read(R"({"text": ["ST0P"]})"),
                                         Read(R"({"text": ["STOP"]})"), Thresholds{});
  EXPECT_NEAR(text.score, 0.75, 1e-12);
  EXPECT_EQ(text.verdict, "PASS");

  // Both empty: nothing claimed, nothing missed.
  EXPECT_DOUBLE_EQ(AgainstGroundTruth(Read("{}"), Read("{}"), Thresholds{}).score, 1.0);
}

TEST(Scoring, FallsBackToSelfConsistency) {
  const Scored empty = BySelfConsistency(Read("{}"), Thresholds{});
  EXPECT_DOUBLE_EQ(empty.score, 0.0);
  EXPECT_EQ(empty.verdict, "FAIL");
  EXPECT_EQ(empty.evaluator, "self-consistency");
  EXPECT_FALSE(empty.metrics["findings"].empty());
  const Scored plain =
      BySelfConsistency(Read(R"({"labels": ["cat"], "caption": "A cat."})"), Thresholds{});
  EXPECT_DOUBLE_EQ(plain.score, 1.0);
  EXPECT_EQ(plain.verdict, "PASS");
}

TEST(Scoring, ASecondRunChecksAgreementAndCalibration) {
  // Two faces at confidence 0.9; the second run confirms one: precision 1/2,
  // calibration error |0.9 - 0.5| = 0.4. Agreement F1 = 2 * (1/2 * 1) / (1/2 + 1) = 2/3.
  // No labels on either side. Score = mean(consistency 1, 1 - 0.4, 2/3) = 34/45.
  const annotate::Annotation prediction = Read(R"({"objects": [
    {"label": "face", "confidence": 0.9, "box": {"x": 0.1, "y": 0.1, "w": 0.2, "h": 0.2}},
    {"label": "face", "confidence": 0.9, "box": {"x": 0.6, "y": 0.6, "w": 0.2, "h": 0.2}}]})");
  const annotate::Annotation second = Read(R"({"objects": [
    {"label": "face", "box": {"x": 0.1, "y": 0.1, "w": 0.2, "h": 0.2}}]})");
  EXPECT_NEAR(CalibrationError(prediction, second), 0.4, 1e-12);
  const Scored scored = BySelfConsistency(prediction, Thresholds{}, &second);
  EXPECT_NEAR(scored.score, (1 + 0.6 + 2.0 / 3) / 3, 1e-12);
  EXPECT_EQ(scored.evaluator, "self-consistency+second-run");
  EXPECT_NEAR(scored.metrics["secondRun"]["calibrationError"].get<double>(), 0.4, 1e-12);
  EXPECT_DOUBLE_EQ(CalibrationError(Read("{}"), second), 0.0);
}

}  // namespace
}  // namespace gloss::evaluate_annotation
