#include "media/pipeline_options.h"

#include <map>
#include <string>

#include <gtest/gtest.h>

namespace gloss::media {
namespace {

Result<PipelineOptions> Parse(std::map<std::string, std::string, std::less<>> variables) {
  return OptionsFromEnvironment([&](std::string_view name) -> std::optional<std::string> {
    const auto found = variables.find(name);
    if (found == variables.end()) {
      return std::nullopt;
    }
    return found->second;
  });
}

TEST(PipelineOptions, DefaultsMatchTheStorageLayout) {
  const Result<PipelineOptions> options = Parse({});
  ASSERT_TRUE(options.ok());
  EXPECT_EQ(options->compressed.max_edge, 2048);
  EXPECT_EQ(options->compressed.max_bytes, 4'000'000);
  EXPECT_EQ(options->thumbnail.max_edge, 400);
  EXPECT_EQ(options->thumbnail.max_bytes, 100'000);
  EXPECT_EQ(options->quality_floor, 50);
  EXPECT_EQ(options->format, OutputFormat::kJpeg);
  EXPECT_EQ(options->max_pixels, 100'000'000);
}

TEST(PipelineOptions, ReadsEveryVariable) {
  const Result<PipelineOptions> options = Parse({{"COMPRESSED_MAX_EDGE", "1024"},
                                                 {"COMPRESSED_MAX_BYTES", "2000000"},
                                                 {"THUMBNAIL_MAX_EDGE", "256"},
                                                 {"THUMBNAIL_MAX_BYTES", "50000"},
                                                 {"QUALITY_FLOOR", "90"},
                                                 {"OUTPUT_FORMAT", "webp"},
                                                 {"MAX_PIXELS", "1000"}});
  ASSERT_TRUE(options.ok()) << options.status().ToString();
  EXPECT_EQ(options->compressed.max_edge, 1024);
  EXPECT_EQ(options->compressed.max_bytes, 2'000'000);
  EXPECT_EQ(options->thumbnail.max_edge, 256);
  EXPECT_EQ(options->thumbnail.max_bytes, 50'000);
  EXPECT_EQ(options->quality_floor, 90);
  // A floor above the start qualities raises them to it.
  EXPECT_EQ(options->compressed.start_quality, 90);
  EXPECT_EQ(options->thumbnail.start_quality, 90);
  EXPECT_EQ(options->format, OutputFormat::kWebp);
  EXPECT_EQ(options->max_pixels, 1000);
  EXPECT_EQ(ContentTypeOf(options->format), "image/webp");
  EXPECT_EQ(ExtensionOf(options->format), ".webp");
}

TEST(PipelineOptions, RefusesBadValuesNamingTheVariable) {
  const std::pair<const char*, const char*> bad[] = {
      {"COMPRESSED_MAX_EDGE", "big"}, {"COMPRESSED_MAX_EDGE", "8"}, {"THUMBNAIL_MAX_EDGE", "400px"},
      {"COMPRESSED_MAX_BYTES", "-1"}, {"THUMBNAIL_MAX_BYTES", ""},  {"QUALITY_FLOOR", "101"},
      {"QUALITY_FLOOR", "0"},         {"MAX_PIXELS", "1e9"},        {"OUTPUT_FORMAT", "png"},
  };
  for (const auto& [name, value] : bad) {
    const Result<PipelineOptions> options = Parse({{name, value}});
    ASSERT_FALSE(options.ok()) << name << "=" << value;
    EXPECT_EQ(options.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(options.status().message().find(name), std::string_view::npos)
        << options.status().ToString();
  }
}

TEST(PipelineOptions, RefusesAThumbnailLargerThanTheCompressedCopy) {
  const Result<PipelineOptions> options =
      Parse({{"COMPRESSED_MAX_EDGE", "300"}, {"THUMBNAIL_MAX_EDGE", "400"}});
  ASSERT_FALSE(options.ok());
  EXPECT_NE(options.status().message().find("THUMBNAIL_MAX_EDGE"), std::string_view::npos);
}

}  // namespace
}  // namespace gloss::media
