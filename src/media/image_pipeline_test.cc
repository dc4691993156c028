// The pipeline on real photos (fetch-corpus.sh, installed by scripts/setup
// into build/corpus) and on edge cases made from them with libvips here.

#include "media/image_pipeline.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <vips/vips8>
#include <zlib.h>

#include "media/decoded_image.h"
#include "media/media_runtime.h"

namespace gloss::media {
namespace {

using vips::VImage;

const std::filesystem::path kCorpus = GLOSS_CORPUS_DIR;

std::vector<uint8_t> ReadCorpus(const std::string& name) {
  std::ifstream file(kCorpus / name, std::ios::binary);
  EXPECT_TRUE(file.good()) << "missing corpus file " << (kCorpus / name)
                           << " (scripts/setup fetches the corpus)";
  return {std::istreambuf_iterator<char>(file), {}};
}

std::vector<uint8_t> Bytes(VipsBlob* blob) {
  size_t length = 0;
  const auto* data = static_cast<const uint8_t*>(vips_blob_get(blob, &length));
  std::vector<uint8_t> bytes(data, data + length);
  vips_area_unref(VIPS_AREA(blob));
  return bytes;
}

VImage Load(const std::string& bytes) {
  return VImage::new_from_buffer(bytes.data(), bytes.size(), "").copy_memory();
}

// Every metadata block libvips would find in an output.
std::vector<std::string> MetadataFields(const VImage& image) {
  std::vector<std::string> found;
  gchar** fields = vips_image_get_fields(image.get_image());
  for (gchar** field = fields; *field != nullptr; ++field) {
    const std::string name = *field;
    if (name.starts_with("exif-") || name.starts_with("xmp-") || name.starts_with("iptc-") ||
        name.starts_with("icc-") || name.starts_with("jpeg-comment")) {
      found.push_back(name);
    }
  }
  g_strfreev(fields);
  return found;
}

class ImagePipelineTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(InitMedia().ok()); }

  static ProcessedImage MustProcess(std::span<const uint8_t> bytes,
                                    const PipelineOptions& options = {}) {
    Result<ProcessedImage> processed = ProcessImage(bytes, options);
    EXPECT_TRUE(processed.ok()) << processed.status().ToString();
    return processed.ok() ? std::move(*processed) : ProcessedImage{};
  }
};

TEST_F(ImagePipelineTest, EveryCorpusPhotoFitsBothBudgetsWithoutMetadata) {
  int processed_count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kCorpus)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with("xe") || name.starts_with(".")) {
      continue;  // The deliberately broken files; tested below.
    }
    SCOPED_TRACE(name);
    const std::vector<uint8_t> source = ReadCorpus(name);
    const ProcessedImage image = MustProcess(source);
    const int long_edge = std::max(image.source.width, image.source.height);
    ASSERT_GT(long_edge, 0);
    EXPECT_EQ(std::max(image.compressed.width, image.compressed.height), std::min(long_edge, 2048));
    EXPECT_EQ(std::max(image.thumbnail.width, image.thumbnail.height), std::min(long_edge, 400));
    EXPECT_LE(image.compressed.bytes.size(), 4'000'000U);
    EXPECT_LE(image.thumbnail.bytes.size(), 100'000U);
    for (const std::string* output : {&image.compressed.bytes, &image.thumbnail.bytes}) {
      const VImage decoded = Load(*output);
      EXPECT_EQ(vips_foreign_find_load_buffer(output->data(), output->size()),
                std::string("VipsForeignLoadJpegBuffer"));
      EXPECT_EQ(MetadataFields(decoded), std::vector<std::string>{});
      EXPECT_TRUE(decoded.bands() == 3 || decoded.bands() == 1);
    }
    ++processed_count;
  }
  EXPECT_GE(processed_count, 15) << "the corpus in " << kCorpus << " looks incomplete";
}

