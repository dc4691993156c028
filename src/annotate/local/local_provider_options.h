// What the local annotation provider runs and where it finds its data files.
// See local_provider.h.
//
// Thread safety: a plain value.

#pragma once

#include <optional>
#include <string>

namespace gloss::annotate::local {

struct LocalProviderOptions {
  // Debian opencv-data's folder: its haarcascades/ and lbpcascades/.
  std::string opencv_data_dir = "/usr/share/opencv4";
  // Tesseract's tessdata folder holding eng.traineddata (tesseract-ocr-eng).
  // Unset: Tesseract's own default (TESSDATA_PREFIX, else its install path).
  std::optional<std::string> tessdata_dir;

  bool detect_faces = true;           // Frontal and profile faces: "face".
  bool detect_cats = true;            // Cat faces: "cat face".
  bool detect_people = true;          // Full and upper bodies: "person".
  bool detect_licence_plates = true;  // "licence plate".
  bool read_text = true;              // Tesseract OCR: text items and the "text" label.

  // Objects and words below these confidences (0..1) are left out.
  double min_object_confidence = 0.5;
  double min_word_confidence = 0.6;
};

}  // namespace gloss::annotate::local
