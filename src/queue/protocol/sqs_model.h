// The SQS service model as far as the wire codecs need it: every operation of
// API version 2012-11-05 with the shapes of its input and output, each member
// with its JSON name and its query/XML name. The JSON codec checks requests
// against it; the query codec turns forms into JSON and JSON results into XML
// with it, so the two protocols cannot drift apart.
//
// In this API every list and map is "flattened" in the query protocol:
// a list member `AttributeNames` with wire name "AttributeName" is sent as
// AttributeName.1, AttributeName.2, ... and answered as repeated
// <AttributeName> elements; a map member `Attributes` with wire name
// "Attribute" as Attribute.1.Name / Attribute.1.Value and repeated
// <Attribute><Name/><Value/></Attribute>.
//
// Not a general Smithy model: no traits beyond the names, no constraints
// (ranges, required members); the operations check those.
//
// Thread safety: constant data.

#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace gloss::queue::protocol {

enum class ShapeKind : uint8_t {
  kString,
  kInteger,  // 32-bit signed.
  kLong,     // 64-bit signed.
  kBoolean,
  kBlob,  // Base64 text in both protocols.
  kList,
  kMap,
  kStructure,
};

struct Shape;

struct Member {
  std::string_view name;       // In JSON: "QueueUrl", "Attributes", "tags".
  std::string_view wire_name;  // Query parameter and XML element: "QueueUrl", "Attribute", "Tag".
  const Shape* shape;
};

struct Shape {
  ShapeKind kind;
  std::span<const Member> members = {};  // kStructure, in XML output order.
  const Shape* element = nullptr;        // kList: the element; kMap: the value.
  std::string_view key_name = {};        // kMap: "Name" or "Key".
  std::string_view value_name = {};      // kMap: "Value".
};

struct Operation {
  std::string_view name;  // "SendMessage"
  const Shape* input;
  const Shape* output;  // Null for operations that return nothing.
};

// Every operation, sorted by name.
std::span<const Operation> AllOperations();

// The operation called `name` (case-sensitive), or nullptr.
const Operation* FindOperation(std::string_view name);

}  // namespace gloss::queue::protocol
