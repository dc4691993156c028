#include "evaluate-annotation/scoring.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "annotate/metrics.h"

namespace gloss::evaluate_annotation {
namespace {

Status ReadThreshold(EnvLookup lookup, const char* name, double& out) {
  const char* value = lookup(name);
  if (value == nullptr || *value == '\0') {
    return Status::Ok();
  }
  const std::string_view text = value;
  double parsed = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), parsed);
  if (error != std::errc() || end != text.data() + text.size() || parsed < 0 || parsed > 1) {
    return Status::InvalidArgument(std::string(name) + " must be a number from 0 to 1, not '" +
                                   std::string(text) + "'");
  }
  out = parsed;
  return Status::Ok();
}

std::string TextOf(const annotate::Annotation& annotation) {
  std::string text;
  for (const annotate::TextItem& item : annotation.text) {
    text += item.text;
  }
  return text;
}

}  // namespace

Result<Thresholds> ThresholdsFromEnvironment(EnvLookup lookup) {
  Thresholds thresholds;
  RETURN_IF_ERROR(ReadThreshold(lookup, "PASS_THRESHOLD", thresholds.pass));
  RETURN_IF_ERROR(ReadThreshold(lookup, "FAIL_THRESHOLD", thresholds.fail));
  if (thresholds.fail > thresholds.pass) {
    return Status::InvalidArgument("FAIL_THRESHOLD must not be above PASS_THRESHOLD");
  }
  return thresholds;
}

std::string_view VerdictFor(double score, const Thresholds& thresholds) {
  if (score >= thresholds.pass) {
    return "PASS";
  }
  return score < thresholds.fail ? "FAIL" : "NEEDS_REVIEW";
}

Scored AgainstGroundTruth(const annotate::Annotation& prediction,
                          const annotate::Annotation& ground_truth, const Thresholds& thresholds) {
  const annotate::Metrics metrics = annotate::Evaluate(prediction, ground_truth);
  std::vector<double> parts;
  if (!prediction.objects.empty() || !ground_truth.objects.empty()) {
    parts.push_back(metrics.objects.f1);
  }
  if (!prediction.labels.empty() || !ground_truth.labels.empty()) {
    parts.push_back(metrics.label_jaccard);
  }
  if (!TextOf(ground_truth).empty()) {
    parts.push_back(std::clamp(1 - metrics.cer, 0.0, 1.0));
  }
  double score = 1;
  if (!parts.empty()) {
    double sum = 0;
    for (const double part : parts) {
      sum += part;
    }
    score = sum / static_cast<double>(parts.size());
  }
  return Scored{.score = score,
                .verdict = std::string(VerdictFor(score, thresholds)),
                .evaluator = "ground-truth",
                .metrics = metrics.ToJson()};
}

double CalibrationError(const annotate::Annotation& prediction,
                        const annotate::Annotation& second_run) {
  if (prediction.objects.empty()) {
    return 0;
  }
  const annotate::Metrics agreement = annotate::Evaluate(prediction, second_run);
  std::map<std::string, std::pair<double, int>> confidence;  // label -> (sum, count)
  for (const annotate::DetectedObject& object : prediction.objects) {
    auto& [sum, count] = confidence[object.label];
    sum += object.confidence;
    ++count;
  }
  double weighted = 0;
  for (const auto& [label, totals] : confidence) {
    const auto& [sum, count] = totals;
    const auto score = agreement.per_label.find(label);
    const double precision = score == agreement.per_label.end() ? 0 : score->second.precision;
    weighted += std::abs(sum / count - precision) * count;
  }
  return weighted / static_cast<double>(prediction.objects.size());
}

Scored BySelfConsistency(const annotate::Annotation& prediction, const Thresholds& thresholds,
                         const annotate::Annotation* second_run) {
  const annotate::Consistency consistency = annotate::SelfConsistency(prediction);
  nlohmann::json metrics = {{"consistency", consistency.score}, {"findings", consistency.findings}};
  double score = consistency.score;
  if (second_run != nullptr) {
    const annotate::Agreement agreement = annotate::AgreementWith(prediction, *second_run);
    const double calibration_error = CalibrationError(prediction, *second_run);
    std::vector<double> parts = {consistency.score, 1 - std::min(calibration_error, 1.0)};
    if (!prediction.objects.empty() || !second_run->objects.empty()) {
      parts.push_back(agreement.f1);
    }
    if (!prediction.labels.empty() || !second_run->labels.empty()) {
      parts.push_back(agreement.label_jaccard);
    }
    double sum = 0;
    for (const double part : parts) {
      sum += part;
    }
    score = sum / static_cast<double>(parts.size());
    metrics["secondRun"] = {{"f1", agreement.f1},
                            {"labelJaccard", agreement.label_jaccard},
                            {"calibrationError", calibration_error}};
  }
  return Scored{
      .score = score,
      .verdict = std::string(VerdictFor(score, thresholds)),
      .evaluator = second_run != nullptr ? "self-consistency+second-run" : "self-consistency",
      .metrics = std::move(metrics)};
}

}  // namespace gloss::evaluate_annotation
