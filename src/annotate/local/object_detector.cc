#include "annotate/local/object_detector.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>

#include <opencv2/core.hpp>
#include <opencv2/objdetect.hpp>

#include "annotate/local/non_max_suppression.h"

namespace gloss::annotate::local {
namespace {

// Detections of one label overlapping more than this are one thing.
constexpr double kMaxOverlap = 0.4;
// The number of overlapping raw hits a detection needs: with the pyramid
// step, the speed / recall / false-positive knob of every cascade.
constexpr int kMinNeighbors = 4;
// A verifier's hit confirms a detection when it overlaps it by this much.
constexpr double kMinVerifiedOverlap = 0.5;

enum class Kind { kFace, kCat, kPerson, kLicencePlate };

struct CascadeSpec {
  const char* file;  // Relative to opencv-data's folder.
  const char* label;
  Kind kind;
  // The score at which a detection is taken as even odds: the midpoint of
  // the logistic that maps scores to confidences (calibrated on the corpus
  // and opencv-doc's sample photos, docs/design/annotate-local.md). With a
  // verifier, the score is the sum of both cascades' final-stage scores.
  double even_odds_score;
  // The smallest object looked for, as a fraction of the image's short side.
  double min_size_fraction;
  // Image pyramid step: smaller finds more, at more windows to scan.
  double scale_factor = 1.25;
  // Also scan the mirror image: the profile cascade only knows faces
  // looking one way.
  bool mirrored = false;
  // A second cascade that must also find the object, looked for only around
  // each detection. The cat cascades alone fire on any two dark blobs over a
  // third (circle grids, eyes in human faces); two differently trained ones
  // agree on cats far more often than on those.
  const char* verifier_file = nullptr;
};

// Face and cat sizes are the main cost knob: the smallest windows are the
// most numerous (docs/design/annotate-local.md has the numbers). The LBP cat
// cascade is cheap enough for a fine step, which it needs: at 1.25 it missed
// every cat in the calibration photos, and at 1.1 the JPEG re-encode of one.
constexpr CascadeSpec kCascades[] = {
    {"haarcascades/haarcascade_frontalface_default.xml", "face", Kind::kFace, 4.0, 0.1},
    {"haarcascades/haarcascade_profileface.xml", "face", Kind::kFace, 2.0, 0.15, 1.25, true},
    {"lbpcascades/lbpcascade_frontalcatface.xml", "cat face", Kind::kCat, 3.0, 0.15, 1.08, false,
     "haarcascades/haarcascade_frontalcatface_extended.xml"},
    {"haarcascades/haarcascade_fullbody.xml", "person", Kind::kPerson, 2.0, 0.25},
    {"haarcascades/haarcascade_upperbody.xml", "person", Kind::kPerson, 3.0, 0.2},
    {"haarcascades/haarcascade_russian_plate_number.xml", "licence plate", Kind::kLicencePlate, 3.5,
     0.1},
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

// A pixel rectangle as a Box, for annotate's IntersectionOverUnion (which
// does not care about the unit).
Box PixelBox(const cv::Rect& rect) {
  return {.x = static_cast<double>(rect.x),
          .y = static_cast<double>(rect.y),
          .w = static_cast<double>(rect.width),
          .h = static_cast<double>(rect.height)};
}

Status LoadCascade(const std::string& dir, const char* file, cv::CascadeClassifier& classifier) {
  const std::string path = (std::filesystem::path(dir) / file).string();
  if (!std::filesystem::exists(path)) {
    return Status::FailedPrecondition("cascade " + path +
                                      " is missing (Debian package opencv-data)");
  }
  bool loaded = false;
  try {
    loaded = classifier.load(path);
  } catch (const cv::Exception& e) {
    return Status::FailedPrecondition("cannot read cascade " + path + ": " + e.what());
  }
  if (!loaded) {
    return Status::FailedPrecondition("cannot read cascade " + path);
  }
  return Status::Ok();
}

// The verifier's best final-stage score for `box` in `grey`, or nullopt when
// it finds nothing there. It scans only a margin around the box, at sizes
// near the box's, with a fine step and a single neighbour: a confirmation,
// not a search.
std::optional<double> VerifiedScore(cv::CascadeClassifier& verifier, const cv::Mat& grey,
                                    const cv::Rect& box) {
  const int margin = box.width / 3;
  const cv::Rect around =
      cv::Rect(box.x - margin, box.y - margin, box.width + 2 * margin, box.height + 2 * margin) &
      cv::Rect(0, 0, grey.cols, grey.rows);
  std::vector<cv::Rect> hits;
  std::vector<int> reject_levels;
  std::vector<double> scores;
  verifier.detectMultiScale(grey(around), hits, reject_levels, scores, /*scaleFactor=*/1.05,
                            /*minNeighbors=*/1, 0,
                            cv::Size(box.width * 7 / 10, box.height * 7 / 10),
                            cv::Size(box.width * 3 / 2, box.height * 3 / 2),
                            /*outputRejectLevels=*/true);
  std::optional<double> best;
  for (size_t index = 0; index < hits.size(); ++index) {
    if (IntersectionOverUnion(PixelBox(hits[index] + around.tl()), PixelBox(box)) >=
            kMinVerifiedOverlap &&
        (!best || scores[index] > *best)) {
      best = scores[index];
    }
  }
  return best;
}

}  // namespace

struct ObjectDetector::Cascade {
  const CascadeSpec* spec;
  cv::CascadeClassifier classifier;
  std::optional<cv::CascadeClassifier> verifier;
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
    Cascade cascade{&spec, {}, std::nullopt};
    RETURN_IF_ERROR(LoadCascade(options.opencv_data_dir, spec.file, cascade.classifier));
    if (spec.verifier_file != nullptr) {
      RETURN_IF_ERROR(
          LoadCascade(options.opencv_data_dir, spec.verifier_file, cascade.verifier.emplace()));
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
                                          spec.scale_factor, kMinNeighbors, 0, min_size, cv::Size(),
                                          /*outputRejectLevels=*/true);
      for (size_t index = 0; index < boxes.size(); ++index) {
        double score = scores[index];
        if (cascade.verifier) {
          const std::optional<double> verified =
              VerifiedScore(*cascade.verifier, flip ? mirrored : grey, boxes[index]);
          if (!verified) {
            continue;
          }
          score += *verified;
        }
        const double confidence = Logistic(score - spec.even_odds_score);
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
