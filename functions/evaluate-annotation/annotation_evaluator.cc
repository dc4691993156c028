#include "evaluate-annotation/annotation_evaluator.h"

#include <charconv>
#include <chrono>
#include <iostream>
#include <span>
#include <string>
#include <utility>

#include "annotate/annotation.h"
#include "generate-annotation/request_id.h"

namespace gloss::evaluate_annotation {
namespace {

using nlohmann::json;

constexpr std::string_view kContentFields = "id imageId source labels objects text caption";

Status DataError(std::string_view what, const AwsError& error) {
  return Status::Unavailable(std::string(what) + ": " + error.ToString());
}

// An Annotation record's content (its AWSJSON fields are JSON strings).
Result<annotate::Annotation> ContentOf(const json& record) {
  json document = {{"caption", record.value("caption", json())}};
  for (const char* field : {"labels", "objects", "text"}) {
    if (record.contains(field) && record[field].is_string()) {
      document[field] = json::parse(record[field].get<std::string>(), nullptr, false);
      if (document[field].is_discarded()) {
        return Status::InvalidArgument(std::string(field) + " of annotation " +
                                       record.value("id", "?") + " is not JSON");
      }
    }
  }
  return annotate::FromJson(document);
}

}  // namespace

AnnotationEvaluator::AnnotationEvaluator(DataClient data, Thresholds thresholds,
                                         std::optional<SecondRun> second_run)
    : data_(std::move(data)), thresholds_(thresholds), second_run_(std::move(second_run)) {}

Result<annotate::Annotation> AnnotationEvaluator::RunSecondProvider(const std::string& image_id) {
  Outcome<json> image = data_.Execute("query Get($id: ID!) { getImage(id: $id) { compressedKey } }",
                                      {{"id", image_id}});
  if (!image.ok()) {
    return DataError("getImage", image.error());
  }
  const json& record = image.value()["getImage"];
  if (record.is_null() || !record["compressedKey"].is_string()) {
    return Status::FailedPrecondition("image " + image_id + " has no compressed copy");
  }
  Outcome<GetObjectResult> jpeg = second_run_->storage.GetObject(
      second_run_->bucket, record["compressedKey"].get<std::string>());
  if (!jpeg.ok()) {
    return DataError("GetObject", jpeg.error());
  }
  const std::string& bytes = jpeg.value().body;
  return second_run_->provider->Annotate(generate_annotation::ProviderRequest{
      .jpeg = std::span(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()),
      .size = {},
      .prompt = "",
      .deadline = std::chrono::system_clock::now() + std::chrono::seconds(30)});
}

Result<json> AnnotationEvaluator::GroundTruth(const std::string& image_id) {
  const std::string query =
      "query Truth($imageId: ID!, $nextToken: String) { annotationsByImage(imageId: $imageId,"
      " sortDirection: DESC, filter: {source: {eq: HUMAN}}, nextToken: $nextToken) { items { " +
      std::string(kContentFields) + " } nextToken } }";
  Outcome<json> latest = data_.FirstItem(query, "annotationsByImage", {{"imageId", image_id}});
  if (!latest.ok()) {
    return DataError("annotationsByImage", latest.error());
  }
  return std::move(latest).value();
}

Status AnnotationEvaluator::Evaluate(const json& record) {
  const json body = json::parse(record.value("body", ""), nullptr, false);
  if (!body.is_object() || !body.contains("annotationId") || !body["annotationId"].is_string()) {
    return Status::InvalidArgument("the message is not {\"annotationId\": \"...\"}");
  }
  const std::string annotation_id = body["annotationId"].get<std::string>();
  Outcome<json> found = data_.Execute(
      "query Get($id: ID!) { getAnnotation(id: $id) { " + std::string(kContentFields) + " } }",
      {{"id", annotation_id}});
  if (!found.ok()) {
    return DataError("getAnnotation", found.error());
  }
  const json& annotation = found.value()["getAnnotation"];
  if (annotation.is_null()) {
    return Status::NotFound("no Annotation with id " + annotation_id);
  }
  ASSIGN_OR_RETURN(const annotate::Annotation prediction, ContentOf(annotation));
  ASSIGN_OR_RETURN(const json truth, GroundTruth(annotation["imageId"].get<std::string>()));
  Scored scored;
  if (truth.is_null() || truth["id"] == annotation["id"]) {
    std::optional<annotate::Annotation> second;
    std::string second_error;
    if (second_run_) {
      Result<annotate::Annotation> run =
          RunSecondProvider(annotation["imageId"].get<std::string>());
      if (run.ok()) {
        second = std::move(*run);
      } else {
        second_error = run.status().ToString();
      }
    }
    scored = BySelfConsistency(prediction, thresholds_, second ? &*second : nullptr);
    if (!second_error.empty()) {
      scored.metrics["secondRunError"] = second_error;
    }
  } else {
    ASSIGN_OR_RETURN(const annotate::Annotation ground_truth, ContentOf(truth));
    scored = AgainstGroundTruth(prediction, ground_truth, thresholds_);
    scored.metrics["groundTruthId"] = truth["id"];
  }
  const std::string message_id = record.value("messageId", "");
  const std::string receives = record.contains("attributes")
                                   ? record["attributes"].value("ApproximateReceiveCount", "1")
                                   : "1";
  int attempt = 1;  // Stays 1 if the count is not a number.
  std::from_chars(receives.data(), receives.data() + receives.size(), attempt);
  const json input = {
      {"id", generate_annotation::RequestId(annotation_id, "evaluation", message_id, "")},
      {"annotationId", annotation_id},
      {"score", scored.score},
      {"verdict", scored.verdict},
      {"metrics", scored.metrics.dump()},
      {"evaluator", scored.evaluator},
      {"attempt", attempt}};
  Outcome<json> created = data_.Execute(
      "mutation Create($input: CreateEvaluationInput!) { createEvaluation(input: $input) { id } }",
      {{"input", input}});
  if (!created.ok() && created.error().code != "DynamoDB:ConditionalCheckFailedException") {
    return DataError("createEvaluation", created.error());
  }
  std::cout << "annotation " << annotation_id << ": " << scored.verdict << " (" << scored.score
            << ", " << scored.evaluator << ", attempt " << receives << ")\n";
  return Status::Ok();
}

JsonResult AnnotationEvaluator::Handle(const json& event) {
  if (!event.contains("Records") || !event["Records"].is_array()) {
    return HandlerError("EvaluateAnnotation.InvalidEvent", "not an SQS event: no Records array");
  }
  json failures = json::array();
  for (const json& record : event["Records"]) {
    const Status evaluated =
        record.is_object() ? Evaluate(record) : Status::InvalidArgument("not a record");
    if (!evaluated.ok()) {
      const std::string message_id = record.is_object() ? record.value("messageId", "") : "";
      std::cout << "message " << message_id << " failed: " << evaluated.ToString() << "\n";
      failures.push_back({{"itemIdentifier", message_id}});
    }
  }
  return json{{"batchItemFailures", std::move(failures)}};
}

}  // namespace gloss::evaluate_annotation
