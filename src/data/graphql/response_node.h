// ResponseNode is the executor's response under construction: a JSON tree
// whose leaves view JSON held elsewhere (members of raw objects, DOM values
// of resolver results), so completing a field copies nothing, and which
// AppendJson writes as compact JSON text in one pass.
//
// What it is not: a JSON DOM. It has no lookup, and object keys are response
// keys, which are GraphQL names and so need no escaping.
//
// Thread safety: a plain value. Everything a node views must outlive
// AppendJson.

#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace gloss::graphql {

struct ResponseNode {
  enum class Kind : uint8_t {
    kNull,
    kRawJson,  // `text` is JSON text, written as it is.
    kName,     // `text` is a GraphQL name, written as a JSON string.
    kDom,      // `dom` is written as nlohmann::json::dump writes it.
    kList,     // `children`, keys unused.
    kObject,   // `children`, in order.
  };
  struct Child;

  Kind kind = Kind::kNull;
  std::string_view text;
  const nlohmann::json* dom = nullptr;
  std::vector<Child> children;
};

struct ResponseNode::Child {
  std::string_view key;  // kObject: a GraphQL name.
  ResponseNode value;
};

// Appends `node` to `out` as compact JSON text (as nlohmann::json::dump
// writes it without indent; invalid UTF-8 in DOM strings becomes U+FFFD).
void AppendJson(const ResponseNode& node, std::string& out);

}  // namespace gloss::graphql
