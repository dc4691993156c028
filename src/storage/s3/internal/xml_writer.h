// Helpers over pugixml for the response documents of this folder: a
// document with S3's root element, text children, and serialization with
// the XML declaration S3 sends. pugixml is included only from storage/s3/.
//
// Thread safety: a document and its nodes belong to one thread.

#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <pugixml.hpp>

#include "storage/s3/dates.h"

namespace gloss::storage::s3::internal {

inline constexpr std::string_view kS3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

// Appends the root element `name` to the empty `doc`, with
// xmlns=kS3Namespace when `with_namespace`.
pugi::xml_node AddRoot(pugi::xml_document& doc, const char* name, bool with_namespace);

// Appends <name>text</name> (any bytes; escaped on output) and returns it.
pugi::xml_node AddText(pugi::xml_node parent, const char* name, std::string_view text);
void AddUint(pugi::xml_node parent, const char* name, uint64_t value);
void AddBool(pugi::xml_node parent, const char* name, bool value);  // "true" / "false"
void AddIso8601(pugi::xml_node parent, const char* name, TimePoint time);
// <ETag>"etag"</ETag>; quotes are added unless `etag` already has them.
void AddEtag(pugi::xml_node parent, const char* name, std::string_view etag);

// `<?xml version="1.0" encoding="UTF-8"?>` followed by the document, unindented.
std::string Serialize(const pugi::xml_document& doc);

}  // namespace gloss::storage::s3::internal
