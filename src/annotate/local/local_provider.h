// LocalProvider is the fully offline annotation provider ("local"): it
// annotates decoded pixels with no network and no model download, using only
// what Debian packages install:
//   - objects: OpenCV Haar cascades (opencv-data) for frontal and profile
//     faces, cat faces, full and upper bodies and licence plates;
//   - text: Tesseract OCR (tesseract-ocr-eng), words with boxes and
//     confidences;
//   - labels and a caption: detected things plus image properties
//     (brightness, sharpness, dominant colours).
// It is not a general object recogniser: it knows those few kinds of object,
// and Haar cascades miss turned or partly hidden ones. See
// docs/design/annotate-local.md for what each detector does, the confidence
// mapping, speed and limits.
//
// Thread safety: Annotate may be called from any number of threads, but one
// provider runs one image at a time: its Tesseract instance
// (tesseract::TessBaseAPI) and cascades (cv::CascadeClassifier) keep
// per-image state, so a mutex serialises the detectors. For parallelism,
// create one provider per worker thread (each loads its own cascades and
// Tesseract model). Annotate blocks for up to a few hundred milliseconds:
// call it from the blocking pool, never an I/O thread.

#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "annotate/annotation.h"
#include "annotate/local/local_provider_options.h"
#include "annotate/local/rgb_image.h"
#include "core/result.h"

namespace gloss::annotate::local {

class ObjectDetector;
class TextRecognizer;

class LocalProvider {
 public:
  // Loads the cascades and Tesseract data that `options` turns on.
  // Errors: kFailedPrecondition naming the missing file or language data and
  // the Debian package that provides it (opencv-data, tesseract-ocr-eng);
  // kInvalidArgument for a minimum confidence outside 0..1.
  static Result<std::unique_ptr<LocalProvider>> Create(const LocalProviderOptions& options);

  ~LocalProvider();

  // Annotates `image`; boxes are normalised to its size. The pixels are only
  // read during the call. Errors: kInvalidArgument when the image's size,
  // channels and pixel count disagree or it is larger than 32768 pixels on a
  // side; kInternal if OpenCV or Tesseract fail.
  Result<Annotation> Annotate(const RgbImage& image) const;

  // Names the provider and the versions of what it runs, e.g.
  // "gloss-local-2 (opencv 4.6.0 haar+lbp + tesseract 5.3.0)", for provenance.
  std::string_view model() const { return model_; }

 private:
  LocalProvider(std::unique_ptr<ObjectDetector> detector,
                std::unique_ptr<TextRecognizer> recognizer, std::string model);

  // Annotate after validation; OpenCV may throw cv::Exception.
  Result<Annotation> AnnotateValidImage(const RgbImage& image) const;

  mutable std::mutex mutex_;
  const std::unique_ptr<ObjectDetector> detector_;    // Guarded by mutex_.
  const std::unique_ptr<TextRecognizer> recognizer_;  // Guarded by mutex_; null if text is off.
  const std::string model_;
};

}  // namespace gloss::annotate::local
