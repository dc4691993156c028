#include "media/exif_summary.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <utility>

namespace gloss::media {
namespace {

// "56/10" -> 5.6; nullopt for a malformed value or a zero denominator.
std::optional<double> ParseRational(std::string_view raw) {
  const size_t slash = raw.find('/');
  int64_t numerator = 0;
  int64_t denominator = 1;
  const std::string_view top = raw.substr(0, slash);
  if (std::from_chars(top.data(), top.data() + top.size(), numerator).ptr !=
      top.data() + top.size()) {
    return std::nullopt;
  }
  if (slash != std::string_view::npos) {
    const std::string_view bottom = raw.substr(slash + 1);
    if (std::from_chars(bottom.data(), bottom.data() + bottom.size(), denominator).ptr !=
        bottom.data() + bottom.size()) {
      return std::nullopt;
    }
  }
  if (denominator == 0) {
    return std::nullopt;
  }
  return static_cast<double>(numerator) / static_cast<double>(denominator);
}

double RoundToTenth(double value) { return std::round(value * 10) / 10; }

// 1/80 s as "1/80"; 0.5 s as "1/2"; 2.5 s as "2.5".
std::optional<std::string> ExposureText(std::string_view raw) {
  const std::optional<double> seconds = ParseRational(raw);
  if (!seconds || *seconds <= 0) {
    return std::nullopt;
  }
  if (*seconds < 1) {
    return "1/" + std::to_string(static_cast<int64_t>(std::lround(1 / *seconds)));
  }
  nlohmann::json number = RoundToTenth(*seconds);
  return number.dump();
}

std::optional<int64_t> FirstInteger(std::string_view raw) {
  int64_t value = 0;
  const auto [ptr, error] = std::from_chars(raw.data(), raw.data() + raw.size(), value);
  if (error != std::errc() || ptr == raw.data()) {
    return std::nullopt;
  }
  return value;
}

bool AllDigits(std::string_view text) {
  for (const char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c)) == 0) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string ExifRawValue(std::string_view rendered) {
  constexpr std::string_view kTail = " bytes)";
  if (rendered.size() < kTail.size() || rendered.substr(rendered.size() - kTail.size()) != kTail) {
    return std::string(rendered);
  }
  // Drop ", TYPE, N components, M bytes)" from the end...
  std::string_view rest = rendered.substr(0, rendered.size() - 1);
  for (int part = 0; part < 3; ++part) {
    const size_t comma = rest.rfind(", ");
    if (comma == std::string_view::npos) {
      return std::string(rendered);
    }
    rest = rest.substr(0, comma);
  }
  // ...leaving "RAW (FORMATTED". Text values are formatted as themselves, so
  // "X (X" is split in the middle even when X contains " (".
  if (rest.size() >= 2 && (rest.size() - 2) % 2 == 0) {
    const size_t half = (rest.size() - 2) / 2;
    if (rest.substr(half, 2) == " (" && rest.substr(0, half) == rest.substr(half + 2)) {
      return std::string(rest.substr(0, half));
    }
  }
  return std::string(rest.substr(0, rest.find(" (")));
}

std::optional<std::string> ExifDateTime(std::string_view date_time, std::string_view offset) {
  // "YYYY:MM:DD HH:MM:SS"
  if (date_time.size() < 19 || date_time[4] != ':' || date_time[7] != ':' || date_time[10] != ' ' ||
      date_time[13] != ':' || date_time[16] != ':') {
    return std::nullopt;
  }
  const std::string_view year = date_time.substr(0, 4);
  const std::string_view month = date_time.substr(5, 2);
  const std::string_view day = date_time.substr(8, 2);
  const std::string_view clock = date_time.substr(11, 8);
  if (!AllDigits(year) || !AllDigits(month) || !AllDigits(day) || !AllDigits(clock.substr(0, 2)) ||
      !AllDigits(clock.substr(3, 2)) || !AllDigits(clock.substr(6, 2))) {
    return std::nullopt;
  }
  const int month_number = (month[0] - '0') * 10 + (month[1] - '0');
  const int day_number = (day[0] - '0') * 10 + (day[1] - '0');
  if (year == "0000" || month_number < 1 || month_number > 12 || day_number < 1 ||
      day_number > 31 || (clock[0] - '0') * 10 + (clock[1] - '0') > 23) {
    return std::nullopt;
  }
  std::string zone = "Z";
  // "+02:00" / "-05:30"; anything else: the time is taken as UTC.
  if (offset.size() == 6 && (offset[0] == '+' || offset[0] == '-') && offset[3] == ':' &&
      AllDigits(offset.substr(1, 2)) && AllDigits(offset.substr(4, 2))) {
    zone = std::string(offset);
  }
  return std::string(year) + "-" + std::string(month) + "-" + std::string(day) + "T" +
         std::string(clock) + zone;
}

ExifSummary SummarizeExif(const HeaderLookup& lookup, int orientation) {
  ExifSummary summary;
  auto raw = [&](const char* field) -> std::optional<std::string> {
    std::optional<std::string> value = lookup(field);
    if (!value) {
      return std::nullopt;
    }
    std::string text = ExifRawValue(*value);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) {
      text.pop_back();
    }
    if (text.empty()) {
      return std::nullopt;
    }
    return text;
  };
  nlohmann::json& fields = summary.fields;
  constexpr std::pair<const char*, const char*> kTextFields[] = {
      {"exif-ifd0-Make", "make"}, {"exif-ifd0-Model", "model"}, {"exif-ifd2-LensModel", "lens"}};
  for (const auto& [field, name] : kTextFields) {
    if (std::optional<std::string> text = raw(field)) {
      fields[name] = *text;
    }
  }
  if (std::optional<std::string> exposure = raw("exif-ifd2-ExposureTime")) {
    if (std::optional<std::string> text = ExposureText(*exposure)) {
      fields["exposureTime"] = *text;
    }
  }
  constexpr std::pair<const char*, const char*> kRationalFields[] = {
      {"exif-ifd2-FNumber", "fNumber"}, {"exif-ifd2-FocalLength", "focalLengthMm"}};
  for (const auto& [field, name] : kRationalFields) {
    if (std::optional<std::string> text = raw(field)) {
      if (std::optional<double> value = ParseRational(*text); value && *value > 0) {
        fields[name] = RoundToTenth(*value);
      }
    }
  }
  if (std::optional<std::string> iso = raw("exif-ifd2-ISOSpeedRatings")) {
    if (std::optional<int64_t> value = FirstInteger(*iso); value && *value > 0) {
      fields["iso"] = *value;
    }
  }
  if (orientation >= 1 && orientation <= 8) {
    fields["orientation"] = orientation;
  }
  if (std::optional<std::string> taken = raw("exif-ifd2-DateTimeOriginal")) {
    summary.taken_at = ExifDateTime(*taken, raw("exif-ifd2-OffsetTimeOriginal").value_or(""));
  }
  return summary;
}

}  // namespace gloss::media
