// builtin:generate-annotation's work for one `generateAnnotation(imageId,
// provider, prompt)` call (docs/design/annotation.md): the Image (READY) and
// its compressed copy, a provider's annotation, an Annotation record (source
// AI, reviewStatus PENDING) whose id is the request id (request_id.h), and
// {"annotationId"} on the evaluation queue. Answers the stored annotation.
//
// A repeated request answers the Annotation the first one stored (and sends
// its message again: delivery to the evaluator is at least once).
//
// Errors are HandlerErrors with types a client can branch on:
//   GenerateAnnotation.InvalidRequest   no imageId, unknown provider
//   GenerateAnnotation.ImageNotReady    no such Image, or not READY
//   GenerateAnnotation.ProviderError    the provider failed or answered
//                                       something that is not an annotation
//   GenerateAnnotation.DependencyError  storage, data API or queue failed
//
// Thread safety: one generator per thread.

#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "generate-annotation/provider.h"
#include "gloss/data_client.h"
#include "gloss/queue_client.h"
#include "gloss/runtime.h"
#include "gloss/storage_client.h"

namespace gloss::generate_annotation {

// Makes the provider named "local" | "bedrock" | "openai", or says why not.
using ProviderFactory = std::function<Result<std::unique_ptr<Provider>>(std::string_view name)>;

struct GeneratorOptions {
  std::string bucket;            // Where Image keys live.
  std::string queue_url;         // EVALUATION_QUEUE_URL.
  std::string default_provider;  // ANNOTATION_PROVIDER, else "local".
};

class AnnotationGenerator {
 public:
  AnnotationGenerator(StorageClient storage, DataClient data, QueueClient queue,
                      ProviderFactory providers, GeneratorOptions options);

  JsonResult Handle(const nlohmann::json& event, const Context& context);

 private:
  // The provider `name`, made on first use and kept.
  Result<Provider*> ProviderNamed(const std::string& name);
  // The Annotation with `id`, or null. The id is derived from the image id
  // (RequestId), so it names an annotation of that image.
  nlohmann::json FindAnnotation(const std::string& id);

  StorageClient storage_;
  DataClient data_;
  QueueClient queue_;
  ProviderFactory providers_;
  GeneratorOptions options_;
  std::map<std::string, std::unique_ptr<Provider>, std::less<>> made_;
};

}  // namespace gloss::generate_annotation
