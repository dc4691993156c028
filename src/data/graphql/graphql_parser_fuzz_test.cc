// libFuzzer target for the GraphQL parser, which reads untrusted request
// bodies (and, less exposed, schema files). Each input is parsed as an
// executable document and as a schema document.
//
// Properties checked: no crash, sanitizer report or stack overflow; errors
// are kInvalidArgument with a "<line>:<column>: Syntax Error: " message; an
// accepted document prints to text that parses again (same kind) and prints
// identically.
//
// Seeds: src/data/graphql/testdata/*.graphql.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/assert.h"
#include "core/status.h"
#include "data/graphql/lexer.h"
#include "data/graphql/parser.h"
#include "data/graphql/print.h"

namespace {

using gloss::graphql::DocumentKind;

void Check(std::string_view input, DocumentKind kind) {
  auto document = gloss::graphql::Parse(std::string(input), kind);
  if (!document.ok()) {
    GLOSS_CHECK(document.status().code() == gloss::StatusCode::kInvalidArgument);
    GLOSS_CHECK(gloss::graphql::SplitSyntaxError(document.status().message()).has_value());
    return;
  }
  const std::string printed = gloss::graphql::Print(*document);
  gloss::graphql::ParseOptions options;
  options.max_source_bytes = printed.size();  // Indentation may make it longer.
  auto reparsed = gloss::graphql::Parse(printed, kind, options);
  GLOSS_CHECK(reparsed.ok());  // The printer emits only what the parser accepts.
  GLOSS_CHECK(gloss::graphql::Print(*reparsed) == printed);  // Printing is a fixed point.
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  Check(input, DocumentKind::kExecutable);
  Check(input, DocumentKind::kSchema);
  return 0;
}
