// How evaluate-annotation turns metrics into an Evaluation's score and
// verdict (docs/design/annotation.md).
//
// Against a human ground truth the score is the mean of the parts that apply:
// object F1 (when either side has objects), label Jaccard (when either side
// has labels) and 1 - CER clamped to 0..1 (when the ground truth has text);
// with none of them (both sides empty) it is 1. Without a ground truth it is
// SelfConsistency's score, combined with a second provider's run when one is
// configured (BySelfConsistency).
//
// Verdict: PASS at score >= pass, FAIL below fail, NEEDS_REVIEW between.
//
// Thread safety: values and pure functions.

#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "annotate/annotation.h"
#include "core/result.h"

namespace gloss::evaluate_annotation {

struct Thresholds {
  double pass = 0.7;
  double fail = 0.4;
};

// Reads PASS_THRESHOLD and FAIL_THRESHOLD (numbers in 0..1, fail <= pass).
using EnvLookup = const char* (*)(const char*);
Result<Thresholds> ThresholdsFromEnvironment(EnvLookup lookup);

struct Scored {
  double score = 0;
  std::string verdict;     // "PASS" | "FAIL" | "NEEDS_REVIEW"
  std::string evaluator;   // "ground-truth" | "self-consistency"
  nlohmann::json metrics;  // The Evaluation's metrics AWSJSON.
};

Scored AgainstGroundTruth(const annotate::Annotation& prediction,
                          const annotate::Annotation& ground_truth, const Thresholds& thresholds);
// `second_run`, when given, is another provider's annotation of the same
// image: the score becomes the mean of the consistency score, the agreement
// (object F1 and label Jaccard against the second run, where either has
// objects / labels) and 1 - the calibration error (CalibrationError).
Scored BySelfConsistency(const annotate::Annotation& prediction, const Thresholds& thresholds,
                         const annotate::Annotation* second_run = nullptr);

// How far `prediction`'s confidences are from how often a second run
// confirms its objects: per label, |mean confidence - precision against the
// second run|, weighted by the label's object count; 0 without objects.
double CalibrationError(const annotate::Annotation& prediction,
                        const annotate::Annotation& second_run);

std::string_view VerdictFor(double score, const Thresholds& thresholds);

}  // namespace gloss::evaluate_annotation
