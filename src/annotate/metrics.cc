#include "annotate/metrics.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>
#include <string>
#include <string_view>
#include <utility>

namespace gloss::annotate {
namespace {

using nlohmann::json;

// Invalid UTF-8 bytes decode to units above every code point, so a stray
// byte 0xC3 never equals U+00C3.
constexpr char32_t kInvalidByteBase = 0x110000;

constexpr double kLargeBoxArea = 0.95;
constexpr double kDuplicateIou = 0.9;
constexpr size_t kManyObjects = 100;
constexpr size_t kMinObjectsForCalibration = 5;
constexpr double kConsistencyFactor = 0.8;

// Fills in precision, recall and F1 from the counts (empty cases: LabelScore).
LabelScore Scored(int tp, int fp, int fn) {
  LabelScore score{.tp = tp, .fp = fp, .fn = fn};
  if (tp + fp + fn == 0) {
    return score;
  }
  score.precision = tp + fp == 0 ? 0 : static_cast<double>(tp) / (tp + fp);
  score.recall = tp + fn == 0 ? 0 : static_cast<double>(tp) / (tp + fn);
  const double sum = score.precision + score.recall;
  score.f1 = sum == 0 ? 0 : 2 * score.precision * score.recall / sum;
  return score;
}

struct ObjectMatch {
  LabelScore all;
  double macro_f1 = 1;
  std::map<std::string, LabelScore> per_label;
  std::optional<double> mean_iou;
};

ObjectMatch MatchObjects(const std::vector<DetectedObject>& predictions,
                         const std::vector<DetectedObject>& truths, double iou_threshold) {
  std::vector<size_t> order(predictions.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return predictions[a].confidence > predictions[b].confidence;
  });

  std::map<std::string, LabelScore> counts;
  std::vector<bool> matched(truths.size(), false);
  double iou_sum = 0;
  int matches = 0;
  for (const size_t prediction_idx : order) {
    const DetectedObject& prediction = predictions[prediction_idx];
    std::optional<size_t> best;
    double best_iou = 0;
    for (size_t truth_idx = 0; prediction.box && truth_idx < truths.size(); ++truth_idx) {
      const DetectedObject& truth = truths[truth_idx];
      if (matched[truth_idx] || truth.label != prediction.label || !truth.box) {
        continue;
      }
      const double iou = IntersectionOverUnion(*prediction.box, *truth.box);
      if (iou >= iou_threshold && (!best || iou > best_iou)) {
        best = truth_idx;
        best_iou = iou;
      }
    }
    LabelScore& label = counts[prediction.label];
    if (best) {
      matched[*best] = true;
      ++label.tp;
      iou_sum += best_iou;
      ++matches;
    } else {
      ++label.fp;
    }
  }
  for (size_t truth_idx = 0; truth_idx < truths.size(); ++truth_idx) {
    if (!matched[truth_idx]) {
      ++counts[truths[truth_idx].label].fn;
    }
  }

