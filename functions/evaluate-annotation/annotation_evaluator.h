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
// With a second provider (SECOND_PROVIDER), an annotation without ground
// truth is also compared with that provider's run on the image's compressed
// copy (agreement and confidence calibration, scoring.h). If that run fails,
// the evaluation goes on without it and says why in its metrics.
//
// Thread safety: one evaluator per thread.

#pragma once

#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "evaluate-annotation/scoring.h"
#include "generate-annotation/provider.h"
#include "gloss/data_client.h"
#include "gloss/runtime.h"
#include "gloss/storage_client.h"

namespace gloss::evaluate_annotation {

// A second provider to run on images without ground truth.
struct SecondRun {
  std::unique_ptr<generate_annotation::Provider> provider;
  StorageClient storage;
  std::string bucket;
};

class AnnotationEvaluator {
 public:
  AnnotationEvaluator(DataClient data, Thresholds thresholds,
                      std::optional<SecondRun> second_run = std::nullopt);

  // {"batchItemFailures": [{"itemIdentifier": messageId}, ...]}.
  JsonResult Handle(const nlohmann::json& event);

 private:
  Status Evaluate(const nlohmann::json& record);
  // The image's most recent HUMAN annotation, or null.
  Result<nlohmann::json> GroundTruth(const std::string& image_id);
  // The second provider's annotation of the image.
  Result<annotate::Annotation> RunSecondProvider(const std::string& image_id);

  DataClient data_;
  Thresholds thresholds_;
  std::optional<SecondRun> second_run_;
};

}  // namespace gloss::evaluate_annotation