TEST_F(ImagePipelineTest, SummarizesExifWithoutLocation) {
  const ProcessedImage canon = MustProcess(ReadCorpus("ps01-blinds-1920x1200.jpg"));
  EXPECT_EQ(canon.source.format, "jpeg");
  EXPECT_EQ(canon.source.content_type, "image/jpeg");
  EXPECT_EQ(canon.source.exif["make"], "Canon");
  EXPECT_EQ(canon.source.exif["model"], "Canon EOS 350D DIGITAL");
  EXPECT_EQ(canon.source.exif["fNumber"], 5.6);
  EXPECT_EQ(canon.source.exif["iso"], 400);
  EXPECT_EQ(canon.source.exif["exposureTime"], "1/80");
  EXPECT_EQ(canon.source.taken_at, "2008-01-22T03:28:22Z");

  const ProcessedImage gps = MustProcess(ReadCorpus("pm07-colorfulcups-gps-2560x1600.jpg"));
  EXPECT_EQ(gps.source.exif["model"], "NEX-3N");
  for (const auto& [key, value] : gps.source.exif.items()) {
    EXPECT_EQ(key.find("GPS"), std::string::npos) << key;
  }
  EXPECT_EQ(gps.source.exif.dump().find("9.359705"), std::string::npos);
}

TEST_F(ImagePipelineTest, AppliesTheExifOrientation) {
  const VImage photo = VImage::new_from_file((kCorpus / "ps01-blinds-1920x1200.jpg").c_str());
  for (const int orientation : {6, 8}) {
    SCOPED_TRACE(orientation);
    VImage tagged = photo.copy();
    tagged.set(VIPS_META_ORIENTATION, orientation);
    const std::vector<uint8_t> source = Bytes(tagged.jpegsave_buffer());
    const ProcessedImage image = MustProcess(source);
    EXPECT_EQ(image.source.width, 1200);
    EXPECT_EQ(image.source.height, 1920);
    EXPECT_EQ(image.source.exif["orientation"], orientation);
    EXPECT_EQ(image.compressed.width, 1200);
    EXPECT_EQ(image.compressed.height, 1920);
    EXPECT_EQ(image.thumbnail.width, 250);
    EXPECT_EQ(image.thumbnail.height, 400);
    // No orientation tag survives to rotate the upright output again.
    EXPECT_EQ(
        vips_image_get_typeof(Load(image.compressed.bytes).get_image(), VIPS_META_ORIENTATION), 0U);
  }
}

TEST_F(ImagePipelineTest, ConvertsCmykAndKeepsGreyscaleGrey) {
  const VImage photo =
      VImage::new_from_file((kCorpus / "ps05-rocket-adobergb-640x427.jpg").c_str());
  const std::vector<uint8_t> cmyk =
      Bytes(photo.colourspace(VIPS_INTERPRETATION_CMYK).jpegsave_buffer());
  const ProcessedImage from_cmyk = MustProcess(cmyk);
  EXPECT_EQ(Load(from_cmyk.compressed.bytes).bands(), 3);
  EXPECT_EQ(Load(from_cmyk.compressed.bytes).interpretation(), VIPS_INTERPRETATION_sRGB);

  const ProcessedImage grey = MustProcess(ReadCorpus("pm11-grey-gray8-2560x1600.jpg"));
  EXPECT_EQ(Load(grey.compressed.bytes).bands(), 1);
  EXPECT_EQ(Load(grey.thumbnail.bytes).bands(), 1);
}

TEST_F(ImagePipelineTest, ConvertsAnEmbeddedProfileToSrgb) {
  // rocket.jpg is Adobe RGB: its saturated greens must move when converted.
  const std::vector<uint8_t> source = ReadCorpus("ps05-rocket-adobergb-640x427.jpg");
  const ProcessedImage image = MustProcess(source);
  const VImage original = VImage::new_from_buffer(source.data(), source.size(), "");
  const VImage output = Load(image.compressed.bytes);
  EXPECT_EQ(output.width(), 640);
  EXPECT_GT((output - original).abs().avg(), 1.0);
}

TEST_F(ImagePipelineTest, FlattensAlphaOnWhite) {
  const ProcessedImage logo = MustProcess(ReadCorpus("xs02-logo-rgba-500x500.png"));
  EXPECT_EQ(logo.source.format, "png");
  const VImage output = Load(logo.compressed.bytes);
  EXPECT_EQ(output.bands(), 3);
  // The logo's corner is transparent: white after flattening.
  const std::vector<double> corner = output.getpoint(0, 0);
  for (const double channel : corner) {
    EXPECT_GT(channel, 245);
  }
}

