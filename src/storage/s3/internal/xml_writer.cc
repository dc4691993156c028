#include "storage/s3/internal/xml_writer.h"

#include "storage/s3/internal/text.h"

namespace gloss::storage::s3::internal {
namespace {

class StringWriter : public pugi::xml_writer {
 public:
  explicit StringWriter(std::string& out) : out_(out) {}
  void write(const void* data, size_t size) override {
    out_.append(static_cast<const char*>(data), size);
  }

 private:
  std::string& out_;
};

}  // namespace

pugi::xml_node AddRoot(pugi::xml_document& doc, const char* name, bool with_namespace) {
  pugi::xml_node root = doc.append_child(name);
  if (with_namespace) {
    root.append_attribute("xmlns").set_value(kS3Namespace.data(), kS3Namespace.size());
  }
  return root;
}

pugi::xml_node AddText(pugi::xml_node parent, const char* name, std::string_view text) {
  pugi::xml_node node = parent.append_child(name);
  node.text().set(text.data(), text.size());
  return node;
}

void AddUint(pugi::xml_node parent, const char* name, uint64_t value) {
  AddText(parent, name, std::to_string(value));
}

void AddBool(pugi::xml_node parent, const char* name, bool value) {
  AddText(parent, name, value ? "true" : "false");
}

void AddIso8601(pugi::xml_node parent, const char* name, TimePoint time) {
  AddText(parent, name, FormatIso8601(time));
}

void AddEtag(pugi::xml_node parent, const char* name, std::string_view etag) {
  AddText(parent, name, "\"" + std::string(Unquote(etag)) + "\"");
}

std::string Serialize(const pugi::xml_document& doc) {
  std::string out = R"(<?xml version="1.0" encoding="UTF-8"?>)";
  StringWriter writer(out);
  doc.save(writer, "", pugi::format_raw | pugi::format_no_declaration, pugi::encoding_utf8);
  return out;
}

}  // namespace gloss::storage::s3::internal
