// The vision providers generate-annotation asks, behind one interface: each
// turns a JPEG and a prompt into an annotate::Annotation (already through
// annotate::FromJson, so in the reference schema's shapes) or an error that
// says what went wrong in words a person can act on.
//
// Thread safety: one provider per thread (providers own SDK clients).

#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "annotate/annotation.h"
#include "core/result.h"

namespace gloss::generate_annotation {

struct ProviderRequest {
  std::span<const uint8_t> jpeg;  // The Image's compressed copy.
  annotate::ImageSize size;       // Its size in pixels.
  std::string prompt;             // What to look for (the caller's, or DefaultPrompt()).
  std::chrono::system_clock::time_point deadline;  // Retries stop before it.
};

class Provider {
 public:
  virtual ~Provider() = default;
  // "local" | "bedrock" | "openai".
  virtual std::string_view name() const = 0;
  // The model it asks ("anthropic.claude-3-haiku-20240307-v1:0", ...).
  virtual std::string model() const = 0;
  // Errors: kInvalidArgument for a reply that is not an annotation,
  // kUnavailable / kResourceExhausted when the service failed past the retries,
  // kDeadlineExceeded when the deadline came first, kPermissionDenied for
  // refused credentials.
  virtual Result<annotate::Annotation> Annotate(const ProviderRequest& request) = 0;
};

// The instruction sent with every image to a model provider: the JSON shape
// to answer in, then the caller's prompt.
std::string ModelInstruction(std::string_view prompt);

}  // namespace gloss::generate_annotation
