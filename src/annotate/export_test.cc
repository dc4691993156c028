#include "annotate/export.h"

#include <array>
#include <optional>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "test/support/status_matchers.h"

namespace gloss::annotate {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::Pair;
using testing::StatusIs;

// Built field by field: designated initializers would have to name every
// member without a default (-Wmissing-field-initializers).
DetectedObject Object(std::string label, std::optional<Box> box,
                      std::vector<std::array<double, 2>> polygon = {}) {
  DetectedObject object;
  object.label = std::move(label);
  object.box = box;
  object.polygon = std::move(polygon);
  return object;
}

ExportImage Image(std::string file_name, int width, int height,
                  std::vector<DetectedObject> objects = {}) {
  ExportImage image;
  image.id = "id-" + file_name;
  image.file_name = std::move(file_name);
  image.width = width;
  image.height = height;
  image.objects = std::move(objects);
  return image;
}

// 640 x 480 with a box-only cat and a polygon dog; 100 x 50 with boxes only.
std::vector<ExportImage> Project() {
  return {
      Image("cat.jpg", 640, 480,
            {Object("cat", Box{.x = 0.1, .y = 0.2, .w = 0.5, .h = 0.25}),
             Object("dog", Box{.x = 0.5, .y = 0.5, .w = 0.25, .h = 0.5},  // The polygon's bounds.
                    {{0.5, 0.5}, {0.75, 0.5}, {0.75, 1.0}})}),
      Image("street.png", 100, 50,
            {Object("cat", Box{.x = 0, .y = 0, .w = 1, .h = 1}),
             Object("cat", Box{.x = 0.5, .y = 0.5, .w = 0.001, .h = 0.001}),
             Object("cat", Box{.x = 0.999, .y = 0.999, .w = 0.001, .h = 0.001})}),
  };
}

TEST(ExportCoco, WritesPixelBoxesPolygonsAndSortedCategories) {
  ASSERT_OK_AND_ASSIGN(const std::string text, ExportCoco(Project()));
  const json coco = json::parse(text);

  EXPECT_EQ(coco["images"], json::parse(R"([
      {"id": 1, "file_name": "cat.jpg", "width": 640, "height": 480},
      {"id": 2, "file_name": "street.png", "width": 100, "height": 50}])"));
  EXPECT_EQ(coco["categories"], json::parse(R"([
      {"id": 1, "name": "cat", "supercategory": ""},
      {"id": 2, "name": "dog", "supercategory": ""}])"));
  EXPECT_TRUE(coco.contains("info"));

  const json& annotations = coco["annotations"];
  ASSERT_EQ(annotations.size(), 5U);
  // Cat: x 0.1 * 640 = 64, y 0.2 * 480 = 96, w 0.5 * 640 = 320, h 0.25 * 480 = 120;
  // area 320 * 120 = 38400.
  EXPECT_EQ(annotations[0], json::parse(R"({"id": 1, "image_id": 1, "category_id": 1,
      "bbox": [64.0, 96.0, 320.0, 120.0], "area": 38400.0, "iscrowd": 0, "segmentation": []})"));
  // Dog: bounds 0.5 * 640 = 320, 0.5 * 480 = 240, 0.25 * 640 = 160, 0.5 * 480 = 240; the
  // polygon (320, 240), (480, 240), (480, 480) is a right triangle of area 160 * 240 / 2.
  EXPECT_EQ(annotations[1], json::parse(R"({"id": 2, "image_id": 1, "category_id": 2,
      "bbox": [320.0, 240.0, 160.0, 240.0], "area": 19200.0, "iscrowd": 0,
      "segmentation": [[320.0, 240.0, 480.0, 240.0, 480.0, 480.0]]})"));
  // The whole 100 x 50 image.
  EXPECT_EQ(annotations[2]["bbox"], json::parse("[0.0, 0.0, 100.0, 50.0]"));
  EXPECT_EQ(annotations[2]["area"], 5000.0);
  EXPECT_EQ(annotations[2]["image_id"], 2);
  // 0.001 * 100 = 0.1 and 0.001 * 50 = 0.05 pixels: kept to the hundredth.
  EXPECT_EQ(annotations[3]["bbox"], json::parse("[50.0, 25.0, 0.1, 0.05]"));
}

TEST(ExportCoco, ReplacesInvalidUtf8InsteadOfFailing) {
  std::vector<ExportImage> images = Project();
  images[0].file_name = "\xFF.jpg";
  ASSERT_OK_AND_ASSIGN(const std::string text, ExportCoco(images));
  EXPECT_EQ(json::parse(text)["images"][0]["file_name"], "\uFFFD.jpg");
}

TEST(ExportYolo, WritesNormalisedLinesAndClasses) {
  ASSERT_OK_AND_ASSIGN(const auto files, ExportYolo(Project()));
  EXPECT_THAT(
      files,
      ElementsAre(Pair("cat.txt",
                       // The image has a polygon, so every line is a polygon: the cat's corners
                       // (0.1, 0.2) (0.6, 0.2) (0.6, 0.45) (0.1, 0.45), then the dog's points.
                       "0 0.100000 0.200000 0.600000 0.200000 0.600000 0.450000 0.100000 0.450000\n"
                       "1 0.500000 0.500000 0.750000 0.500000 0.750000 1.000000\n"),
                  Pair("classes.txt", "cat\ndog\n"),
                  Pair("street.txt",
                       // Boxes only: centre (0 + 1/2, 0 + 1/2), size 1 x 1; the tiny ones centred
                       // at 0.5 + 0.0005 and 0.999 + 0.0005.
                       "0 0.500000 0.500000 1.000000 1.000000\n"
                       "0 0.500500 0.500500 0.001000 0.001000\n"
                       "0 0.999500 0.999500 0.001000 0.001000\n")));
}

TEST(ExportYolo, BoxLinesWhenNoImageHasPolygonsAndControlCharactersNeverSplitClasses) {
  const std::vector<ExportImage> images = {
      Image("a.jpg", 10, 10,
            {Object("cat", Box{.x = 0.1, .y = 0.2, .w = 0.5, .h = 0.25}),
             Object("line\nbreak", Box{.x = 0, .y = 0, .w = 1, .h = 1})}),
      Image("empty.jpg", 10, 10),
  };
  ASSERT_OK_AND_ASSIGN(const auto files, ExportYolo(images));
  // Centre (0.1 + 0.25, 0.2 + 0.125).
  EXPECT_EQ(files.at("a.txt"),
            "0 0.350000 0.325000 0.500000 0.250000\n"
            "1 0.500000 0.500000 1.000000 1.000000\n");
  EXPECT_EQ(files.at("classes.txt"), "cat\nline break\n");
  EXPECT_EQ(files.at("empty.txt"), "");  // A background image still gets its (empty) file.
}

struct VocBox {
  std::string name;
  int xmin;
  int ymin;
  int xmax;
  int ymax;
};

std::vector<VocBox> ReadVoc(const std::string& xml, const ExportImage& image) {
  pugi::xml_document document;
  EXPECT_TRUE(document.load_string(xml.c_str()));
  const pugi::xml_node root = document.child("annotation");
  EXPECT_TRUE(root.child("folder"));
  EXPECT_STREQ(root.child("filename").text().get(), image.file_name.c_str());
  EXPECT_EQ(root.child("size").child("width").text().as_int(), image.width);
  EXPECT_EQ(root.child("size").child("height").text().as_int(), image.height);
  EXPECT_EQ(root.child("size").child("depth").text().as_int(), 3);
  std::vector<VocBox> boxes;
  for (const pugi::xml_node object : root.children("object")) {
    EXPECT_STREQ(object.child("pose").text().get(), "Unspecified");
    EXPECT_EQ(object.child("truncated").text().as_int(-1), 0);
    EXPECT_EQ(object.child("difficult").text().as_int(-1), 0);
    const pugi::xml_node box = object.child("bndbox");
    boxes.push_back({.name = object.child("name").text().get(),
                     .xmin = box.child("xmin").text().as_int(),
                     .ymin = box.child("ymin").text().as_int(),
                     .xmax = box.child("xmax").text().as_int(),
                     .ymax = box.child("ymax").text().as_int()});
    // Every box stays inside the image, however it was rounded.
    EXPECT_GE(boxes.back().xmin, 1);
    EXPECT_LE(boxes.back().xmin, boxes.back().xmax);
    EXPECT_LE(boxes.back().xmax, image.width);
    EXPECT_GE(boxes.back().ymin, 1);
    EXPECT_LE(boxes.back().ymin, boxes.back().ymax);
    EXPECT_LE(boxes.back().ymax, image.height);
  }
  return boxes;
}

void ExpectBox(const VocBox& box, const char* name, int xmin, int ymin, int xmax, int ymax) {
  EXPECT_EQ(box.name, name);
  EXPECT_EQ(box.xmin, xmin);
  EXPECT_EQ(box.ymin, ymin);
  EXPECT_EQ(box.xmax, xmax);
  EXPECT_EQ(box.ymax, ymax);
}

TEST(ExportPascalVoc, WritesOneBasedInclusivePixelBoxes) {
  const std::vector<ExportImage> images = Project();
  ASSERT_OK_AND_ASSIGN(const auto files, ExportPascalVoc(images));
  ASSERT_EQ(files.size(), 2U);

  const std::vector<VocBox> first = ReadVoc(files.at("cat.xml"), images[0]);
  ASSERT_EQ(first.size(), 2U);
  // x: 0.1 * 640 = 64 → 65 .. 0.6 * 640 = 384; y: 0.2 * 480 = 96 → 97 .. 0.45 * 480 = 216.
  ExpectBox(first[0], "cat", 65, 97, 384, 216);
  // The polygon's bounds: x 320 → 321 .. 480; y 240 → 241 .. 480.
  ExpectBox(first[1], "dog", 321, 241, 480, 480);

  const std::vector<VocBox> second = ReadVoc(files.at("street.xml"), images[1]);
  ASSERT_EQ(second.size(), 3U);
  ExpectBox(second[0], "cat", 1, 1, 100, 50);  // The whole image.
  // x 50 → 51 .. round(50.1) = 50, widened to 51; y 25 → 26 .. round(25.05) = 25 → 26.
  ExpectBox(second[1], "cat", 51, 26, 51, 26);
  // x round(99.9) + 1 = 101, pulled back to 100 .. 100; y round(49.95) + 1 = 51 → 50 .. 50.
  ExpectBox(second[2], "cat", 100, 50, 100, 50);
}

TEST(Export, ImagesWithoutASizeAreInvalid) {
  std::vector<ExportImage> images = Project();
  images[1].height = 0;
  EXPECT_THAT(ExportCoco(images), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ExportYolo(images), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ExportPascalVoc(images), StatusIs(StatusCode::kInvalidArgument));
}

TEST(Export, ObjectsWithoutABoxAreLeftOut) {
  const std::vector<ExportImage> images = {Image("a.jpg", 10, 10, {Object("cat", std::nullopt)})};
  ASSERT_OK_AND_ASSIGN(const std::string coco, ExportCoco(images));
  EXPECT_TRUE(json::parse(coco)["annotations"].empty());
  EXPECT_TRUE(json::parse(coco)["categories"].empty());
  ASSERT_OK_AND_ASSIGN(const auto yolo, ExportYolo(images));
  EXPECT_EQ(yolo.at("a.txt"), "");
  ASSERT_OK_AND_ASSIGN(const auto voc, ExportPascalVoc(images));
  EXPECT_TRUE(ReadVoc(voc.at("a.xml"), images[0]).empty());
}

std::vector<std::string> StemsOf(const std::vector<std::string>& file_names) {
  std::vector<ExportImage> images;
  for (const std::string& file_name : file_names) {
    images.push_back(Image(file_name, 1, 1));
  }
  return ExportStems(images);
}

TEST(ExportStems, NeverEscapeTheOutputDirectory) {
  EXPECT_THAT(
      StemsOf({"../../etc/passwd", "a\\b\\..", "..", ".", "", "x/", "..jpg"}),
      ElementsAre("passwd", "image", "image-2", "image-3", "image-4", "image-5", "image-6"));
  EXPECT_THAT(StemsOf({"my cat (1).JPG", "na\u00efve.png", ".hidden", "archive.tar.gz"}),
              ElementsAre("my_cat__1_", "na__ve", ".hidden", "archive.tar"));
  EXPECT_EQ(StemsOf({std::string(300, 'a') + ".jpg"})[0], std::string(200, 'a'));
}

TEST(ExportStems, RepeatsGetNumberedSuffixes) {
  // Case-insensitively, and "classes" belongs to YOLO's classes.txt.
  EXPECT_THAT(StemsOf({"cat.jpg", "cat.png", "Cat.jpg", "cat-2.jpg", "classes.jpg"}),
              ElementsAre("cat", "cat-2", "Cat-3", "cat-2-2", "classes-2"));
}

TEST(Export, FilesAreNamedAfterTheStems) {
  std::vector<ExportImage> images = Project();
  images[0].file_name = "../cat.jpg";
  images[1].file_name = "cat.png";
  ASSERT_OK_AND_ASSIGN(const auto yolo, ExportYolo(images));
  EXPECT_THAT(yolo, ElementsAre(Pair("cat-2.txt", ::testing::_), Pair("cat.txt", ::testing::_),
                                Pair("classes.txt", ::testing::_)));
  ASSERT_OK_AND_ASSIGN(const auto voc, ExportPascalVoc(images));
  EXPECT_THAT(voc, ElementsAre(Pair("cat-2.xml", ::testing::_), Pair("cat.xml", ::testing::_)));
}

}  // namespace
}  // namespace gloss::annotate
