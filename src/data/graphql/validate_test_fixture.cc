#include "data/graphql/validate_test_fixture.h"

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "core/assert.h"
#include "data/graphql/parser.h"

namespace gloss::graphql::testing {

std::string ReadTestdata(const std::string& name) {
  std::ifstream in(std::filesystem::path(GLOSS_SOURCE_DIR) / "src/data/graphql/testdata" / name,
                   std::ios::binary);
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

const Schema& SpecSchema() {
  static const std::shared_ptr<const Schema> schema = [] {
    auto sdl = ParseSchema(ReadTestdata("validation-schema.graphql"));
    GLOSS_CHECK(sdl.ok());
    auto built = Schema::Build(std::move(sdl).value());
    if (!built.ok()) {
      ADD_FAILURE() << built.status().message();
    }
    GLOSS_CHECK(built.ok());
    return std::move(built).value();
  }();
  return *schema;
}

std::string Check(const std::string& query, const ValidationOptions& options,
                  const Schema& schema) {
  auto document = ParseExecutable(query);
  if (!document.ok()) {
    return "SYNTAX: " + std::string(document.status().message());
  }
  const auto errors = ValidateDocument(schema, *document, options);
  if (errors.empty()) {
    return "OK";
  }
  std::string out;
  for (const ValidationError& error : errors) {
    if (!out.empty()) {
      out += '\n';
    }
    for (size_t i = 0; i < error.locations.size(); ++i) {
      out += (i > 0 ? "," : "") + std::to_string(error.locations[i].line) + ":" +
             std::to_string(error.locations[i].column);
    }
    out += " " + error.message;
  }
  return out;
}

}  // namespace gloss::graphql::testing
