#include "evaluate-annotation/scoring.h"

#include <algorithm>
#include <charconv>
#include <string>
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

Scored BySelfConsistency(const annotate::Annotation& prediction, const Thresholds& thresholds) {
  const annotate::Consistency consistency = annotate::SelfConsistency(prediction);
  return Scored{
      .score = consistency.score,
      .verdict = std::string(VerdictFor(consistency.score, thresholds)),
      .evaluator = "self-consistency",
      .metrics = {{"consistency", consistency.score}, {"findings", consistency.findings}}};
}

}  // namespace gloss::evaluate_annotation
