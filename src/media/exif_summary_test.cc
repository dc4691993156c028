#include "media/exif_summary.h"

#include <map>
#include <string>

#include <gtest/gtest.h>

namespace gloss::media {
namespace {

HeaderLookup FromMap(std::map<std::string, std::string> fields) {
  return [fields = std::move(fields)](const char* field) -> std::optional<std::string> {
    const auto found = fields.find(field);
    if (found == fields.end()) {
      return std::nullopt;
    }
    return found->second;
  };
}

TEST(ExifRawValue, TakesTheRawPartOfLibvipsRendering) {
  EXPECT_EQ(ExifRawValue("56/10 (f/5.6, Rational, 1 components, 8 bytes)"), "56/10");
  EXPECT_EQ(ExifRawValue("Canon (Canon, ASCII, 6 components, 6 bytes)"), "Canon");
  EXPECT_EQ(ExifRawValue("Lens (II) (Lens (II), ASCII, 10 components, 10 bytes)"), "Lens (II)");
  EXPECT_EQ(ExifRawValue("400 (400, Short, 1 components, 2 bytes)"), "400");
  EXPECT_EQ(ExifRawValue("plain"), "plain");
  EXPECT_EQ(ExifRawValue(" bytes)"), " bytes)");
}

TEST(ExifDateTime, BecomesAnAwsDateTime) {
  EXPECT_EQ(ExifDateTime("2008:01:22 03:28:22", ""), "2008-01-22T03:28:22Z");
  EXPECT_EQ(ExifDateTime("2008:01:22 03:28:22", "+02:00"), "2008-01-22T03:28:22+02:00");
  EXPECT_EQ(ExifDateTime("2008:01:22 03:28:22", "garbage"), "2008-01-22T03:28:22Z");
  EXPECT_EQ(ExifDateTime("0000:00:00 00:00:00", ""), std::nullopt);
  EXPECT_EQ(ExifDateTime("2008:13:22 03:28:22", ""), std::nullopt);
  EXPECT_EQ(ExifDateTime("2008-01-22 03:28:22", ""), std::nullopt);
  EXPECT_EQ(ExifDateTime("2008:01:2x 03:28:22", ""), std::nullopt);
  EXPECT_EQ(ExifDateTime("short", ""), std::nullopt);
}

TEST(SummarizeExif, KeepsCameraLensAndExposureOnly) {
  const ExifSummary summary = SummarizeExif(
      FromMap({
          {"exif-ifd0-Make", "Canon (Canon, ASCII, 6 components, 6 bytes)"},
          {"exif-ifd0-Model",
           "Canon EOS 350D DIGITAL (Canon EOS 350D DIGITAL, ASCII, 23 components, 23 bytes)"},
          {"exif-ifd2-LensModel", "EF-S 18-55 (EF-S 18-55, ASCII, 11 components, 11 bytes)"},
          {"exif-ifd2-ExposureTime", "1/80 (1/80 sec., Rational, 1 components, 8 bytes)"},
          {"exif-ifd2-FNumber", "56/10 (f/5.6, Rational, 1 components, 8 bytes)"},
          {"exif-ifd2-ISOSpeedRatings", "400 (400, Short, 1 components, 2 bytes)"},
          {"exif-ifd2-FocalLength", "107/1 (107.0 mm, Rational, 1 components, 8 bytes)"},
          {"exif-ifd2-DateTimeOriginal",
           "2008:01:22 03:28:22 (2008:01:22 03:28:22, ASCII, 20 components, 20 bytes)"},
          {"exif-ifd3-GPSLatitude",
           "56/1 9359705/1000000 0/1 (56, 9.359705,  0, Rational, 3 components, 24 bytes)"},
          {"exif-ifd3-GPSLatitudeRef", "N (N, ASCII, 2 components, 2 bytes)"},
      }),
      6);
  EXPECT_EQ(summary.fields, nlohmann::json::parse(R"({
    "make": "Canon", "model": "Canon EOS 350D DIGITAL", "lens": "EF-S 18-55",
    "exposureTime": "1/80", "fNumber": 5.6, "iso": 400, "focalLengthMm": 107.0,
    "orientation": 6})"));
  EXPECT_EQ(summary.taken_at, "2008-01-22T03:28:22Z");
}

TEST(SummarizeExif, OmitsWhatIsMissingOrUnreadable) {
  const ExifSummary summary =
      SummarizeExif(FromMap({
                        {"exif-ifd0-Make", "  (  , ASCII, 3 components, 3 bytes)"},
                        {"exif-ifd2-ExposureTime", "1/0 (?, Rational, 1 components, 8 bytes)"},
                        {"exif-ifd2-FNumber", "x/10 (?, Rational, 1 components, 8 bytes)"},
                        {"exif-ifd2-ISOSpeedRatings", "0 (0, Short, 1 components, 2 bytes)"},
                        {"exif-ifd2-DateTimeOriginal", "0000:00:00 00:00:00"},
                    }),
                    0);
  EXPECT_EQ(summary.fields, nlohmann::json::object());
  EXPECT_EQ(summary.taken_at, std::nullopt);
}

TEST(SummarizeExif, WritesLongExposuresInSeconds) {
  const ExifSummary summary = SummarizeExif(
      FromMap({{"exif-ifd2-ExposureTime", "5/2 (2.5 sec., Rational, 1 components, 8 bytes)"},
               {"exif-ifd2-OffsetTimeOriginal", "-05:00 (-05:00, ASCII, 7 components, 7 bytes)"},
               {"exif-ifd2-DateTimeOriginal", "2020:06:01 12:00:00"}}),
      1);
  EXPECT_EQ(summary.fields["exposureTime"], "2.5");
  EXPECT_EQ(summary.taken_at, "2020-06-01T12:00:00-05:00");
}

}  // namespace
}  // namespace gloss::media
