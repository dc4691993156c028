#include "annotate/local/local_provider.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "test/support/status_matchers.h"

namespace gloss::annotate::local {
namespace {

using ::gloss::testing::StatusIs;
using ::testing::Contains;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// Decoded pixels that own their bytes, as a caller of the provider has them.
struct Pixels {
  int width = 0;
  int height = 0;
  int channels = 3;
  std::vector<uint8_t> bytes;

  RgbImage View() const { return {width, height, channels, bytes}; }
};

// Reads a test photo as RGB, or as grey when `grey` (imread gives BGR).
Pixels Load(const std::string& path, bool grey = false) {
  cv::Mat image = cv::imread(path, grey ? cv::IMREAD_GRAYSCALE : cv::IMREAD_COLOR);
  if (image.empty()) {
    ADD_FAILURE() << "cannot read " << path << " (scripts/setup fetches it)";
    return {};
  }
  if (!grey) {
    cv::cvtColor(image, image, cv::COLOR_BGR2RGB);
  }
  return {image.cols, image.rows, image.channels(),
          std::vector<uint8_t>(image.datastart, image.dataend)};
}

Pixels Filled(int width, int height, uint8_t red, uint8_t green, uint8_t blue) {
  Pixels pixels{width, height, 3, {}};
  for (int index = 0; index < width * height; ++index) {
    pixels.bytes.insert(pixels.bytes.end(), {red, green, blue});
  }
  return pixels;
}

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::vector<std::string> LowerWords(const Annotation& annotation) {
  std::vector<std::string> words;
  for (const TextItem& item : annotation.text) {
    words.push_back(Lower(item.text));
  }
  return words;
}

bool BoxesAreNormalised(const Annotation& annotation) {
  auto inside = [](const std::optional<Box>& box) {
    return box && box->x >= 0 && box->y >= 0 && box->w > 0 && box->h > 0 &&
           box->x + box->w <= 1 + 1e-9 && box->y + box->h <= 1 + 1e-9;
  };
  return std::all_of(annotation.objects.begin(), annotation.objects.end(),
                     [&](const DetectedObject& object) { return inside(object.box); }) &&
         std::all_of(annotation.text.begin(), annotation.text.end(),
                     [&](const TextItem& item) { return inside(item.box); });
}

class LocalProviderTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_OK_AND_ASSIGN(provider_, LocalProvider::Create({})); }

  Annotation AnnotateOrFail(const Pixels& pixels) {
    Result<Annotation> annotation = provider_->Annotate(pixels.View());
    EXPECT_OK(annotation);
    return annotation.ok() ? std::move(annotation).value() : Annotation{};
  }

  std::unique_ptr<LocalProvider> provider_;
};

TEST_F(LocalProviderTest, FindsTheAstronautsFace) {
  const Annotation annotation =
      AnnotateOrFail(Load(GLOSS_CORPUS_DIR "/xs01-astronaut-512x512.png"));

  ASSERT_THAT(annotation.objects, Contains(Field(&DetectedObject::label, "face")));
  // Her face is around (176, 66) to (271, 161) of 512 x 512.
  const auto face = std::find_if(annotation.objects.begin(), annotation.objects.end(),
                                 [](const DetectedObject& o) { return o.label == "face"; });
  EXPECT_NEAR(face->box->x + face->box->w / 2, 224.0 / 512, 0.05);
  EXPECT_NEAR(face->box->y + face->box->h / 2, 114.0 / 512, 0.05);
  EXPECT_GE(face->confidence, 0.5);
  EXPECT_TRUE(BoxesAreNormalised(annotation));
  EXPECT_THAT(annotation.labels, Contains(Field(&Label::name, "face")));
  EXPECT_THAT(annotation.caption, HasSubstr("a face"));
}

TEST_F(LocalProviderTest, ReadsWordsOfAPhotographedPage) {
  const Annotation annotation = AnnotateOrFail(Load(GLOSS_ANNOTATE_IMAGES_DIR "/page.png"));

  const std::vector<std::string> words = LowerWords(annotation);
  EXPECT_THAT(words, Contains("markers"));
  EXPECT_THAT(words, Contains("coins"));
  EXPECT_THAT(words, Contains(HasSubstr("segmentation")));
  for (const TextItem& item : annotation.text) {
    EXPECT_GE(item.confidence, 0.6) << item.text;
  }
  EXPECT_TRUE(BoxesAreNormalised(annotation));
  EXPECT_THAT(annotation.labels, Contains(Field(&Label::name, "text")));
  EXPECT_THAT(annotation.caption, HasSubstr("text reading"));
}

