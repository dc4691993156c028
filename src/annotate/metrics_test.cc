#include "annotate/metrics.h"

#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace gloss::annotate {
namespace {

using nlohmann::json;

// Built field by field: designated initializers would have to name every
// member without a default (-Wmissing-field-initializers).
DetectedObject Unboxed(std::string label) {
  DetectedObject object;
  object.label = std::move(label);
  return object;
}

DetectedObject Object(std::string label, double confidence, Box box) {
  DetectedObject object = Unboxed(std::move(label));
  object.confidence = confidence;
  object.box = box;
  return object;
}

Annotation WithObjects(std::vector<DetectedObject> objects) {
  Annotation annotation;
  annotation.objects = std::move(objects);
  return annotation;
}

Annotation WithLabels(const std::vector<std::string>& names) {
  Annotation annotation;
  for (const std::string& name : names) {
    annotation.labels.push_back({.name = name});
  }
  return annotation;
}

TextItem Text(std::string text, std::optional<Box> box = std::nullopt) {
  TextItem item;
  item.text = std::move(text);
  item.box = box;
  return item;
}

void ExpectScore(const LabelScore& score, int tp, int fp, int fn, double precision, double recall,
                 double f1) {
  EXPECT_EQ(score.tp, tp);
  EXPECT_EQ(score.fp, fp);
  EXPECT_EQ(score.fn, fn);
  EXPECT_DOUBLE_EQ(score.precision, precision);
  EXPECT_DOUBLE_EQ(score.recall, recall);
  EXPECT_DOUBLE_EQ(score.f1, f1);
}

constexpr Box kTopLeft{.x = 0, .y = 0, .w = 0.5, .h = 0.5};
constexpr Box kBottomRight{.x = 0.5, .y = 0.5, .w = 0.5, .h = 0.5};

TEST(Evaluate, IdenticalObjectsScoreOne) {
  const Annotation truth = WithObjects({Object("cat", 1, kTopLeft)});
  const Metrics metrics = Evaluate(truth, truth);
  ExpectScore(metrics.objects, 1, 0, 0, 1, 1, 1);
  EXPECT_DOUBLE_EQ(metrics.macro_f1, 1);
  ASSERT_TRUE(metrics.mean_iou);
  EXPECT_DOUBLE_EQ(*metrics.mean_iou, 1);
}

TEST(Evaluate, MatchesGreedilyByConfidencePerLabel) {
  const Annotation truth = WithObjects({
      Object("cat", 1, kTopLeft),                                  // A, area 0.25
      Object("cat", 1, kBottomRight),                              // B, area 0.25
      Object("dog", 1, {.x = 0, .y = 0.5, .w = 0.25, .h = 0.25}),  // C
  });
  const Annotation prediction = WithObjects({
      // Listed out of confidence order on purpose.
      // p2: IoU 1 with A, but p1 took A; IoU 0 with B: FP.
      Object("cat", 0.8, kTopLeft),
      // p1: with A, intersection 0.5 * 0.25 = 0.125, union 0.25 + 0.125 - 0.125 = 0.25,
      // IoU 0.5 >= 0.5: TP.
      Object("cat", 0.9, {.x = 0, .y = 0, .w = 0.5, .h = 0.25}),
      // p3: with B, intersection 0.25 * 0.5 = 0.125, union 0.25: IoU 0.5: TP.
      Object("cat", 0.7, {.x = 0.5, .y = 0.5, .w = 0.25, .h = 0.5}),
      // p4: no overlap with C: FP, and C is a FN.
      Object("dog", 0.6, {.x = 0.75, .y = 0, .w = 0.25, .h = 0.25}),
      // p5: a label the truth does not have: FP.
      Object("bird", 0.5, kTopLeft),
  });
  const Metrics metrics = Evaluate(prediction, truth);

  // cat: TP 2, FP 1, FN 0: P = 2/3, R = 1, F1 = 2 * (2/3) / (5/3) = 0.8.
  ExpectScore(metrics.per_label.at("cat"), 2, 1, 0, 2.0 / 3, 1, 0.8);
  // dog: TP 0, FP 1, FN 1: all 0.
  ExpectScore(metrics.per_label.at("dog"), 0, 1, 1, 0, 0, 0);
  // bird: TP 0, FP 1, FN 0: P = 0/1, R has TP + FN = 0: 0.
  ExpectScore(metrics.per_label.at("bird"), 0, 1, 0, 0, 0, 0);
  EXPECT_EQ(metrics.per_label.size(), 3U);
  // Micro: TP 2, FP 3, FN 1: P = 2/5, R = 2/3, F1 = 2TP / (2TP + FP + FN) = 4/8.
  ExpectScore(metrics.objects, 2, 3, 1, 0.4, 2.0 / 3, 0.5);
  // Macro: (0.8 + 0 + 0) / 3.
  EXPECT_DOUBLE_EQ(metrics.macro_f1, 0.8 / 3);
  // Matched IoUs 0.5 and 0.5.
  ASSERT_TRUE(metrics.mean_iou);
  EXPECT_DOUBLE_EQ(*metrics.mean_iou, 0.5);
}

TEST(Evaluate, IouExactlyAtTheThresholdMatches) {
  // Intersection 1 * 0.5 = 0.5, union 1 + 0.5 - 0.5 = 1: IoU exactly 0.5.
  const Annotation truth = WithObjects({Object("cat", 1, {.x = 0, .y = 0, .w = 1, .h = 1})});
  const Annotation prediction = WithObjects({Object("cat", 1, {.x = 0, .y = 0, .w = 1, .h = 0.5})});
  EXPECT_EQ(Evaluate(prediction, truth).objects.tp, 1);
  EXPECT_EQ(Evaluate(prediction, truth, 0.5).objects.tp, 1);
  const Metrics stricter = Evaluate(prediction, truth, 0.51);
  ExpectScore(stricter.objects, 0, 1, 1, 0, 0, 0);
  EXPECT_FALSE(stricter.mean_iou);
  EXPECT_DOUBLE_EQ(stricter.iou_threshold, 0.51);
}

TEST(Evaluate, EqualConfidencesMatchInListOrder) {
  const Annotation truth = WithObjects({Object("cat", 1, kTopLeft)});
  const DetectedObject half = Object("cat", 0.5, {.x = 0, .y = 0, .w = 0.5, .h = 0.25});  // IoU 0.5
  const DetectedObject whole = Object("cat", 0.5, kTopLeft);                              // IoU 1

  // The first listed takes the only truth, even with the lower IoU.
  const Metrics half_first = Evaluate(WithObjects({half, whole}), truth);
  ExpectScore(half_first.objects, 1, 1, 0, 0.5, 1, 2.0 / 3);
  EXPECT_DOUBLE_EQ(*half_first.mean_iou, 0.5);

  const Metrics whole_first = Evaluate(WithObjects({whole, half}), truth);
  ExpectScore(whole_first.objects, 1, 1, 0, 0.5, 1, 2.0 / 3);
  EXPECT_DOUBLE_EQ(*whole_first.mean_iou, 1);
}

TEST(Evaluate, EqualIousMatchTheEarlierTruth) {
  const Annotation truth = WithObjects({
      Object("cat", 1, {.x = 0, .y = 0, .w = 0.5, .h = 0.5}),    // T1
      Object("cat", 1, {.x = 0.5, .y = 0, .w = 0.5, .h = 0.5}),  // T2
  });
  const Annotation prediction = WithObjects({
      // IoU 0.25 / 0.5 = 0.5 with T1 and with T2: takes T1, the earlier.
      Object("cat", 0.9, {.x = 0, .y = 0, .w = 1, .h = 0.5}),
      // IoU 1 with T1 (taken), 0 with T2: a FP. Had the first taken T2, this would be a TP.
      Object("cat", 0.8, {.x = 0, .y = 0, .w = 0.5, .h = 0.5}),
  });
  ExpectScore(Evaluate(prediction, truth).objects, 1, 1, 1, 0.5, 0.5, 0.5);
}

TEST(Evaluate, NoMatchesScoreZeroAndHaveNoMeanIou) {
  const Metrics metrics = Evaluate(WithObjects({Object("cat", 1, kTopLeft)}),
                                   WithObjects({Object("cat", 1, kBottomRight)}));
  ExpectScore(metrics.objects, 0, 1, 1, 0, 0, 0);
  EXPECT_DOUBLE_EQ(metrics.macro_f1, 0);
  EXPECT_FALSE(metrics.mean_iou);
  EXPECT_TRUE(metrics.ToJson()["meanIoU"].is_null());
}

TEST(Evaluate, ObjectsWithoutBoxesNeverMatch) {
  const Annotation prediction = WithObjects({Unboxed("cat")});
  const Annotation truth = WithObjects({Object("cat", 1, kTopLeft)});
  ExpectScore(Evaluate(prediction, truth).objects, 0, 1, 1, 0, 0, 0);
  ExpectScore(Evaluate(truth, prediction).objects, 0, 1, 1, 0, 0, 0);
}

TEST(Evaluate, EmptySides) {
  // Nothing on either side: nothing missed, nothing invented.
  const Metrics nothing = Evaluate(Annotation{}, Annotation{});
  ExpectScore(nothing.objects, 0, 0, 0, 1, 1, 1);
  EXPECT_DOUBLE_EQ(nothing.macro_f1, 1);
  EXPECT_TRUE(nothing.per_label.empty());
  EXPECT_FALSE(nothing.mean_iou);
  EXPECT_DOUBLE_EQ(nothing.label_jaccard, 1);
  EXPECT_DOUBLE_EQ(nothing.cer, 0);

  const Annotation two_cats =
      WithObjects({Object("cat", 1, kTopLeft), Object("cat", 1, kBottomRight)});
  // No predictions: TP 0, FP 0, FN 2; P has TP + FP = 0: 0; R = 0/2.
  const Metrics missed = Evaluate(Annotation{}, two_cats);
  ExpectScore(missed.objects, 0, 0, 2, 0, 0, 0);
  ExpectScore(missed.per_label.at("cat"), 0, 0, 2, 0, 0, 0);
  // No truth: TP 0, FP 2, FN 0; P = 0/2; R has TP + FN = 0: 0.
  const Metrics invented = Evaluate(two_cats, Annotation{});
  ExpectScore(invented.objects, 0, 2, 0, 0, 0, 0);
  EXPECT_DOUBLE_EQ(invented.macro_f1, 0);
}

TEST(Evaluate, LabelJaccardOfImageLevelNames) {
  // {cat, sofa, dog} and {cat, sofa, lamp}: 2 in common of 4.
  EXPECT_DOUBLE_EQ(Evaluate(WithLabels({"cat", "sofa", "dog"}), WithLabels({"cat", "sofa", "lamp"}))
                       .label_jaccard,
                   0.5);
  EXPECT_DOUBLE_EQ(Evaluate(WithLabels({}), WithLabels({"cat"})).label_jaccard, 0);
  EXPECT_DOUBLE_EQ(Evaluate(WithLabels({"cat"}), WithLabels({"cat"})).label_jaccard, 1);
  // Object labels do not count.
  Annotation with_object = WithLabels({"cat"});
  with_object.objects.push_back(Object("dog", 1, kTopLeft));
  EXPECT_DOUBLE_EQ(Evaluate(with_object, WithLabels({"cat"})).label_jaccard, 1);
}

TEST(CharacterErrorRate, CountsEditsOverTheTruthLength) {
  EXPECT_DOUBLE_EQ(CharacterErrorRate("STOP", "STOP"), 0);
  // kitten → sitting: k→s, e→i, insert g: 3 edits over 7.
  EXPECT_DOUBLE_EQ(CharacterErrorRate("kitten", "sitting"), 3.0 / 7);
  // Case-sensitive: 4 substitutions over 4.
  EXPECT_DOUBLE_EQ(CharacterErrorRate("stop", "STOP"), 1);
  // 3 insertions over 1: above 1.
  EXPECT_DOUBLE_EQ(CharacterErrorRate("abcd", "a"), 3);
}

TEST(CharacterErrorRate, EmptyTexts) {
  EXPECT_DOUBLE_EQ(CharacterErrorRate("", ""), 0);
  EXPECT_DOUBLE_EQ(CharacterErrorRate("anything", ""), 1);
  EXPECT_DOUBLE_EQ(CharacterErrorRate("", "abc"), 1);  // 3 deletions over 3.
}

TEST(CharacterErrorRate, CountsCodePointsNotBytes) {
  // "naïve" is 5 code points (6 bytes): one substitution over 5, not 2 edits over 5 bytes.
  EXPECT_DOUBLE_EQ(CharacterErrorRate("na\u00efve", "naive"), 1.0 / 5);
  EXPECT_DOUBLE_EQ(CharacterErrorRate("naive", "na\u00efve"), 1.0 / 5);
  // 4-byte code points: "🐱" is one unit, so 🐱 vs 🐶 is one substitution over 2.
  EXPECT_DOUBLE_EQ(CharacterErrorRate("a\U0001F431", "a\U0001F436"), 1.0 / 2);
}

TEST(CharacterErrorRate, InvalidUtf8BytesAreOneUnitEach) {
  // A lone lead byte 0xC3 is not U+00C3 ("\xC3\x83"): one substitution over 1.
  EXPECT_DOUBLE_EQ(CharacterErrorRate("\xC3", "\xC3\x83"), 1);
  // "a", 0xC3 (truncated é) vs "a", é: one substitution over 2.
  EXPECT_DOUBLE_EQ(CharacterErrorRate("a\xC3", "a\xC3\xA9"), 0.5);
  // 0xE2 0x82 then "A" (a 3-byte sequence cut short): units E2, 82, A vs A: 2 deletions over 1.
  EXPECT_DOUBLE_EQ(CharacterErrorRate("\xE2\x82"
                                      "A",
                                      "A"),
                   2);
  // Overlong "/" (0xC0 0xAF) and a UTF-16 surrogate (0xED 0xA0 0x80) are invalid bytes too.
  EXPECT_DOUBLE_EQ(CharacterErrorRate("\xC0\xAF", "/"), 2);
  EXPECT_DOUBLE_EQ(CharacterErrorRate("\xED\xA0\x80", "x"), 3);
  // The same invalid bytes on both sides are equal.
  EXPECT_DOUBLE_EQ(CharacterErrorRate("\xFF", "\xFF"), 0);
}

TEST(CharacterErrorRate, CutsLongTextsToBoundTheWork) {
  const std::string long_truth = std::string(kMaxCerCodePoints, 'a') + "bbbb";
  // Only the first kMaxCerCodePoints units are compared, and those are equal
  // (uncut it would be 4 / 20004).
  EXPECT_DOUBLE_EQ(CharacterErrorRate(std::string(kMaxCerCodePoints, 'a'), long_truth), 0);
  // Cut in code points, not bytes: 20000 "ï" are 40000 bytes.
  std::string long_unicode;
  for (size_t count = 0; count < kMaxCerCodePoints; ++count) {
    long_unicode += "\u00ef";
  }
  EXPECT_DOUBLE_EQ(CharacterErrorRate(long_unicode + "x", long_unicode), 0);
}

TEST(Evaluate, ReadsTextInReadingOrder) {
  Annotation truth;
  // Listed out of order; by top, then left: "a b c" (5 code points).
  truth.text = {Text("b", Box{.x = 0.5, .y = 0.1, .w = 0.1, .h = 0.1}),
                Text("c", Box{.x = 0.1, .y = 0.5, .w = 0.1, .h = 0.1}),
                Text("a", Box{.x = 0.1, .y = 0.1, .w = 0.1, .h = 0.1})};

  Annotation in_order;
  in_order.text = {Text("a"), Text("b"), Text("c")};
  EXPECT_DOUBLE_EQ(Evaluate(in_order, truth).cer, 0);

  // One item without a box: the given order, "c a b". Against "a b c" that is
  // 3 substitutions (positions 0, 2, 4) over 5.
  Annotation partly_boxed;
  partly_boxed.text = {Text("c", Box{.x = 0.1, .y = 0.5, .w = 0.1, .h = 0.1}), Text("a"),
                       Text("b", Box{.x = 0.5, .y = 0.1, .w = 0.1, .h = 0.1})};
  EXPECT_DOUBLE_EQ(Evaluate(partly_boxed, truth).cer, 3.0 / 5);

  // No text predicted against "a b c": 5 deletions over 5.
  EXPECT_DOUBLE_EQ(Evaluate(Annotation{}, truth).cer, 1);
}

TEST(Metrics, ToJsonHasTheEvaluationShape) {
  Annotation truth = WithObjects({Object("cat", 1, kTopLeft), Object("dog", 1, kBottomRight)});
  truth.labels = {{.name = "cat"}};
  truth.text = {Text("STOP")};
  Annotation prediction = WithObjects({Object("cat", 1, kTopLeft)});
  prediction.labels = {{.name = "cat"}, {.name = "dog"}};
  prediction.text = {Text("STOP")};

  const json metrics = Evaluate(prediction, truth).ToJson();
  // Micro TP 1, FP 0, FN 1: P 1, R 0.5, F1 2/3. Macro: (1 + 0) / 2.
  EXPECT_DOUBLE_EQ(metrics["precision"].get<double>(), 1);
  EXPECT_DOUBLE_EQ(metrics["recall"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(metrics["f1"].get<double>(), 2.0 / 3);
  EXPECT_DOUBLE_EQ(metrics["macroF1"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(metrics["meanIoU"].get<double>(), 1);
  EXPECT_DOUBLE_EQ(metrics["labelJaccard"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(metrics["cer"].get<double>(), 0);
  EXPECT_DOUBLE_EQ(metrics["iouThreshold"].get<double>(), 0.5);
  EXPECT_EQ(metrics["perLabel"]["cat"],
            json::parse(R"({"tp": 1, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0,
                            "f1": 1.0})"));
  EXPECT_EQ(metrics["perLabel"]["dog"],
            json::parse(R"({"tp": 0, "fp": 0, "fn": 1, "precision": 0.0, "recall": 0.0,
                            "f1": 0.0})"));
  EXPECT_EQ(metrics.size(), 9U);
}

TEST(AgreementWith, ScoresTheFirstRunAgainstTheSecond) {
  Annotation a = WithObjects({Object("cat", 0.9, kTopLeft), Object("dog", 0.8, kBottomRight)});
  a.labels = {{.name = "cat"}};
  Annotation b = WithObjects({Object("cat", 0.7, kTopLeft)});
  b.labels = {{.name = "cat"}, {.name = "dog"}};
  // a against b: TP 1, FP 1, FN 0: P 0.5, R 1, F1 2/3. Labels: 1 in common of 2.
  const Agreement agreement = AgreementWith(a, b);
  EXPECT_DOUBLE_EQ(agreement.f1, 2.0 / 3);
  EXPECT_DOUBLE_EQ(agreement.label_jaccard, 0.5);
  // A stricter threshold than IoU 1 would leave nothing matched.
  EXPECT_DOUBLE_EQ(AgreementWith(a, b, 1.01).f1, 0);
  EXPECT_DOUBLE_EQ(AgreementWith(Annotation{}, Annotation{}).f1, 1);
}

TEST(SelfConsistency, EmptyAnnotationScoresZero) {
  const Consistency consistency = SelfConsistency(Annotation{});
  EXPECT_DOUBLE_EQ(consistency.score, 0);
  EXPECT_EQ(consistency.findings.size(), 1U);
}

TEST(SelfConsistency, PlausibleAnnotationScoresOne) {
  Annotation annotation = WithObjects({Object("cat", 0.9, kTopLeft),
                                       Object("cat", 0.7, {.x = 0, .y = 0, .w = 0.5, .h = 0.4}),
                                       Object("dog", 0.6, {.x = 0, .y = 0, .w = 0.95, .h = 1})});
  // IoU of the cats is 0.2 / 0.25 = 0.8, not above 0.9; the dog covers exactly 95%.
  const Consistency consistency = SelfConsistency(annotation);
  EXPECT_DOUBLE_EQ(consistency.score, 1);
  EXPECT_TRUE(consistency.findings.empty());
  Annotation caption_only;
  caption_only.caption = "A cat.";
  EXPECT_DOUBLE_EQ(SelfConsistency(caption_only).score, 1);
}

TEST(SelfConsistency, CountsLargeBoxesAndRepeatedObjects) {
  const Annotation annotation = WithObjects({
      Object("sky", 0.9, {.x = 0, .y = 0, .w = 1, .h = 1}),        // Covers 100%.
      Object("cat", 0.8, kTopLeft), Object("cat", 0.7, kTopLeft),  // Repeats the first cat.
      Object("cat", 0.6, {.x = 0, .y = 0, .w = 0.5, .h = 0.48}),   // IoU 0.96: repeats it too.
      Object("dog", 0.5, kTopLeft),                                // Another label: not a repeat.
  });
  // 1 large box + 2 repeated objects: 0.8^3.
  const Consistency consistency = SelfConsistency(annotation);
  EXPECT_DOUBLE_EQ(consistency.score, 0.8 * 0.8 * 0.8);
  EXPECT_EQ(consistency.findings.size(), 2U);
}

TEST(SelfConsistency, FlagsManyObjectsAndUncalibratedConfidences) {
  std::vector<DetectedObject> many;
  for (int index = 0; index < 101; ++index) {  // 0.05 squares on a 20 x 20 grid: disjoint.
    many.push_back(
        Object("cell", 0.001 * index,
               {.x = 0.05 * (index % 20), .y = 0.05 * (index / 20), .w = 0.05, .h = 0.05}));
  }
  const Consistency crowded = SelfConsistency(WithObjects(many));
  EXPECT_DOUBLE_EQ(crowded.score, 0.8);
  EXPECT_EQ(crowded.findings.size(), 1U);

  for (DetectedObject& object : many) {
    object.confidence = 0.9;
  }
  // Too many and all the same confidence: 0.8^2.
  EXPECT_DOUBLE_EQ(SelfConsistency(WithObjects(many)).score, 0.8 * 0.8);
  // Five equal confidences are suspicious, four are not.
  many.resize(5);
  EXPECT_DOUBLE_EQ(SelfConsistency(WithObjects(many)).score, 0.8);
  many.resize(4);
  EXPECT_DOUBLE_EQ(SelfConsistency(WithObjects(many)).score, 1);
}

}  // namespace
}  // namespace gloss::annotate
