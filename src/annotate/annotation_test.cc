#include "annotate/annotation.h"

#include <gtest/gtest.h>

namespace gloss::annotate {
namespace {

using nlohmann::json;

Annotation MustRead(const char* text, std::optional<ImageSize> size = std::nullopt) {
  Result<Annotation> annotation = FromJson(json::parse(text), size);
  EXPECT_TRUE(annotation.ok()) << annotation.status().ToString();
  return annotation.ok() ? *annotation : Annotation{};
}

void ExpectError(const char* text, std::string_view message) {
  const Result<Annotation> annotation = FromJson(json::parse(text));
  ASSERT_FALSE(annotation.ok()) << text;
  EXPECT_EQ(annotation.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(annotation.status().message().find(message), std::string_view::npos)
      << annotation.status().ToString();
}

TEST(Annotation, ReadsTheReferenceShapes) {
  const Annotation annotation = MustRead(R"({
    "labels": [{"name": "Cat", "confidence": 0.93}, {"name": "sofa", "confidence": 0.5}],
    "objects": [{"label": "face", "confidence": 0.8, "box": {"x": 0.1, "y": 0.2, "w": 0.3, "h": 0.3}},
                {"label": "cat", "polygon": [[0.1, 0.1], [0.5, 0.1], [0.3, 0.6]]}],
    "text": [{"text": "STOP", "confidence": 0.9, "box": {"x": 0, "y": 0, "w": 0.5, "h": 0.1}}],
    "caption": "  A cat on a sofa. "})");
  ASSERT_EQ(annotation.labels.size(), 2U);
  EXPECT_EQ(annotation.labels[0].name, "cat");
  EXPECT_DOUBLE_EQ(annotation.labels[0].confidence, 0.93);
  ASSERT_EQ(annotation.objects.size(), 2U);
  EXPECT_EQ(annotation.objects[0].label, "cat");  // Confidence 1 (absent) sorts first.
  EXPECT_EQ(annotation.objects[0].polygon.size(), 3U);
  EXPECT_EQ(*annotation.objects[0].box, (Box{.x = 0.1, .y = 0.1, .w = 0.4, .h = 0.5}));
  EXPECT_EQ(*annotation.objects[1].box, (Box{.x = 0.1, .y = 0.2, .w = 0.3, .h = 0.3}));
  ASSERT_EQ(annotation.text.size(), 1U);
  EXPECT_EQ(annotation.text[0].text, "STOP");
  EXPECT_EQ(annotation.caption, "A cat on a sofa.");

  // What it writes reads back the same.
  const Annotation again = MustRead(ToJson(annotation).dump().c_str());
  EXPECT_EQ(ToJson(again), ToJson(annotation));
  EXPECT_EQ(LabelsJson(annotation)[0], json::parse(R"({"name": "cat", "confidence": 0.93})"));
}

TEST(Annotation, RepairsWhatIsSafeToRepair) {
  const Annotation annotation = MustRead(
      R"({"labels": ["Dog", {"name": "dog", "confidence": 87}, {"name": " "}],
          "objects": [{"name": "dog", "confidence": 1.7,
                       "box": {"x": 0.9, "y": -0.1, "width": 0.3, "height": 0.5}},
                      {"label": "ghost", "box": {"x": 1.2, "y": 1.2, "w": 0.1, "h": 0.1}}],
          "text": ["EXIT", {"text": ""}]})");
  ASSERT_EQ(annotation.labels.size(), 1U);  // Merged, the highest confidence kept.
  EXPECT_EQ(annotation.labels[0].name, "dog");
  EXPECT_DOUBLE_EQ(annotation.labels[0].confidence, 1.0);
  ASSERT_EQ(annotation.objects.size(), 1U);  // The one outside the image is dropped.
  EXPECT_DOUBLE_EQ(annotation.objects[0].confidence, 0.017);  // 1.7 read as a percentage.
  const Box box = *annotation.objects[0].box;                 // Clipped to the image.
  EXPECT_DOUBLE_EQ(box.x, 0.9);
  EXPECT_NEAR(box.w, 0.1, 1e-12);
  EXPECT_DOUBLE_EQ(box.y, 0.0);
  EXPECT_DOUBLE_EQ(box.h, 0.4);
  ASSERT_EQ(annotation.text.size(), 1U);
  EXPECT_EQ(annotation.text[0].text, "EXIT");
}

TEST(Annotation, ScalesPixelBoxesByTheImageSize) {
  const Annotation annotation = MustRead(
      R"({"objects": [{"label": "face", "box": {"x": 100, "y": 50, "w": 200, "h": 100}}]})",
      ImageSize{.width = 1000, .height = 500});
  EXPECT_EQ(*annotation.objects[0].box, (Box{.x = 0.1, .y = 0.1, .w = 0.2, .h = 0.2}));
  ExpectError(R"({"objects": [{"label": "face", "box": {"x": 100, "y": 50, "w": 200, "h": 100}}]})",
              "objects[0].box is in pixels but the image size is unknown");
}

TEST(Annotation, NamesTheFieldItCannotRead) {
  ExpectError("[]", "not a JSON object");
  ExpectError(R"({"labels": {}})", "labels is not an array");
  ExpectError(R"({"labels": [3]})", "labels[0] is not a label");
  ExpectError(R"({"labels": [{"name": "a", "confidence": "high"}]})",
              "labels[0].confidence is not a number");
  ExpectError(R"({"objects": [{"label": "a", "box": {"x": 0, "y": 0, "w": "1", "h": 1}}]})",
              "objects[0].box.w is not a number");
  ExpectError(R"({"objects": [{"label": "a"}]})", "objects[0] has neither a box nor a polygon");
  ExpectError(R"({"objects": [{"box": {"x": 0, "y": 0, "w": 1, "h": 1}}]})",
              "objects[0].label is not a string");
  ExpectError(R"({"objects": [{"label": "a", "box": {"x": 0, "y": 0, "w": -1, "h": 1}}]})",
              "negative size");
  ExpectError(R"({"objects": [{"label": "a", "polygon": [[0, 0], [1, 1]]}]})",
              "objects[0].polygon is not an array of 3 to 1000");
  ExpectError(R"({"text": [{"text": "a", "box": [0, 0, 1, 1]}]})", "text[0].box is not an object");
  ExpectError(R"({"caption": 7})", "caption is not a string");
}

TEST(Annotation, CutsLongTextAtACharacterBoundary) {
  // 1999 ASCII bytes, then a 2-byte character straddling the 2000-byte limit.
  const std::string caption = std::string(1999, 'a') + "\xC3\xA9" + "tail";
  const Annotation annotation = MustRead(json({{"caption", caption}}).dump().c_str());
  EXPECT_EQ(annotation.caption, std::string(1999, 'a'));
  EXPECT_NO_THROW((void)ToJson(annotation).dump());
}

TEST(IntersectionOverUnion, MatchesHandComputedCases) {
  const Box a{.x = 0, .y = 0, .w = 0.5, .h = 0.5};
  EXPECT_DOUBLE_EQ(IntersectionOverUnion(a, a), 1.0);
  EXPECT_DOUBLE_EQ(IntersectionOverUnion(a, {.x = 0.5, .y = 0.5, .w = 0.5, .h = 0.5}), 0.0);
  // Half of a overlaps b of the same size: 0.125 / (0.25 + 0.25 - 0.125) = 1/3.
  EXPECT_DOUBLE_EQ(IntersectionOverUnion(a, {.x = 0.25, .y = 0, .w = 0.5, .h = 0.5}), 1.0 / 3);
  EXPECT_DOUBLE_EQ(IntersectionOverUnion(a, {}), 0.0);
}

}  // namespace
}  // namespace gloss::annotate
