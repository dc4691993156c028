#include "annotate/local/local_provider.h"

#include <algorithm>
#include <utility>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "annotate/local/describe.h"
#include "annotate/local/image_properties.h"
#include "annotate/local/object_detector.h"
#include "annotate/local/text_recognizer.h"

namespace gloss::annotate::local {
namespace {

// Larger images are refused rather than risk int overflow in pixel maths.
constexpr int kMaxSide = 32768;
// The cascades scan a copy at most this long, and sharpness is measured on
// it. With the cascades' minimum object sizes (object_detector.cc) this sets
// the smallest face found (~40 px of 640) and most of the time taken
// (docs/design/annotate-local.md).
constexpr int kDetectionLongEdge = 640;
// Tesseract reads a copy at most this long: a line of text 1.5% of the image
// high is still ~13 px. 2048 took twice the time on the corpus and read no
// more real words in opencv-doc's scene-text photos, only more texture.
constexpr int kOcrLongEdge = 1280;

Status Validate(const RgbImage& image) {
  if (image.width <= 0 || image.height <= 0 || image.width > kMaxSide || image.height > kMaxSide) {
    return Status::InvalidArgument("image size " + std::to_string(image.width) + "x" +
                                   std::to_string(image.height) + " is outside 1.." +
                                   std::to_string(kMaxSide));
  }
  if (image.channels != 1 && image.channels != 3) {
    return Status::InvalidArgument("image has " + std::to_string(image.channels) +
                                   " channels; 1 (grey) or 3 (RGB) expected");
  }
  const size_t expected = static_cast<size_t>(image.width) * static_cast<size_t>(image.height) *
                          static_cast<size_t>(image.channels);
  if (image.pixels.size() != expected) {
    return Status::InvalidArgument("image has " + std::to_string(image.pixels.size()) +
                                   " bytes of pixels; its size and channels need " +
                                   std::to_string(expected));
  }
  return Status::Ok();
}

// Returns `image` itself when its long edge is within `long_edge`.
cv::Mat Downscale(const cv::Mat& image, int long_edge) {
  const int longest = std::max(image.cols, image.rows);
  if (longest <= long_edge) {
    return image;
  }
  const double scale = static_cast<double>(long_edge) / longest;
  cv::Mat small;
  cv::resize(image, small, cv::Size(), scale, scale, cv::INTER_AREA);
  return small;
}

}  // namespace

LocalProvider::LocalProvider(std::unique_ptr<ObjectDetector> detector,
                             std::unique_ptr<TextRecognizer> recognizer, std::string model)
    : detector_(std::move(detector)),
      recognizer_(std::move(recognizer)),
      model_(std::move(model)) {}

LocalProvider::~LocalProvider() = default;

Result<std::unique_ptr<LocalProvider>> LocalProvider::Create(const LocalProviderOptions& options) {
  for (const double confidence : {options.min_object_confidence, options.min_word_confidence}) {
    if (!(confidence >= 0 && confidence <= 1)) {
      return Status::InvalidArgument("minimum confidences must be within 0..1");
    }
  }
  ASSIGN_OR_RETURN(std::unique_ptr<ObjectDetector> detector, ObjectDetector::Load(options));
  std::unique_ptr<TextRecognizer> recognizer;
  if (options.read_text) {
    ASSIGN_OR_RETURN(recognizer,
                     TextRecognizer::Create(options.tessdata_dir, options.min_word_confidence));
  }
  // The number goes up whenever what the provider finds changes: the model
  // is part of generate-annotation's request id, so a new version annotates
  // afresh instead of answering from the store.
  std::string model = std::string("gloss-local-2 (opencv ") + CV_VERSION +
                      " haar+lbp + tesseract " + TesseractVersion() + ")";
  return std::unique_ptr<LocalProvider>(
      new LocalProvider(std::move(detector), std::move(recognizer), std::move(model)));
}

Result<Annotation> LocalProvider::Annotate(const RgbImage& image) const {
  RETURN_IF_ERROR(Validate(image));
  try {
    return AnnotateValidImage(image);
  } catch (const cv::Exception& e) {
    return Status::Internal(std::string("OpenCV failed: ") + e.what());
  }
}

Result<Annotation> LocalProvider::AnnotateValidImage(const RgbImage& image) const {
  // cv::Mat has no read-only view; nothing below writes to `input`.
  const cv::Mat input(image.height, image.width, image.channels == 3 ? CV_8UC3 : CV_8UC1,
                      const_cast<uint8_t*>(image.pixels.data()));
  cv::Mat grey;
  if (image.channels == 3) {
    cv::cvtColor(input, grey, cv::COLOR_RGB2GRAY);
  } else {
    grey = input;
  }
  const cv::Mat detection_grey = Downscale(grey, kDetectionLongEdge);
  const ImageProperties properties = MeasureProperties(input, detection_grey);
  cv::Mat equalised;
  cv::equalizeHist(detection_grey, equalised);

  Annotation annotation;
  {
    const std::lock_guard lock(mutex_);
    annotation.objects = detector_->Detect(equalised);
    if (recognizer_) {
      ASSIGN_OR_RETURN(annotation.text, recognizer_->Read(Downscale(grey, kOcrLongEdge)));
    }
  }
  annotation.labels = DescribeLabels(properties, annotation.objects, annotation.text);
  annotation.caption = DescribeCaption(properties, annotation.objects, annotation.text);
  return annotation;
}

}  // namespace gloss::annotate::local
