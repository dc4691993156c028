#include <string>
#include <string_view>

#include "generate-annotation/provider.h"

namespace gloss::generate_annotation {

std::string ModelInstruction(std::string_view prompt) {
  std::string instruction =
      "Annotate this image. Answer with one JSON object and nothing else, in this shape:\n"
      "{\"labels\": [{\"name\": \"cat\", \"confidence\": 0.93}],\n"
      " \"objects\": [{\"label\": \"face\", \"confidence\": 0.8,"
      " \"box\": {\"x\": 0.1, \"y\": 0.2, \"w\": 0.3, \"h\": 0.3}}],\n"
      " \"text\": [{\"text\": \"STOP\", \"confidence\": 0.9,"
      " \"box\": {\"x\": 0.4, \"y\": 0.1, \"w\": 0.2, \"h\": 0.05}}],\n"
      " \"caption\": \"One plain sentence describing the image.\"}\n"
      "Boxes are fractions of the image width and height (0 to 1), origin at the top left. "
      "Confidences are 0 to 1. Use lower-case English nouns for labels. Include text only if "
      "it is legible.";
  if (!prompt.empty()) {
    instruction += "\nAlso: ";
    instruction += prompt;
  }
  return instruction;
}

}  // namespace gloss::generate_annotation
