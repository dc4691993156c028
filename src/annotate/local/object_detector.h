// ObjectDetector finds faces, cat faces, people and licence plates with the
// Haar and LBP cascades Debian's opencv-data ships
// (docs/design/annotate-local.md): each cascade scans the image, a second
// cascade confirms each cat face, detections get a 0..1 confidence from the
// final-stage scores, and overlapping detections of one label are reduced to
// the most confident (non-maximum suppression).
//
// Internal to annotate/local; LocalProvider is the public surface.
//
// Thread safety: Detect is not thread-safe (cv::CascadeClassifier keeps
// the image it scans in its feature evaluator). LocalProvider serialises it.

#pragma once

#include <memory>
#include <vector>

#include "annotate/annotation.h"
#include "annotate/local/local_provider_options.h"
#include "core/result.h"

namespace cv {
class Mat;
}

namespace gloss::annotate::local {

class ObjectDetector {
 public:
  // Loads the cascades that `options` turns on from options.opencv_data_dir.
  // Errors: kFailedPrecondition naming a cascade file that is missing or
  // cannot be read (it comes with Debian's opencv-data).
  static Result<std::unique_ptr<ObjectDetector>> Load(const LocalProviderOptions& options);

  ~ObjectDetector();

  // Scans `grey` (8-bit, histogram-equalised, long edge at most 640 px:
  // kDetectionLongEdge in local_provider.cc) and returns the objects at or
  // above the minimum confidence, boxes normalised to `grey`'s size, most
  // confident first. Never fails: an image with nothing in it yields none.
  std::vector<DetectedObject> Detect(const cv::Mat& grey);

 private:
  struct Cascade;

  ObjectDetector(std::vector<Cascade> cascades, double min_confidence);

  std::vector<Cascade> cascades_;
  double min_confidence_;
};

}  // namespace gloss::annotate::local
