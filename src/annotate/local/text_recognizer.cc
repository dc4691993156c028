#include "annotate/local/text_recognizer.h"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <utility>

#include <opencv2/core.hpp>
#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>

namespace gloss::annotate::local {
namespace {

// A photo of a page of text has a few hundred words; past this the rest adds
// little to an annotation and much to its size.
constexpr size_t kMaxWords = 500;
// Tesseract estimates the resolution from the image (and says so on stderr)
// when none is given; photos carry no meaningful DPI, so give a typical one.
constexpr int kAssumedDpi = 300;

// Tesseract reads textures (grass, wood grain, ripples on water) as short
// "words" ("SS", "fe", "4") with confidences up to ~0.9, while real text in
// the corpus and opencv-doc's scene-text photos has words of three or more
// characters read at 0.9 and above. So an image's words are kept only when
// at least one of them looks like that.
constexpr size_t kMinAnchorLength = 3;
constexpr double kMinAnchorConfidence = 0.85;

// Counts ASCII letters and digits and the Latin letters with diacritics
// (U+00C0..U+027F but × and ÷, two bytes in UTF-8); Tesseract's typographic
// punctuation ("—", "»", "©") counts as nothing.
size_t CountLettersAndDigits(std::string_view word) {
  size_t count = 0;
  for (size_t index = 0; index < word.size(); ++index) {
    const auto byte = static_cast<unsigned char>(word[index]);
    if (byte < 0x80) {
      count += std::isalnum(byte) != 0 ? 1 : 0;
    } else if (byte >= 0xC3 && byte <= 0xC9 && index + 1 < word.size()) {
      const auto next = static_cast<unsigned char>(word[++index]);
      const unsigned code_point = ((byte & 0x1FU) << 6U) | (next & 0x3FU);
      count += code_point != 0xD7 && code_point != 0xF7 ? 1 : 0;
    }  // Other bytes of other characters count as nothing.
  }
  return count;
}

bool IsAnchor(const TextItem& word) {
  return word.confidence >= kMinAnchorConfidence &&
         CountLettersAndDigits(word.text) >= kMinAnchorLength;
}

}  // namespace

std::string TesseractVersion() { return tesseract::TessBaseAPI::Version(); }

TextRecognizer::TextRecognizer(std::unique_ptr<tesseract::TessBaseAPI> api, double min_confidence)
    : api_(std::move(api)), min_confidence_(min_confidence) {}

TextRecognizer::~TextRecognizer() {
  if (api_) {
    api_->End();
  }
}

Result<std::unique_ptr<TextRecognizer>> TextRecognizer::Create(
    const std::optional<std::string>& tessdata_dir, double min_confidence) {
  auto api = std::make_unique<tesseract::TessBaseAPI>();
  if (api->Init(tessdata_dir ? tessdata_dir->c_str() : nullptr, "eng", tesseract::OEM_LSTM_ONLY) !=
      0) {
    return Status::FailedPrecondition(
        "Tesseract cannot load eng.traineddata from " +
        (tessdata_dir ? *tessdata_dir : std::string("its default tessdata dir")) +
        " (Debian package tesseract-ocr-eng)");
  }
  api->SetPageSegMode(tesseract::PSM_SPARSE_TEXT);
  return std::unique_ptr<TextRecognizer>(new TextRecognizer(std::move(api), min_confidence));
}

Result<std::vector<TextItem>> TextRecognizer::Read(const cv::Mat& grey) {
  api_->SetImage(grey.data, grey.cols, grey.rows, 1, static_cast<int>(grey.step));
  api_->SetSourceResolution(kAssumedDpi);
  if (api_->Recognize(nullptr) != 0) {
    api_->Clear();
    return Status::Internal("Tesseract could not recognise the image");
  }
  std::vector<TextItem> words;
  {
    // The iterator reads Tesseract's results, so it goes before Clear().
    const std::unique_ptr<tesseract::ResultIterator> word(api_->GetIterator());
    const double width = grey.cols;
    const double height = grey.rows;
    for (bool more = word != nullptr; more && words.size() < kMaxWords;
         more = word->Next(tesseract::RIL_WORD)) {
      const std::unique_ptr<const char[]> text(word->GetUTF8Text(tesseract::RIL_WORD));
      const double confidence = word->Confidence(tesseract::RIL_WORD) / 100;
      int left = 0;
      int top = 0;
      int right = 0;
      int bottom = 0;
      if (text == nullptr || confidence < min_confidence_ ||
          CountLettersAndDigits(text.get()) == 0 ||
          !word->BoundingBox(tesseract::RIL_WORD, &left, &top, &right, &bottom)) {
        continue;
      }
      words.push_back({.text = text.get(),
                       .confidence = confidence,
                       .box = Box{.x = left / width,
                                  .y = top / height,
                                  .w = (right - left) / width,
                                  .h = (bottom - top) / height}});
    }
  }
  api_->Clear();
  if (std::none_of(words.begin(), words.end(), IsAnchor)) {
    words.clear();
  }
  return words;
}

}  // namespace gloss::annotate::local
