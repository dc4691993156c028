// EncodeQueryResponse and EncodeQueryError (query_codec.h): JSON results and
// Status errors -> the query protocol's XML documents.

#include <string>

#include <pugixml.hpp>

#include "queue/protocol/query_codec.h"
#include "queue/protocol/sqs_errors.h"
#include "queue/protocol/sqs_model.h"

namespace gloss::queue::protocol {
namespace {

using Json = nlohmann::json;

// Appends what pugixml writes, with carriage returns as character
// references: pugixml writes them raw in text, and an XML parser would read
// them back as line feeds (SQS sends "&#xD;"). Raw markup has none of its own.
class StringWriter : public pugi::xml_writer {
 public:
  explicit StringWriter(std::string& out) : out_(out) {}
  void write(const void* data, size_t size) override {
    const std::string_view text(static_cast<const char*>(data), size);
    for (const char c : text) {
      if (c == '\r') {
        out_ += "&#xD;";
      } else {
        out_ += c;
      }
    }
  }

 private:
  std::string& out_;
};

std::string Serialize(const pugi::xml_document& doc) {
  std::string out = R"(<?xml version="1.0"?>)";
  StringWriter writer(out);
  doc.save(writer, "", pugi::format_raw | pugi::format_no_declaration, pugi::encoding_utf8);
  return out;
}

pugi::xml_node AddElement(pugi::xml_node parent, std::string_view name) {
  return parent.append_child(std::string(name).c_str());
}

void AddText(pugi::xml_node parent, std::string_view name, std::string_view text) {
  AddElement(parent, name).text().set(text.data(), text.size());
}

pugi::xml_node AddRoot(pugi::xml_document& doc, std::string_view name) {
  pugi::xml_node root = AddElement(doc, name);
  root.append_attribute("xmlns").set_value(kSqsXmlNamespace.data(), kSqsXmlNamespace.size());
  return root;
}

void AddStructureMembers(pugi::xml_node node, const Shape& shape, const Json& value);

// Appends `value` (of `shape`) as element(s) called `name` to `parent`.
// Flattened lists and maps become one element per entry.
void AddValue(pugi::xml_node parent, std::string_view name, const Shape& shape, const Json& value) {
  switch (shape.kind) {
    case ShapeKind::kList:
      if (value.is_array()) {
        for (const Json& element : value) {
          AddValue(parent, name, *shape.element, element);
        }
      }
      return;
    case ShapeKind::kMap:
      if (value.is_object()) {
        for (auto it = value.begin(); it != value.end(); ++it) {
          pugi::xml_node entry = AddElement(parent, name);
          AddText(entry, shape.key_name, it.key());
          AddValue(entry, shape.value_name, *shape.element, it.value());
        }
      }
      return;
    case ShapeKind::kStructure:
      if (value.is_object()) {
        AddStructureMembers(AddElement(parent, name), shape, value);
      }
      return;
    default:
      // Scalars. Results are ours, so a number where the model says string
      // (or the reverse) is written as its text rather than dropped.
      if (value.is_string()) {
        AddText(parent, name, value.get_ref<const std::string&>());
      } else if (value.is_boolean()) {
        AddText(parent, name, value.get<bool>() ? "true" : "false");
      } else if (value.is_number()) {
        AddText(parent, name, value.dump());
      }
      return;
  }
}

void AddStructureMembers(pugi::xml_node node, const Shape& shape, const Json& value) {
  for (const Member& member : shape.members) {
    const auto found = value.find(std::string(member.name));
    if (found != value.end()) {
      AddValue(node, member.wire_name, *member.shape, *found);
    }
  }
}

}  // namespace

std::string EncodeQueryResponse(std::string_view operation, const nlohmann::json& output,
                                std::string_view request_id) {
  pugi::xml_document doc;
  pugi::xml_node root = AddRoot(doc, std::string(operation) + "Response");
  const Operation* model = FindOperation(operation);
  if (model != nullptr && model->output != nullptr) {
    pugi::xml_node result = AddElement(root, std::string(operation) + "Result");
    if (output.is_object()) {
      AddStructureMembers(result, *model->output, output);
    }
  }
  AddText(AddElement(root, "ResponseMetadata"), "RequestId", request_id);
  return Serialize(doc);
}

std::string EncodeQueryError(const Status& status, std::string_view request_id) {
  const SqsError error = SqsErrorOf(status);
  pugi::xml_document doc;
  pugi::xml_node root = AddRoot(doc, "ErrorResponse");
  pugi::xml_node element = AddElement(root, "Error");
  AddText(element, "Type", error.fault == SqsFault::kSender ? "Sender" : "Receiver");
  AddText(element, "Code", error.query_code);
  AddText(element, "Message", error.message);
  AddElement(element, "Detail");
  AddText(root, "RequestId", request_id);
  return Serialize(doc);
}

}  // namespace gloss::queue::protocol
