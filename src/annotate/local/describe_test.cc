#include "annotate/local/describe.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace gloss::annotate::local {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::IsEmpty;

DetectedObject Object(std::string label, double confidence) {
  DetectedObject object;
  object.label = std::move(label);
  object.confidence = confidence;
  object.box = Box{.x = 0.1, .y = 0.1, .w = 0.2, .h = 0.2};
  return object;
}

TextItem Word(std::string text) {
  TextItem item;
  item.text = std::move(text);
  item.confidence = 0.9;
  return item;
}

ImageProperties BrightBlueAndWhite() {
  return {.brightness = 0.9,
          .contrast = 0.2,
          .sharpness = 500,
          .colours = {{"blue", 0.6}, {"white", 0.3}, {"grey", 0.05}}};
}

TEST(DescribeTest, CaptionNamesPropertiesColoursThingsAndText) {
  EXPECT_EQ(DescribeCaption(BrightBlueAndWhite(), {Object("face", 0.9), Object("face", 0.7)},
                            {Word("STOP")}),
            "A bright photo, mostly blue and white, with 2 faces and text reading \"STOP\".");
}

TEST(DescribeTest, CaptionOfAPlainImage) {
  const ImageProperties flat{.brightness = 0.5, .contrast = 0, .sharpness = 0, .colours = {}};
  EXPECT_EQ(DescribeCaption(flat, {}, {}), "A photo.");
}

TEST(DescribeTest, CaptionCountsEachKindAndShortensLongText) {
  ImageProperties dark_blurry{
      .brightness = 0.1, .contrast = 0.1, .sharpness = 10, .colours = {{"black", 0.9}}};
  EXPECT_EQ(
      DescribeCaption(
          dark_blurry, {Object("person", 0.8), Object("cat face", 0.7), Object("person", 0.6)},
          {Word("a"), Word("b"), Word("c"), Word("d"), Word("e"), Word("f"), Word("g")}),
      "A dark, blurry photo, mostly black, with 2 people, a cat and text reading "
      "\"a b c d e f ...\".");
}

TEST(DescribeTest, LabelsAreMostConfidentFirst) {
  const auto labels =
      DescribeLabels(BrightBlueAndWhite(), {Object("cat face", 0.7)}, {Word("STOP")});
  // text 0.9, bright 0.8 (0.9 is 60% of the way from 0.75 to 1), cat 0.7,
  // blue 0.6, white 0.3; grey's 5% is too little to name.
  EXPECT_THAT(labels, ElementsAre(Field(&Label::name, "text"), Field(&Label::name, "bright"),
                                  Field(&Label::name, "cat"), Field(&Label::name, "blue"),
                                  Field(&Label::name, "white")));
}

TEST(DescribeTest, FlatImagesAreNotCalledBlurry) {
  const ImageProperties flat{.brightness = 0.5, .contrast = 0, .sharpness = 0, .colours = {}};
  EXPECT_THAT(DescribeLabels(flat, {}, {}), IsEmpty());
}

}  // namespace
}  // namespace gloss::annotate::local
