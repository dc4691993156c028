#include "annotate/local/image_properties.h"

#include <algorithm>
#include <array>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace gloss::annotate::local {
namespace {

// Colours are counted on a copy this small: shares need no detail.
constexpr int kColourSampleSide = 64;

// The fixed palette, in the order ties are broken.
constexpr std::array<std::string_view, 11> kPalette = {"red",   "orange", "yellow", "green",
                                                       "blue",  "purple", "pink",   "brown",
                                                       "black", "white",  "grey"};

// Names a colour given in HSV (hue 0..360 degrees, saturation and value
// 0..1). Dark pixels are black whatever their hue, unsaturated ones white or
// grey by value; the rest go by hue, with dark oranges and yellows called
// brown, light reds pink and dark magentas purple.
std::string_view NameColour(float hue, float saturation, float value) {
  if (value < 0.2F) {
    return "black";
  }
  if (saturation < 0.2F) {
    return value > 0.8F ? "white" : "grey";
  }
  if (hue < 15 || hue >= 340) {
    return saturation < 0.5F && value > 0.7F ? "pink" : "red";
  }
  if (hue < 70) {
    if (value < 0.6F) {
      return "brown";
    }
    return hue < 45 ? "orange" : "yellow";
  }
  if (hue < 170) {
    return "green";
  }
  if (hue < 260) {
    return "blue";
  }
  if (hue < 290) {
    return "purple";
  }
  return value < 0.5F ? "purple" : "pink";
}

std::vector<ColourShare> MeasureColours(const cv::Mat& colour) {
  cv::Mat small;
  cv::resize(colour, small, cv::Size(kColourSampleSide, kColourSampleSide), 0, 0, cv::INTER_AREA);
  if (small.channels() == 1) {
    cv::cvtColor(small, small, cv::COLOR_GRAY2RGB);
  }
  cv::Mat hsv;
  small.convertTo(hsv, CV_32FC3, 1.0 / 255);
  cv::cvtColor(hsv, hsv, cv::COLOR_RGB2HSV);  // Float input: H 0..360, S and V 0..1.

  std::array<int, kPalette.size()> counts{};
  for (auto it = hsv.begin<cv::Vec3f>(); it != hsv.end<cv::Vec3f>(); ++it) {
    const std::string_view name = NameColour((*it)[0], (*it)[1], (*it)[2]);
    ++counts[std::find(kPalette.begin(), kPalette.end(), name) - kPalette.begin()];
  }
  std::vector<ColourShare> shares;
  for (size_t index = 0; index < kPalette.size(); ++index) {
    if (counts[index] > 0) {
      shares.push_back({kPalette[index], static_cast<double>(counts[index]) / hsv.total()});
    }
  }
  std::stable_sort(shares.begin(), shares.end(),
                   [](const ColourShare& a, const ColourShare& b) { return a.share > b.share; });
  return shares;
}

}  // namespace

ImageProperties MeasureProperties(const cv::Mat& colour, const cv::Mat& grey) {
  ImageProperties properties;
  cv::Scalar mean;
  cv::Scalar deviation;
  cv::meanStdDev(grey, mean, deviation);
  properties.brightness = mean[0] / 255;
  properties.contrast = deviation[0] / 255;

  cv::Mat laplacian;
  cv::Laplacian(grey, laplacian, CV_32F);
  cv::meanStdDev(laplacian, mean, deviation);
  properties.sharpness = deviation[0] * deviation[0];

  properties.colours = MeasureColours(colour);
  return properties;
}

}  // namespace gloss::annotate::local