  ObjectMatch result;
  int tp = 0;
  int fp = 0;
  int fn = 0;
  double f1_sum = 0;
  for (const auto& [name, count] : counts) {
    const LabelScore& label = result.per_label[name] = Scored(count.tp, count.fp, count.fn);
    tp += label.tp;
    fp += label.fp;
    fn += label.fn;
    f1_sum += label.f1;
  }
  result.all = Scored(tp, fp, fn);
  if (!counts.empty()) {
    result.macro_f1 = f1_sum / static_cast<double>(counts.size());
  }
  if (matches > 0) {
    result.mean_iou = iou_sum / matches;
  }
  return result;
}

double LabelJaccard(const std::vector<Label>& a, const std::vector<Label>& b) {
  std::set<std::string> names_a;
  std::set<std::string> names_b;
  for (const Label& label : a) {
    names_a.insert(label.name);
  }
  for (const Label& label : b) {
    names_b.insert(label.name);
  }
  std::set<std::string> all = names_a;
  all.insert(names_b.begin(), names_b.end());
  if (all.empty()) {
    return 1;
  }
  const size_t common = names_a.size() + names_b.size() - all.size();
  return static_cast<double>(common) / static_cast<double>(all.size());
}

std::string InReadingOrder(const std::vector<TextItem>& items) {
  std::vector<const TextItem*> ordered;
  for (const TextItem& item : items) {
    ordered.push_back(&item);
  }
  if (std::all_of(items.begin(), items.end(), [](const TextItem& item) { return item.box; })) {
    std::stable_sort(ordered.begin(), ordered.end(), [](const TextItem* a, const TextItem* b) {
      return std::pair(a->box->y, a->box->x) < std::pair(b->box->y, b->box->x);
    });
  }
  std::string text;
  for (const TextItem* item : ordered) {
    text += text.empty() ? "" : " ";
    text += item->text;
  }
  return text;
}

// The first kMaxCerCodePoints units of `text` (see CharacterErrorRate).
std::u32string DecodeUtf8(std::string_view text) {
  // The smallest code point each sequence length may encode (shorter is overlong).
  constexpr char32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
  std::u32string units;
  size_t at = 0;
  while (at < text.size() && units.size() < kMaxCerCodePoints) {
    const auto lead = static_cast<unsigned char>(text[at]);
    const size_t length = lead < 0x80             ? 1
                          : (lead & 0xE0) == 0xC0 ? 2
                          : (lead & 0xF0) == 0xE0 ? 3
                          : (lead & 0xF8) == 0xF0 ? 4
                                                  : 0;
    bool valid = length > 0 && at + length <= text.size();
    char32_t code_point = length == 1 ? lead : lead & (0x7F >> length);
    for (size_t byte_idx = 1; valid && byte_idx < length; ++byte_idx) {
      const auto next = static_cast<unsigned char>(text[at + byte_idx]);
      valid = (next & 0xC0) == 0x80;
      code_point = (code_point << 6) | (next & 0x3F);
    }
    valid = valid && code_point >= kMinimum[length] && code_point <= 0x10FFFF &&
            (code_point < 0xD800 || code_point > 0xDFFF);
    if (valid) {
      units.push_back(code_point);
      at += length;
    } else {
      units.push_back(kInvalidByteBase + lead);
      ++at;
    }
  }
  return units;
}

// Levenshtein distance with two rows of the table. A common prefix and suffix
// cost nothing and are skipped first: most texts compared are nearly equal.
size_t EditDistance(std::u32string_view a, std::u32string_view b) {
  while (!a.empty() && !b.empty() && a.front() == b.front()) {
    a.remove_prefix(1);
    b.remove_prefix(1);
  }
  while (!a.empty() && !b.empty() && a.back() == b.back()) {
    a.remove_suffix(1);
    b.remove_suffix(1);
  }
  std::vector<size_t> previous(b.size() + 1);
  std::vector<size_t> current(b.size() + 1);
  std::iota(previous.begin(), previous.end(), 0);
  for (size_t a_idx = 1; a_idx <= a.size(); ++a_idx) {
    current[0] = a_idx;
    for (size_t b_idx = 1; b_idx <= b.size(); ++b_idx) {
      const size_t substitution = previous[b_idx - 1] + (a[a_idx - 1] == b[b_idx - 1] ? 0 : 1);
      current[b_idx] = std::min({previous[b_idx] + 1, current[b_idx - 1] + 1, substitution});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

bool IsEmpty(const Annotation& annotation) {
  return annotation.labels.empty() && annotation.objects.empty() && annotation.text.empty() &&
         annotation.caption.empty();
}

json ScoreJson(const LabelScore& score) {
  return {{"tp", score.tp},         {"fp", score.fp},
          {"fn", score.fn},         {"precision", score.precision},
          {"recall", score.recall}, {"f1", score.f1}};
}

}  // namespace

json Metrics::ToJson() const {
  json per_label_json = json::object();
  for (const auto& [name, score] : per_label) {
    per_label_json[name] = ScoreJson(score);
  }
  return {{"precision", objects.precision},
          {"recall", objects.recall},
          {"f1", objects.f1},
          {"macroF1", macro_f1},
          {"meanIoU", mean_iou ? json(*mean_iou) : json(nullptr)},
          {"labelJaccard", label_jaccard},
          {"cer", cer},
          {"iouThreshold", iou_threshold},
          {"perLabel", std::move(per_label_json)}};
}

Metrics Evaluate(const Annotation& prediction, const Annotation& ground_truth,
                 double iou_threshold) {
  ObjectMatch match = MatchObjects(prediction.objects, ground_truth.objects, iou_threshold);
  return Metrics{
      .iou_threshold = iou_threshold,
      .objects = match.all,
      .macro_f1 = match.macro_f1,
      .per_label = std::move(match.per_label),
      .mean_iou = match.mean_iou,
      .label_jaccard = LabelJaccard(prediction.labels, ground_truth.labels),
      .cer = CharacterErrorRate(InReadingOrder(prediction.text), InReadingOrder(ground_truth.text)),
  };
}

double CharacterErrorRate(std::string_view predicted, std::string_view ground_truth) {
  const std::u32string truth = DecodeUtf8(ground_truth);
  const std::u32string guess = DecodeUtf8(predicted);
  if (truth.empty()) {
    return guess.empty() ? 0 : 1;
  }
  return static_cast<double>(EditDistance(guess, truth)) / static_cast<double>(truth.size());
}

Agreement AgreementWith(const Annotation& a, const Annotation& b, double iou_threshold) {
  return {.f1 = MatchObjects(a.objects, b.objects, iou_threshold).all.f1,
          .label_jaccard = LabelJaccard(a.labels, b.labels)};
}

Consistency SelfConsistency(const Annotation& annotation) {
  if (IsEmpty(annotation)) {
    return {.score = 0,
            .findings = {"the annotation is empty: no labels, objects, text or caption"}};
  }
  const std::vector<DetectedObject>& objects = annotation.objects;
  size_t large = 0;
  size_t repeated = 0;
  for (size_t object_idx = 0; object_idx < objects.size(); ++object_idx) {
    const DetectedObject& object = objects[object_idx];
    if (!object.box) {
      continue;
    }
    large += object.box->Area() > kLargeBoxArea ? 1 : 0;
    for (size_t earlier_idx = 0; earlier_idx < object_idx; ++earlier_idx) {
      const DetectedObject& earlier = objects[earlier_idx];
      if (earlier.label == object.label && earlier.box &&
          IntersectionOverUnion(*earlier.box, *object.box) > kDuplicateIou) {
        ++repeated;
        break;
      }
    }
  }
  const bool many = objects.size() > kManyObjects;
  const bool uncalibrated =
      objects.size() >= kMinObjectsForCalibration &&
      std::all_of(objects.begin(), objects.end(), [&](const DetectedObject& object) {
        return object.confidence == objects.front().confidence;
      });

  Consistency result;
  if (large > 0) {
    result.findings.push_back(std::to_string(large) +
                              " object(s) cover more than 95% of the image");
  }
  if (repeated > 0) {
    result.findings.push_back(std::to_string(repeated) +
                              " object(s) repeat an earlier object of the same label (IoU > 0.9)");
  }
  if (many) {
    result.findings.push_back(std::to_string(objects.size()) + " objects (more than 100)");
  }
  if (uncalibrated) {
    result.findings.push_back("all " + std::to_string(objects.size()) +
                              " objects have the same confidence (uncalibrated)");
  }
  const size_t suspicious = large + repeated + (many ? 1 : 0) + (uncalibrated ? 1 : 0);
  result.score = std::pow(kConsistencyFactor, static_cast<double>(suspicious));
  return result;
}

}  // namespace gloss::annotate
