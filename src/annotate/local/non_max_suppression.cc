#include "annotate/local/non_max_suppression.h"

#include <algorithm>
#include <utility>

namespace gloss::annotate::local {

std::vector<DetectedObject> SuppressNonMaxima(std::vector<DetectedObject> objects,
                                              double max_overlap) {
  std::stable_sort(
      objects.begin(), objects.end(),
      [](const DetectedObject& a, const DetectedObject& b) { return a.confidence > b.confidence; });
  std::vector<DetectedObject> kept;
  for (DetectedObject& candidate : objects) {
    const bool suppressed =
        candidate.box && std::any_of(kept.begin(), kept.end(), [&](const DetectedObject& other) {
          return other.label == candidate.label && other.box &&
                 IntersectionOverUnion(*other.box, *candidate.box) > max_overlap;
        });
    if (!suppressed) {
      kept.push_back(std::move(candidate));
    }
  }
  return kept;
}

std::vector<DetectedObject> DropOverlapping(std::vector<DetectedObject> objects,
                                            std::string_view label, std::string_view stronger_label,
                                            double max_overlap) {
  std::vector<Box> stronger_boxes;
  for (const DetectedObject& object : objects) {
    if (object.label == stronger_label && object.box) {
      stronger_boxes.push_back(*object.box);
    }
  }
  std::erase_if(objects, [&](const DetectedObject& object) {
    return object.label == label && object.box &&
           std::any_of(stronger_boxes.begin(), stronger_boxes.end(), [&](const Box& box) {
             return IntersectionOverUnion(box, *object.box) > max_overlap;
           });
  });
  return objects;
}

}  // namespace gloss::annotate::local
