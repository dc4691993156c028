// builtin:review-annotation, the handler of the custom mutation
// reviewAnnotation(annotationId, status, correction) that only ANNOTATORS and
// ADMINS may call (its @auth rule; the data API checks it before the
// function runs). A prediction stays PENDING until a person reviews it:
//
//   ACCEPTED / REJECTED   the annotation's reviewStatus and reviewedBy are set
//   FIXED                 `correction` ({labels, objects, text, caption}, the
//                         reference shapes, validated like any annotation) is
//                         stored as a HUMAN annotation of the same image,
//                         ACCEPTED, whose `model` is "correction of <id>" (the
//                         link), and the original becomes FIXED
//
// reviewedBy is the caller's username. Answers {"annotation": the reviewed
// one, "correction": the HUMAN one or null}. Errors (HandlerErrors, reported
// by AppSync as Lambda:Unhandled with the message): unknown annotation, a
// status other than those three, FIXED without a usable correction.
//
// Thread safety: one reviewer per thread.

#pragma once

#include <nlohmann/json.hpp>

#include "gloss/data_client.h"
#include "gloss/runtime.h"

namespace gloss::review_annotation {

class AnnotationReviewer {
 public:
  explicit AnnotationReviewer(DataClient data);

  JsonResult Handle(const nlohmann::json& event);

 private:
  DataClient data_;
};

}  // namespace gloss::review_annotation
