#include "generate-annotation/annotation_generator.h"

#include <chrono>
#include <iostream>
#include <span>
#include <utility>

#include "generate-annotation/request_id.h"

namespace gloss::generate_annotation {
namespace {

using nlohmann::json;

constexpr std::string_view kAnnotationFields =
    "id imageId source provider model caption labels objects text latencyMs reviewStatus "
    "createdAt";

constexpr std::string_view kGetImage = R"(
query GetImage($id: ID!) {
  getImage(id: $id) { id status compressedKey metadata }
})";

// The compressed copy's size, from the Image's metadata where process-image
// records it (a model's pixel boxes are in that copy's pixels).
std::optional<annotate::ImageSize> CompressedSize(const json& image) {
  if (!image.contains("metadata") || !image["metadata"].is_string()) {
    return std::nullopt;
  }
  const json metadata = json::parse(image["metadata"].get<std::string>(), nullptr, false);
  if (!metadata.is_object() || !metadata.contains("compressed") ||
      !metadata["compressed"].is_object()) {
    return std::nullopt;
  }
  const json& compressed = metadata["compressed"];
  if (!compressed.contains("width") || !compressed["width"].is_number_integer() ||
      !compressed.contains("height") || !compressed["height"].is_number_integer()) {
    return std::nullopt;
  }
  return annotate::ImageSize{.width = compressed["width"].get<int>(),
                             .height = compressed["height"].get<int>()};
}

HandlerError Dependency(std::string_view what, const AwsError& error) {
  return HandlerError("GenerateAnnotation.DependencyError",
                      std::string(what) + ": " + error.ToString());
}

std::string StringArgument(const json& arguments, const char* name) {
  return arguments.contains(name) && arguments[name].is_string()
             ? arguments[name].get<std::string>()
             : "";
}

}  // namespace

AnnotationGenerator::AnnotationGenerator(StorageClient storage, DataClient data, QueueClient queue,
                                         ProviderFactory providers, GeneratorOptions options)
    : storage_(std::move(storage)),
      data_(std::move(data)),
      queue_(std::move(queue)),
      providers_(std::move(providers)),
      options_(std::move(options)) {}

Result<Provider*> AnnotationGenerator::ProviderNamed(const std::string& name) {
  if (const auto found = made_.find(name); found != made_.end()) {
    return found->second.get();
  }
  ASSIGN_OR_RETURN(std::unique_ptr<Provider> provider, providers_(name));
  Provider* raw = provider.get();
  made_.emplace(name, std::move(provider));
  return raw;
}

json AnnotationGenerator::FindAnnotation(const std::string& id) {
  Outcome<json> found = data_.Execute(
      "query Find($id: ID!) { getAnnotation(id: $id) { " + std::string(kAnnotationFields) + " } }",
      {{"id", id}});
  if (!found.ok()) {
    throw Dependency("getAnnotation", found.error());
  }
  return std::move(found.value()["getAnnotation"]);
}

JsonResult AnnotationGenerator::Handle(const json& event, const Context& context) {
  const json arguments = event.value("arguments", json::object());
  const std::string image_id = StringArgument(arguments, "imageId");
  if (image_id.empty()) {
    return HandlerError("GenerateAnnotation.InvalidRequest", "imageId is required");
  }
  std::string provider_name = StringArgument(arguments, "provider");
  if (provider_name.empty()) {
    provider_name = options_.default_provider;
  }
  const std::string prompt = StringArgument(arguments, "prompt");
  Result<Provider*> provider = ProviderNamed(provider_name);
  if (!provider.ok()) {
    return HandlerError("GenerateAnnotation.InvalidRequest",
                        std::string(provider.status().message()));
  }

  Outcome<json> image = data_.Execute(kGetImage, {{"id", image_id}});
  if (!image.ok()) {
    return Dependency("getImage", image.error());
  }
  const json& record = image.value()["getImage"];
  if (record.is_null()) {
    return HandlerError("GenerateAnnotation.ImageNotReady", "no Image with id " + image_id);
  }
  if (record["status"] != "READY" || !record["compressedKey"].is_string()) {
    return HandlerError("GenerateAnnotation.ImageNotReady",
                        "Image " + image_id + " is " + record["status"].dump() +
                            ", not READY: process-image has not finished with it");
  }
  const std::string id = RequestId(image_id, provider_name, (*provider)->model(), prompt);
  json annotation = FindAnnotation(id);
  if (annotation.is_null()) {
    Outcome<GetObjectResult> jpeg =
        storage_.GetObject(options_.bucket, record["compressedKey"].get<std::string>());
    if (!jpeg.ok()) {
      return Dependency("GetObject " + record["compressedKey"].get<std::string>(), jpeg.error());
    }
    const std::string& bytes = jpeg.value().body;
    const auto started = std::chrono::steady_clock::now();
    const std::optional<annotate::ImageSize> size = CompressedSize(record);
    Result<annotate::Annotation> result = (*provider)->Annotate(ProviderRequest{
        .jpeg = std::span(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()),
        .size = size.value_or(annotate::ImageSize{}),
        .prompt = prompt,
        .deadline = context.deadline - std::chrono::seconds(2)});
    if (!result.ok()) {
      return HandlerError("GenerateAnnotation.ProviderError",
                          provider_name + ": " + std::string(result.status().message()));
    }
    const auto latency = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started);
    const json input = {{"id", id},
                        {"imageId", image_id},
                        {"source", "AI"},
                        {"provider", provider_name},
                        {"model", (*provider)->model()},
                        {"caption", result->caption},
                        {"labels", annotate::LabelsJson(*result).dump()},
                        {"objects", annotate::ObjectsJson(*result).dump()},
                        {"text", annotate::TextJson(*result).dump()},
                        {"latencyMs", latency.count()},
                        {"reviewStatus", "PENDING"}};
    Outcome<json> created = data_.Execute(
        "mutation Create($input: CreateAnnotationInput!) { createAnnotation(input: $input) { " +
            std::string(kAnnotationFields) + " } }",
        {{"input", input}});
    if (created.ok()) {
      annotation = created.value()["createAnnotation"];
    } else if (created.error().code == "DynamoDB:ConditionalCheckFailedException") {
      annotation = FindAnnotation(id);  // A concurrent twin stored it first.
    } else {
      return Dependency("createAnnotation", created.error());
    }
    std::cout << "annotated image " << image_id << " with " << provider_name << " ("
              << (*provider)->model() << ") in " << latency.count()
              << " ms: " << result->labels.size() << " labels, " << result->objects.size()
              << " objects, " << result->text.size() << " text items\n";
  } else {
    std::cout << "request " << id << " was already answered: annotation " << id << "\n";
  }
  Outcome<SendMessageResult> sent =
      queue_.SendMessage(options_.queue_url, json{{"annotationId", id}}.dump());
  if (!sent.ok()) {
    return Dependency("SendMessage", sent.error());
  }
  return annotation;
}

}  // namespace gloss::generate_annotation
