// Measurements of a whole image that need no model: brightness, contrast,
// sharpness and the share of each named colour. describe.h turns them into
// labels and words.
//
// Thread safety: pure functions of their arguments.

#pragma once

#include <string_view>
#include <vector>

namespace cv {
class Mat;
}

namespace gloss::annotate::local {

struct ColourShare {
  std::string_view name;  // One of the palette's names: "red", ..., "grey".
  double share = 0;       // Of the image's pixels, 0..1.
};

struct ImageProperties {
  double brightness = 0;  // Mean luma, 0 (black) .. 1 (white).
  double contrast = 0;    // Standard deviation of luma, 0 .. 0.5.
  // Variance of the Laplacian of the grey copy, in 8-bit units squared: low
  // when there are no sharp edges. Depends on the scale it is measured at.
  double sharpness = 0;
  std::vector<ColourShare> colours;  // Every palette colour present, largest share first.
};

// `colour` is the image as 8-bit RGB (3 channels) or grey (1); `grey` is its
// grey copy at the scale sharpness is calibrated for (long edge <= 640).
ImageProperties MeasureProperties(const cv::Mat& colour, const cv::Mat& grey);

}  // namespace gloss::annotate::local
