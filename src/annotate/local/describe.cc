#include "annotate/local/describe.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string_view>

namespace gloss::annotate::local {
namespace {

// Mean luma below / above which a photo is dark / bright.
constexpr double kDarkBelow = 0.25;
constexpr double kBrightAbove = 0.75;
// Variance of the Laplacian (at the detection scale, long edge <= 640)
// below which a photo is blurry. Calibrated (docs/design/annotate-local.md):
// every corpus photo as shipped measures 44 or more, opencv-doc's defocused
// text photo 7.7, and the corpus blurred by a 4 px Gaussian mostly < 30.
constexpr double kBlurryBelow = 30;
// Below this luma deviation an image is flat (a wall, a blank frame): no
// edges to be sharp or blurry.
constexpr double kMinContrast = 0.04;
// Colours covering at least this share become labels, at most kMaxColours.
constexpr double kMinColourShare = 0.1;
constexpr size_t kMaxColours = 3;
// The caption names at most two colours, each covering this much.
constexpr double kMinCaptionColourShare = 0.2;
constexpr size_t kMaxCaptionColours = 2;
constexpr size_t kMaxCaptionWords = 6;

// Object labels as labels and in the caption, in caption order.
struct Thing {
  std::string_view object_label;
  std::string_view label;
  std::string_view one;
  std::string_view many;
};
constexpr std::array<Thing, 4> kThings = {{
    {"face", "face", "a face", "faces"},
    {"person", "person", "a person", "people"},
    {"cat face", "cat", "a cat", "cats"},
    {"licence plate", "licence plate", "a licence plate", "licence plates"},
}};

// 0.5 at the threshold, 1 at `limit`.
double BeyondThreshold(double value, double threshold, double limit) {
  return std::clamp(0.5 + 0.5 * (value - threshold) / (limit - threshold), 0.5, 1.0);
}

std::optional<double> BestConfidence(const std::vector<DetectedObject>& objects,
                                     std::string_view label) {
  std::optional<double> best;
  for (const DetectedObject& object : objects) {
    if (object.label == label) {
      best = std::max(best.value_or(0), object.confidence);
    }
  }
  return best;
}

bool IsBlurry(const ImageProperties& properties) {
  return properties.contrast >= kMinContrast && properties.sharpness < kBlurryBelow;
}

// "a", "a and b", "a, b and c".
std::string JoinList(const std::vector<std::string>& parts) {
  std::string joined;
  for (size_t index = 0; index < parts.size(); ++index) {
    if (index > 0) {
      joined += index + 1 == parts.size() ? " and " : ", ";
    }
    joined += parts[index];
  }
  return joined;
}

}  // namespace

std::vector<Label> DescribeLabels(const ImageProperties& properties,
                                  const std::vector<DetectedObject>& objects,
                                  const std::vector<TextItem>& text) {
  std::vector<Label> labels;
  for (const Thing& thing : kThings) {
    if (const std::optional<double> best = BestConfidence(objects, thing.object_label)) {
      labels.push_back({std::string(thing.label), *best});
    }
  }
  if (!text.empty()) {
    const auto best = std::max_element(
        text.begin(), text.end(),
        [](const TextItem& a, const TextItem& b) { return a.confidence < b.confidence; });
    labels.push_back({"text", best->confidence});
  }
  for (size_t index = 0; index < properties.colours.size() && index < kMaxColours; ++index) {
    const ColourShare& colour = properties.colours[index];
    if (colour.share >= kMinColourShare) {
      labels.push_back({std::string(colour.name), colour.share});
    }
  }
  if (properties.brightness < kDarkBelow) {
    labels.push_back({"dark", BeyondThreshold(-properties.brightness, -kDarkBelow, 0)});
  } else if (properties.brightness > kBrightAbove) {
    labels.push_back({"bright", BeyondThreshold(properties.brightness, kBrightAbove, 1)});
  }
  if (IsBlurry(properties)) {
    labels.push_back({"blurry", BeyondThreshold(-properties.sharpness, -kBlurryBelow, 0)});
  }
  std::stable_sort(labels.begin(), labels.end(),
                   [](const Label& a, const Label& b) { return a.confidence > b.confidence; });
  return labels;
}

std::string DescribeCaption(const ImageProperties& properties,
                            const std::vector<DetectedObject>& objects,
                            const std::vector<TextItem>& text) {
  std::vector<std::string> adjectives;
  if (properties.brightness < kDarkBelow) {
    adjectives.emplace_back("dark");
  } else if (properties.brightness > kBrightAbove) {
    adjectives.emplace_back("bright");
  }
  if (IsBlurry(properties)) {
    adjectives.emplace_back("blurry");
  }
  std::string caption = "A ";
  for (size_t index = 0; index < adjectives.size(); ++index) {
    caption += adjectives[index] + (index + 1 < adjectives.size() ? ", " : " ");
  }
  caption += "photo";

  std::vector<std::string> colours;
  for (const ColourShare& colour : properties.colours) {
    if (colour.share < kMinCaptionColourShare || colours.size() == kMaxCaptionColours) {
      break;
    }
    colours.emplace_back(colour.name);
  }
  if (!colours.empty()) {
    caption += ", mostly " + JoinList(colours);
  }

  std::vector<std::string> things;
  for (const Thing& thing : kThings) {
    const auto count = std::count_if(objects.begin(), objects.end(), [&](const DetectedObject& o) {
      return o.label == thing.object_label;
    });
    if (count == 1) {
      things.emplace_back(thing.one);
    } else if (count > 1) {
      things.push_back(std::to_string(count) + " " + std::string(thing.many));
    }
  }
  if (!text.empty()) {
    std::string words;
    for (size_t index = 0; index < text.size() && index < kMaxCaptionWords; ++index) {
      words += (index > 0 ? " " : "") + text[index].text;
    }
    things.push_back("text reading \"" + words + (text.size() > kMaxCaptionWords ? " ..." : "") +
                     "\"");
  }
  if (!things.empty()) {
    caption += (colours.empty() ? " with " : ", with ") + JoinList(things);
  }
  return caption + ".";
}

}  // namespace gloss::annotate::local