// Both as fetched and as generate-annotation sees it: process-image's
// compressed copy, re-encoded at quality 85.
TEST_F(LocalProviderTest, FindsTheFaceOfACatOnARoof) {
  const Pixels original = Load(GLOSS_ANNOTATE_IMAGES_DIR "/cat-on-roof.jpg");
  std::vector<uint8_t> jpeg;
  ASSERT_TRUE(cv::imencode(".jpg", cv::imread(GLOSS_ANNOTATE_IMAGES_DIR "/cat-on-roof.jpg"), jpeg,
                           {cv::IMWRITE_JPEG_QUALITY, 85}));
  cv::Mat decoded = cv::imdecode(jpeg, cv::IMREAD_COLOR);
  cv::cvtColor(decoded, decoded, cv::COLOR_BGR2RGB);
  const Pixels recompressed{decoded.cols, decoded.rows, 3,
                            std::vector<uint8_t>(decoded.datastart, decoded.dataend)};

  for (const Pixels* pixels : {&original, &recompressed}) {
    SCOPED_TRACE(pixels == &original ? "original" : "re-encoded at quality 85");
    const Annotation annotation = AnnotateOrFail(*pixels);

    // Her face spans about x 280..395, y 143..259 of the 512 px square.
    ASSERT_EQ(annotation.objects.size(), 1u);
    const DetectedObject& cat = annotation.objects[0];
    EXPECT_EQ(cat.label, "cat face");
    EXPECT_GE(cat.confidence, 0.5);
    ASSERT_TRUE(cat.box.has_value());
    EXPECT_NEAR(cat.box->x + cat.box->w / 2, 337.0 / 512, 0.04);
    EXPECT_NEAR(cat.box->y + cat.box->h / 2, 200.0 / 512, 0.04);
    EXPECT_NEAR(cat.box->w, 115.0 / 512, 0.06);
    EXPECT_THAT(annotation.labels, Contains(Field(&Label::name, "cat")));
    EXPECT_THAT(annotation.caption, HasSubstr("a cat"));
  }
}

// Chelsea's face fills the frame with the ears cut off, and the cat
// cascades want the whole head (docs/design/annotate-local.md, limits): no
// cat face is found, and she must not become a person either.
TEST_F(LocalProviderTest, ChelseaTheCatIsNeitherAFaceNorAPerson) {
  const Annotation annotation = AnnotateOrFail(Load(GLOSS_ANNOTATE_IMAGES_DIR "/chelsea.png"));

  EXPECT_THAT(annotation.objects, Not(Contains(Field(&DetectedObject::label, "face"))));
  EXPECT_THAT(annotation.objects, Not(Contains(Field(&DetectedObject::label, "person"))));
  EXPECT_THAT(annotation.labels, Contains(Field(&Label::name, "brown")));
  EXPECT_EQ(annotation.caption, "A photo, mostly brown and orange.");
}

TEST_F(LocalProviderTest, SeesNoFacesOrPeopleInACupOfCoffee) {
  const Annotation annotation = AnnotateOrFail(Load(GLOSS_ANNOTATE_IMAGES_DIR "/coffee.png"));

  EXPECT_THAT(annotation.objects, IsEmpty());
  EXPECT_THAT(annotation.text, IsEmpty());
}

TEST_F(LocalProviderTest, AnnotatesGreyInput) {
  const Annotation annotation =
      AnnotateOrFail(Load(GLOSS_ANNOTATE_IMAGES_DIR "/camera.png", /*grey=*/true));

  EXPECT_TRUE(BoxesAreNormalised(annotation));
  EXPECT_THAT(annotation.labels, Not(Contains(Field(&Label::name, "blue"))));
  EXPECT_FALSE(annotation.caption.empty());
}

TEST_F(LocalProviderTest, FindsNothingInABlankGreyImage) {
  const Annotation annotation = AnnotateOrFail(Filled(640, 480, 128, 128, 128));

  EXPECT_THAT(annotation.objects, IsEmpty());
  EXPECT_THAT(annotation.text, IsEmpty());
  EXPECT_EQ(annotation.caption, "A photo, mostly grey.");
}