TEST_F(ImagePipelineTest, ReadsEveryAcceptedFormat) {
  const VImage photo =
      VImage::new_from_file((kCorpus / "ps05-rocket-adobergb-640x427.jpg").c_str());
  struct Case {
    const char* suffix;
    const char* format;
  };
  for (const Case& c : {Case{".png", "png"}, Case{".webp", "webp"}, Case{".tif", "tiff"},
                        Case{".gif", "gif"}, Case{".heic", "heif"}, Case{".avif", "avif"}}) {
    SCOPED_TRACE(c.suffix);
    void* buffer = nullptr;
    size_t size = 0;
    photo.write_to_buffer(c.suffix, &buffer, &size);
    const std::vector<uint8_t> source(static_cast<uint8_t*>(buffer),
                                      static_cast<uint8_t*>(buffer) + size);
    g_free(buffer);
    const ProcessedImage image = MustProcess(source);
    EXPECT_EQ(image.source.format, c.format);
    EXPECT_EQ(image.compressed.width, 640);
    EXPECT_EQ(image.thumbnail.width, 400);
  }
  // Progressive JPEG.
  const std::vector<uint8_t> progressive =
      Bytes(photo.jpegsave_buffer(VImage::option()->set("interlace", true)));
  EXPECT_EQ(MustProcess(progressive).compressed.width, 640);
  // An animated GIF: its first frame.
  const ProcessedImage gif = MustProcess(ReadCorpus("xs03-anim-14x25.gif"));
  EXPECT_EQ(gif.compressed.width, 14);
  EXPECT_EQ(gif.compressed.height, 25);
}

TEST_F(ImagePipelineTest, NeverUpscales) {
  const ProcessedImage small = MustProcess(ReadCorpus("xs01-astronaut-512x512.png"));
  EXPECT_EQ(small.compressed.width, 512);
  EXPECT_EQ(small.thumbnail.width, 400);
}

