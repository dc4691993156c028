// Labels and a one-sentence caption from an image's measured properties and
// what the detectors found. Deterministic: the same inputs give the same
// words, so captions can be compared and tested.
//
//   labels   face 0.93, blue 0.61, white 0.22, bright 0.7
//   caption  A bright photo, mostly blue and white, with 2 faces and text
//            reading "STOP".
//
// Thread safety: pure functions.

#pragma once

#include <string>
#include <vector>

#include "annotate/annotation.h"
#include "annotate/local/image_properties.h"

namespace gloss::annotate::local {

// One label per kind of object found ("face", "person", "cat",
// "licence plate", with the best detection's confidence) and "text" (the best
// word's); the main colours (confidence: their pixel share); "dark" or
// "bright" and "blurry" (confidence 0.5 at the threshold, rising to 1).
// Most confident first; ties keep that order.
std::vector<Label> DescribeLabels(const ImageProperties& properties,
                                  const std::vector<DetectedObject>& objects,
                                  const std::vector<TextItem>& text);

std::string DescribeCaption(const ImageProperties& properties,
                            const std::vector<DetectedObject>& objects,
                            const std::vector<TextItem>& text);

}  // namespace gloss::annotate::local