TEST_F(LocalProviderTest, FindsNothingInRandomNoise) {
  Pixels noise{640, 480, 3, std::vector<uint8_t>(640 * 480 * 3)};
  std::mt19937 random(42);
  std::uniform_int_distribution<int> byte(0, 255);
  std::generate(noise.bytes.begin(), noise.bytes.end(),
                [&] { return static_cast<uint8_t>(byte(random)); });

  const Annotation annotation = AnnotateOrFail(noise);

  EXPECT_THAT(annotation.objects, IsEmpty());
  EXPECT_THAT(annotation.text, IsEmpty());
}

TEST_F(LocalProviderTest, CallsADarkImageDark) {
  const Annotation annotation = AnnotateOrFail(Filled(320, 240, 20, 20, 30));

  EXPECT_THAT(annotation.labels, Contains(Field(&Label::name, "dark")));
  EXPECT_THAT(annotation.caption, HasSubstr("dark"));
}

TEST_F(LocalProviderTest, NamesPureBlueFirst) {
  const Annotation annotation = AnnotateOrFail(Filled(320, 240, 0, 0, 255));

  ASSERT_THAT(annotation.labels, Not(IsEmpty()));
  EXPECT_EQ(annotation.labels[0].name, "blue");
  EXPECT_DOUBLE_EQ(annotation.labels[0].confidence, 1);
  EXPECT_THAT(annotation.caption, HasSubstr("mostly blue"));
}

TEST_F(LocalProviderTest, DetectorsCanBeTurnedOff) {
  LocalProviderOptions options;
  options.detect_faces = false;
  options.detect_cats = false;
  options.detect_people = false;
  options.detect_licence_plates = false;
  options.read_text = false;
  ASSERT_OK_AND_ASSIGN(auto provider, LocalProvider::Create(options));
  ASSERT_OK_AND_ASSIGN(
      const Annotation astronaut,
      provider->Annotate(Load(GLOSS_CORPUS_DIR "/xs01-astronaut-512x512.png").View()));
  EXPECT_THAT(astronaut.objects, IsEmpty());
  ASSERT_OK_AND_ASSIGN(const Annotation page,
                       provider->Annotate(Load(GLOSS_ANNOTATE_IMAGES_DIR "/page.png").View()));
  EXPECT_THAT(page.text, IsEmpty());
}

TEST_F(LocalProviderTest, RejectsPixelsThatDoNotMatchTheSize) {
  const Pixels blue = Filled(4, 4, 0, 0, 255);
  EXPECT_THAT(provider_->Annotate({5, 4, 3, blue.bytes}), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(provider_->Annotate({4, 4, 4, blue.bytes}), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(provider_->Annotate({0, 0, 3, {}}), StatusIs(StatusCode::kInvalidArgument));
}

TEST_F(LocalProviderTest, ModelNamesOpenCvAndTesseract) {
  EXPECT_THAT(provider_->model(), HasSubstr("gloss-local-2 (opencv 4."));
  EXPECT_THAT(provider_->model(), HasSubstr("tesseract 5."));
}

TEST(LocalProviderCreateTest, MissingCascadeDirIsAFailedPreconditionNamingFileAndPackage) {
  LocalProviderOptions options;
  options.opencv_data_dir = "/nonexistent";
  const Result<std::unique_ptr<LocalProvider>> provider = LocalProvider::Create(options);

  EXPECT_THAT(provider, StatusIs(StatusCode::kFailedPrecondition));
  // The message is what an operator reads to fix the install.
  EXPECT_THAT(std::string(provider.status().message()),
              HasSubstr("/nonexistent/haarcascades/haarcascade_frontalface_default.xml"));
  EXPECT_THAT(std::string(provider.status().message()), HasSubstr("opencv-data"));
}

TEST(LocalProviderCreateTest, MinimumConfidenceOutsideZeroToOneIsInvalid) {
  LocalProviderOptions options;
  options.min_object_confidence = 1.5;
  EXPECT_THAT(LocalProvider::Create(options), StatusIs(StatusCode::kInvalidArgument));
}

TEST(LocalProviderCreateTest, MissingTessdataIsAFailedPreconditionNamingThePackage) {
  LocalProviderOptions options;
  options.tessdata_dir = "/nonexistent/tessdata";
  const Result<std::unique_ptr<LocalProvider>> provider = LocalProvider::Create(options);

  EXPECT_THAT(provider, StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_THAT(std::string(provider.status().message()), HasSubstr("tesseract-ocr-eng"));
}

}  // namespace
}  // namespace gloss::annotate::local
