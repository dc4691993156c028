// builtin:evaluate-annotation's work for one batch of the evaluation queue
// (Lambda's SQS event): each message {"annotationId"} gets an Evaluation —
// scored against the image's latest HUMAN annotation when there is one, else
// by self-consistency (scoring.h) — stored through the data API with
// attempt = the message's receive count.
//
// A message that cannot be evaluated (not JSON, no such annotation, the data
// API failing) is reported in batchItemFailures: the queue shows it again
// after its visibility timeout, and after maxReceiveCount receives it moves
// to the dead-letter queue. The others in the batch are deleted.
//
// Idempotent per message: the Evaluation's id is derived from (annotationId,
// messageId), so a redelivered message does not store a second one.
//
// Thread safety: one evaluator per thread.

#pragma once

#include <nlohmann/json.hpp>

#include "evaluate-annotation/scoring.h"
#include "gloss/data_client.h"
#include "gloss/runtime.h"

namespace gloss::evaluate_annotation {

class AnnotationEvaluator {
 public:
  AnnotationEvaluator(DataClient data, Thresholds thresholds);

  // {"batchItemFailures": [{"itemIdentifier": messageId}, ...]}.
  JsonResult Handle(const nlohmann::json& event);

 private:
  Status Evaluate(const nlohmann::json& record);
  // The image's most recent HUMAN annotation, or null.
  Result<nlohmann::json> GroundTruth(const std::string& image_id);

  DataClient data_;
  Thresholds thresholds_;
};

}  // namespace gloss::evaluate_annotation