TEST_F(ImagePipelineTest, StepsQualityThenSizeDownToFitABudget) {
  const std::vector<uint8_t> source = ReadCorpus("pl10-picosdeeuropa-3264x2448.jpg");
  PipelineOptions options;
  options.compressed.max_bytes = 60'000;
  options.thumbnail.max_bytes = 4'000;
  const ProcessedImage image = MustProcess(source, options);
  EXPECT_LE(image.compressed.bytes.size(), 60'000U);
  EXPECT_LE(image.thumbnail.bytes.size(), 4'000U);
  // Quality went to the floor before the size went down.
  EXPECT_EQ(image.compressed.quality, 50);
  EXPECT_LT(image.thumbnail.width, 400);
  EXPECT_LT(image.compressed.width, 2048);
  EXPECT_EQ(image.thumbnail.quality, 50);

  options.thumbnail.max_bytes = 1024;
  options.quality_floor = 100;
  options.thumbnail.start_quality = 100;
  const Result<ProcessedImage> impossible = ProcessImage(source, options);
  ASSERT_FALSE(impossible.ok());
  EXPECT_EQ(impossible.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(impossible.status().message().find("cannot fit the image into 1024 bytes"),
            std::string_view::npos)
      << impossible.status().ToString();
}

TEST_F(ImagePipelineTest, WritesWebpWhenAsked) {
  PipelineOptions options;
  options.format = OutputFormat::kWebp;
  const ProcessedImage image = MustProcess(ReadCorpus("pm05-wood-2560x1920.jpg"), options);
  EXPECT_EQ(image.compressed.bytes.substr(8, 4), "WEBP");
  EXPECT_EQ(image.thumbnail.bytes.substr(8, 4), "WEBP");
  EXPECT_EQ(MetadataFields(Load(image.compressed.bytes)), std::vector<std::string>{});
}

TEST_F(ImagePipelineTest, TruncatedFilesFailWithAReason) {
  const Result<ProcessedImage> tiny = ProcessImage(ReadCorpus("xe01-truncated.jpg"), {});
  ASSERT_FALSE(tiny.ok());
  EXPECT_EQ(tiny.status().code(), StatusCode::kInvalidArgument);

  std::vector<uint8_t> cut = ReadCorpus("pl10-picosdeeuropa-3264x2448.jpg");
  cut.resize(cut.size() * 6 / 10);
  const Result<ProcessedImage> truncated = ProcessImage(cut, {});
  ASSERT_FALSE(truncated.ok());
  EXPECT_EQ(truncated.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(truncated.status().message().find("cannot decode the image"), std::string_view::npos)
      << truncated.status().ToString();
}

TEST_F(ImagePipelineTest, RefusesPixelBombsBeforeDecoding) {
  // A real PNG whose header claims 30000 x 30000 pixels (900 MP).
  std::vector<uint8_t> png = ReadCorpus("xs02-logo-rgba-500x500.png");
  auto put32 = [&](size_t at, uint32_t value) {
    for (int i = 0; i < 4; ++i) {
      png[at + i] = static_cast<uint8_t>(value >> (24 - 8 * i));
    }
  };
  put32(16, 30000);  // IHDR width, height, then the chunk's CRC over type + data.
  put32(20, 30000);
  put32(29, static_cast<uint32_t>(crc32(0, png.data() + 12, 17)));
  const Result<ProcessedImage> bomb = ProcessImage(png, {});
  ASSERT_FALSE(bomb.ok());
  EXPECT_EQ(bomb.status().code(), StatusCode::kResourceExhausted);
  EXPECT_NE(bomb.status().message().find("30000 x 30000"), std::string_view::npos)
      << bomb.status().ToString();

  PipelineOptions strict;
  strict.max_pixels = 1'000'000;
  const Result<ProcessedImage> large = ProcessImage(ReadCorpus("pm05-wood-2560x1920.jpg"), strict);
  EXPECT_EQ(large.status().code(), StatusCode::kResourceExhausted);
}

TEST_F(ImagePipelineTest, RefusesWhatIsNotAnAcceptedImage) {
  const std::string svg =
      R"(<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>)";
  const std::string pdf = "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
  const std::string text = "hello, not an image";
  for (const std::string* body : {&svg, &pdf, &text}) {
    const Result<ProcessedImage> refused =
        ProcessImage({reinterpret_cast<const uint8_t*>(body->data()), body->size()}, {});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(refused.status().message().find("not an image in a supported format"),
              std::string_view::npos)
        << refused.status().ToString();
  }
  EXPECT_EQ(ProcessImage({}, {}).status().code(), StatusCode::kInvalidArgument);
  // Not only refused by the pipeline: libvips itself will not run the loader.
  EXPECT_THROW(VImage::new_from_buffer(svg.data(), svg.size(), "").avg(), vips::VError);
}

TEST_F(ImagePipelineTest, DecodesPixelsUprightAndShrunk) {
  const VImage photo = VImage::new_from_file((kCorpus / "ps01-blinds-1920x1200.jpg").c_str());
  VImage tagged = photo.copy();
  tagged.set(VIPS_META_ORIENTATION, 6);
  const std::vector<uint8_t> source = Bytes(tagged.jpegsave_buffer());
  const Result<DecodedImage> decoded = DecodePixels(source, 960);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->width, 600);
  EXPECT_EQ(decoded->height, 960);
  EXPECT_EQ(decoded->channels, 3);
  EXPECT_EQ(decoded->pixels.size(), 600U * 960U * 3U);
  const Result<DecodedImage> grey = DecodePixels(ReadCorpus("pm11-grey-gray8-2560x1600.jpg"), 400);
  ASSERT_TRUE(grey.ok());
  EXPECT_EQ(grey->channels, 1);
  EXPECT_EQ(DecodePixels(ReadCorpus("xe01-truncated.jpg"), 400).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(DecodePixels(ReadCorpus("pm05-wood-2560x1920.jpg"), 400, 1000).status().code(),
            StatusCode::kResourceExhausted);
}

}  // namespace
}  // namespace gloss::media
