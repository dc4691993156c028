// How good an annotation is: scored against a human ground truth (Evaluate),
// against a second provider run (AgreementWith), or, with nothing to compare
// to, checked for things that look wrong (SelfConsistency). Evaluate's result
// is the `metrics` AWSJSON of an Evaluation.
//
// This is not where a verdict (PASS/FAIL) is decided: that weighs these
// numbers with a project's policy.
//
// Thread safety: values and pure functions.

#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "annotate/annotation.h"

namespace gloss::annotate {

// A prediction matches a ground-truth object of its label at IoU >= this.
inline constexpr double kDefaultIouThreshold = 0.5;

// Object counts and scores for one label (or, in Metrics, for all objects).
//
// Empty cases: precision is 0 when nothing was predicted (TP+FP = 0) and
// recall is 0 when nothing was there to find (TP+FN = 0), so a label that is
// only missed or only invented scores 0 everywhere; F1 is 0 when P+R = 0.
// With no objects on either side (all counts 0) everything is 1: nothing was
// there and nothing was claimed, which is right.
struct LabelScore {
  int tp = 0;
  int fp = 0;
  int fn = 0;
  double precision = 1;
  double recall = 1;
  double f1 = 1;
};

struct Metrics {
  double iou_threshold = kDefaultIouThreshold;
  // Micro-averaged over all objects (see LabelScore for the empty cases).
  LabelScore objects;
  // Mean of per_label's F1; 1 when per_label is empty.
  double macro_f1 = 1;
  // Labels with at least one predicted or ground-truth object; labels that
  // appear on neither side are absent.
  std::map<std::string, LabelScore> per_label;
  // Mean IoU of the matched pairs; nullopt when nothing matched.
  std::optional<double> mean_iou;
  // |A ∩ B| / |A ∪ B| of the image-level label names; 1 when both are empty.
  double label_jaccard = 1;
  // CharacterErrorRate of the text items in reading order (see Evaluate).
  double cer = 0;

  // {"precision", "recall", "f1", "macroF1", "meanIoU" (null when nothing
  //  matched), "labelJaccard", "cer", "iouThreshold",
  //  "perLabel": {"cat": {"tp", "fp", "fn", "precision", "recall", "f1"}}}
  nlohmann::json ToJson() const;
};

// Scores `prediction` against `ground_truth`.
//
// Objects are matched per label, greedily: predictions in descending
// confidence (equal confidences in list order) each take the unmatched
// ground-truth object of the same label with the highest IoU (equal IoUs: the
// earlier one), if that IoU >= iou_threshold. A matched prediction is a true
// positive, an unmatched one a false positive, an unmatched ground-truth
// object a false negative. An object without a box never matches.
//
// Text: each side's items joined with single spaces in reading order (sorted
// by box top, then left, when every item has a box; else as given). Items on
// one line whose tops differ slightly sort by top, not left: the order is
// only as good as the boxes.
Metrics Evaluate(const Annotation& prediction, const Annotation& ground_truth,
                 double iou_threshold = kDefaultIouThreshold);

// Levenshtein distance between the two texts in Unicode code points (UTF-8
// decoded, case-sensitive; each byte of invalid UTF-8 is one unit of its own)
// divided by the ground truth's length. Above 1 when the prediction has many
// extra characters. Empty ground truth: 0 if the prediction is empty too,
// else 1. To bound the work (quadratic in the lengths) each text is cut to
// its first kMaxCerCodePoints units.
inline constexpr size_t kMaxCerCodePoints = 20000;
double CharacterErrorRate(std::string_view predicted, std::string_view ground_truth);

// Two runs (providers, models or prompts) on the same image: how far `a`
// agrees with `b`, taking `b` as the ground truth.
struct Agreement {
  double f1 = 1;             // Micro F1 of a's objects against b's (Evaluate's matching).
  double label_jaccard = 1;  // Of the image-level label names.
};
Agreement AgreementWith(const Annotation& a, const Annotation& b,
                        double iou_threshold = kDefaultIouThreshold);

// What SelfConsistency finds suspicious in an annotation with no ground
// truth. FromJson already guarantees boxes of positive area inside the
// image, so these are signs of a confused model, not malformed data:
// objects covering more than 95% of the image, an object repeating an
// earlier one of its label (IoU > 0.9), more than 100 objects, at least 5
// objects all with the same confidence (uncalibrated), and nothing at all
// (no labels, objects, text or caption).
//
// score = 0.8^n for n suspicious things (each large box and each repeated
// object counts, the object count and uncalibrated confidences count once),
// so 1 means nothing found; an empty annotation scores 0.
struct Consistency {
  double score = 1;
  std::vector<std::string> findings;  // One sentence per kind of problem, for people.
};
Consistency SelfConsistency(const Annotation& annotation);

}  // namespace gloss::annotate
