// TextRecognizer reads words with Tesseract (English, LSTM engine, sparse
// text layout: photos have text anywhere, not a page of it), each with its
// box and confidence.
//
// Internal to annotate/local; LocalProvider is the public surface.
//
// Thread safety: Read is not thread-safe (one tesseract::TessBaseAPI holds
// the image and its results). LocalProvider serialises it.

#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "annotate/annotation.h"
#include "core/result.h"

namespace cv {
class Mat;
}
namespace tesseract {
class TessBaseAPI;
}

namespace gloss::annotate::local {

// Tesseract's version, e.g. "5.3.0".
std::string TesseractVersion();

class TextRecognizer {
 public:
  // Starts Tesseract with eng.traineddata from `tessdata_dir` (unset:
  // Tesseract's default). Errors: kFailedPrecondition when the language data
  // cannot be loaded (it comes with Debian's tesseract-ocr-eng).
  static Result<std::unique_ptr<TextRecognizer>> Create(
      const std::optional<std::string>& tessdata_dir, double min_confidence);

  ~TextRecognizer();

  // Reads `grey` (8-bit): the words at or above the minimum confidence that
  // have a letter or digit, in reading order, at most kMaxWords, boxes
  // normalised to `grey`'s size. None unless one word is clearly text (three
  // letters or digits read with confidence 0.85 or more): texture is often
  // read as short words. Errors: kInternal if Tesseract fails.
  Result<std::vector<TextItem>> Read(const cv::Mat& grey);

 private:
  TextRecognizer(std::unique_ptr<tesseract::TessBaseAPI> api, double min_confidence);

  std::unique_ptr<tesseract::TessBaseAPI> api_;
  double min_confidence_;
};

}  // namespace gloss::annotate::local
