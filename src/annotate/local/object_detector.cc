#include "annotate/local/object_detector.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <utility>

#include <opencv2/core.hpp>
#include <opencv2/objdetect.hpp>

#include "annotate/local/non_max_suppression.h"

namespace gloss::annotate::local {
namespace {

// Detections of one label overlapping more than this are one thing.
constexpr double kMaxOverlap = 0.4;
// Image pyramid step and the number of overlapping raw hits a detection
// needs: the speed / recall / false-positive knobs of every cascade.
constexpr double kScaleFactor = 1.25;
constexpr int kMinNeighbors = 4;

enum class Kind { kFace, kCat, kPerson, kLicencePlate };

struct CascadeSpec {
  const char* file;
  const char* label;
  Kind kind;
  // The final-stage score at which a detection is taken as even odds: the
  // midpoint of the logistic that maps scores to confidences (calibrated on
  // the corpus and opencv-doc's sample photos, docs/design/annotate-local.md).
  double even_odds_score;
  // The smallest object looked for, as a fraction of the image's short side.
  double min_size_fraction;
  // Also scan the mirror image: the profile cascade only knows faces
  // looking one way.
  bool mirrored = false;
};

// Face and cat sizes are the main cost knob: the smallest windows are the
// most numerous (docs/design/annotate-local.md has the numbers).
constexpr CascadeSpec kCascades[] = {
    {"haarcascade_frontalface_default.xml", "face", Kind::kFace, 4.0, 0.1},
    {"haarcascade_profileface.xml", "face", Kind::kFace, 2.0, 0.15, true},
    {"haarcascade_frontalcatface.xml", "cat face", Kind::kCat, 2.5, 0.15},
    {"haarcascade_fullbody.xml", "person", Kind::kPerson, 2.0, 0.25},
    {"haarcascade_upperbody.xml", "person", Kind::kPerson, 3.0, 0.2},
    {"haarcascade_russian_plate_number.xml", "licence plate", Kind::kLicencePlate, 3.5, 0.1},
};

bool Enabled(Kind kind, const LocalProviderOptions& options) {
  switch (kind) {
    case Kind::kFace: return options.detect_faces;
    case Kind::kCat: return options.detect_cats;
    case Kind::kPerson: return options.detect_people;
    case Kind::kLicencePlate: return options.detect_licence_plates;
  }
  return false;
}

double Logistic(double x) { return 1 / (1 + std::exp(-x)); }

}  // namespace

struct ObjectDetector::Cascade {
  const CascadeSpec* spec;
  cv::CascadeClassifier classifier;
};

ObjectDetector::ObjectDetector(std::vector<Cascade> cascades, double min_confidence)
    : cascades_(std::move(cascades)), min_confidence_(min_confidence) {}

ObjectDetector::~ObjectDetector() = default;

Result<std::unique_ptr<ObjectDetector>> ObjectDetector::Load(const LocalProviderOptions& options) {
  std::vector<Cascade> cascades;
  for (const CascadeSpec& spec : kCascades) {
    if (!Enabled(spec.kind, options)) {
      continue;
    }
    const std::string path = (std::filesystem::path(options.cascade_dir) / spec.file).string();
    if (!std::filesystem::exists(path)) {
      return Status::FailedPrecondition("Haar cascade " + path +
                                        " is missing (Debian package opencv-data)");
    }
    Cascade cascade{&spec, {}};
    bool loaded = false;
    try {
      loaded = cascade.classifier.load(path);
    } catch (const cv::Exception& e) {
      return Status::FailedPrecondition("cannot read Haar cascade " + path + ": " + e.what());
    }
    if (!loaded) {
      return Status::FailedPrecondition("cannot read Haar cascade " + path);
    }
    cascades.push_back(std::move(cascade));
  }
  return std::unique_ptr<ObjectDetector>(
      new ObjectDetector(std::move(cascades), options.min_object_confidence));
}

std::vector<DetectedObject> ObjectDetector::Detect(const cv::Mat& grey) {
  const double width = grey.cols;
  const double height = grey.rows;
  const double short_side = std::min(width, height);
  cv::Mat mirrored;
  std::vector<DetectedObject> objects;
  for (Cascade& cascade : cascades_) {
    const CascadeSpec& spec = *cascade.spec;
    // The cascade's own window, scaled up to the smallest object looked for.
    const cv::Size window = cascade.classifier.getOriginalWindowSize();
    const double grow =
        std::max(1.0, spec.min_size_fraction * short_side / std::max(window.width, window.height));
    const cv::Size min_size(static_cast<int>(window.width * grow),
                            static_cast<int>(window.height * grow));
    if (min_size.width > grey.cols || min_size.height > grey.rows) {
      continue;
    }
    for (const bool flip : {false, true}) {
      if (flip && !spec.mirrored) {
        continue;
      }
      if (flip && mirrored.empty()) {
        cv::flip(grey, mirrored, 1);
      }
      std::vector<cv::Rect> boxes;
      std::vector<int> reject_levels;
      std::vector<double> scores;  // The final stage's sum for each detection.
      cascade.classifier.detectMultiScale(flip ? mirrored : grey, boxes, reject_levels, scores,
                                          kScaleFactor, kMinNeighbors, 0, min_size, cv::Size(),
                                          /*outputRejectLevels=*/true);
      for (size_t index = 0; index < boxes.size(); ++index) {
        const double confidence = Logistic(scores[index] - spec.even_odds_score);
        if (confidence < min_confidence_) {
          continue;
        }
        const cv::Rect& box = boxes[index];
        const int left = flip ? grey.cols - box.x - box.width : box.x;
        DetectedObject& object = objects.emplace_back();
        object.label = spec.label;
        object.confidence = confidence;
        object.box = Box{.x = left / width,
                         .y = box.y / height,
                         .w = box.width / width,
                         .h = box.height / height};
      }
    }
  }
  objects = SuppressNonMaxima(std::move(objects), kMaxOverlap);
  return DropOverlapping(std::move(objects), "cat face", "face", kMaxOverlap);
}

}  // namespace gloss::annotate::local
