// Non-maximum suppression: of detections of the same label that overlap
// (intersection over union above a threshold), only the most confident stays.
// Detectors that scan an image at many positions and scales (and the several
// cascades that all say "face") report one thing several times; this keeps
// one box per thing.
//
// Thread safety: a pure function.

#pragma once

#include <string_view>
#include <vector>

#include "annotate/annotation.h"

namespace gloss::annotate::local {

// Returns the objects that survive, most confident first (ties keep their
// input order). Objects without a box are kept as they are. Labels are
// compared exactly; objects of different labels never suppress each other.
std::vector<DetectedObject> SuppressNonMaxima(std::vector<DetectedObject> objects,
                                              double max_overlap);

// Drops the objects labelled `label` that overlap (IoU above `max_overlap`)
// an object labelled `stronger_label`, e.g. a "cat face" found on a "face":
// the cat-face cascade also fires on human faces. Keeps the order.
std::vector<DetectedObject> DropOverlapping(std::vector<DetectedObject> objects,
                                            std::string_view label, std::string_view stronger_label,
                                            double max_overlap);

}  // namespace gloss::annotate::local
