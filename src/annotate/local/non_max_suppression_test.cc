#include "annotate/local/non_max_suppression.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace gloss::annotate::local {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;

DetectedObject Object(std::string label, double confidence, double x, double y, double size) {
  DetectedObject object;
  object.label = std::move(label);
  object.confidence = confidence;
  object.box = Box{.x = x, .y = y, .w = size, .h = size};
  return object;
}

TEST(SuppressNonMaximaTest, KeepsTheMostConfidentOfOverlappingBoxes) {
  const auto kept =
      SuppressNonMaxima({Object("face", 0.6, 0.10, 0.10, 0.2), Object("face", 0.9, 0.12, 0.11, 0.2),
                         Object("face", 0.7, 0.60, 0.60, 0.2)},
                        0.4);
  EXPECT_THAT(kept, ElementsAre(Field(&DetectedObject::confidence, 0.9),
                                Field(&DetectedObject::confidence, 0.7)));
}

TEST(SuppressNonMaximaTest, KeepsBoxesOverlappingAtMostTheThreshold) {
  // Side 0.2 boxes shifted by 0.1: IoU 1/3.
  const auto kept = SuppressNonMaxima(
      {Object("face", 0.9, 0.1, 0.1, 0.2), Object("face", 0.8, 0.2, 0.1, 0.2)}, 0.4);
  EXPECT_EQ(kept.size(), 2u);
}

TEST(SuppressNonMaximaTest, DifferentLabelsNeverSuppressEachOther) {
  const auto kept = SuppressNonMaxima(
      {Object("face", 0.9, 0.1, 0.1, 0.2), Object("person", 0.5, 0.1, 0.1, 0.2)}, 0.4);
  EXPECT_THAT(kept, ElementsAre(Field(&DetectedObject::label, "face"),
                                Field(&DetectedObject::label, "person")));
}

TEST(SuppressNonMaximaTest, EmptyInputGivesEmptyOutput) {
  EXPECT_TRUE(SuppressNonMaxima({}, 0.4).empty());
}

TEST(DropOverlappingTest, DropsCatFacesOnHumanFacesOnly) {
  const auto kept = DropOverlapping(
      {Object("cat face", 0.9, 0.10, 0.10, 0.2), Object("face", 0.6, 0.11, 0.10, 0.2),
       Object("cat face", 0.8, 0.70, 0.70, 0.2)},
      "cat face", "face", 0.4);
  EXPECT_THAT(kept, ElementsAre(Field(&DetectedObject::label, "face"),
                                Field(&DetectedObject::confidence, 0.8)));
}

}  // namespace
}  // namespace gloss::annotate::local
