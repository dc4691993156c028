#include "storage/s3/request_documents.h"

#include <array>
#include <utility>

#include <pugixml.hpp>

#include "storage/s3/internal/decimal.h"
#include "storage/s3/internal/text.h"
#include "storage/s3/multipart_params.h"
#include "storage/s3/s3_errors.h"

namespace gloss::storage::s3 {
namespace {

// Keep whitespace-only text: a key may be "   ".
constexpr unsigned kParseOptions =
    pugi::parse_default | pugi::parse_doctype | pugi::parse_ws_pcdata_single;

Status Malformed(std::string_view why) {
  return S3ErrorStatus(S3ErrorCode::kMalformedXML,
                       "The XML you provided was not well-formed or did not validate against our "
                       "published schema: " +
                           std::string(why));
}

// "s3:Key" and "Key" are both Key: clients may bind the namespace to a prefix.
std::string_view LocalName(const pugi::xml_node& node) {
  const std::string_view name = node.name();
  const size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// The concatenated text and CDATA children of `node`.
std::string ElementText(const pugi::xml_node& node) {
  std::string text;
  for (const pugi::xml_node& child : node.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      text += child.value();
    }
  }
  return text;
}

// The only child element called `name`; nullopt when absent; an error when repeated.
Result<std::optional<pugi::xml_node>> UniqueChild(const pugi::xml_node& parent,
                                                  std::string_view name) {
  std::optional<pugi::xml_node> found;
  for (const pugi::xml_node& child : parent.children()) {
    if (child.type() != pugi::node_element || LocalName(child) != name) {
      continue;
    }
    if (found) {
      return Malformed("repeated <" + std::string(name) + ">");
    }
    found = child;
  }
  return found;
}

// Parses `body` into `doc` and returns its single root element, which must
// be called `root_name`.
Result<pugi::xml_node> LoadDocument(pugi::xml_document& doc, std::string_view body,
                                    size_t max_bytes, std::string_view root_name) {
  if (body.size() > max_bytes) {
    return S3ErrorStatus(
        S3ErrorCode::kMaxMessageLengthExceeded,
        "Your request was too big: the limit is " + std::to_string(max_bytes) + " bytes.");
  }
  const pugi::xml_parse_result parsed =
      doc.load_buffer(body.data(), body.size(), kParseOptions, pugi::encoding_utf8);
  if (!parsed) {
    return Malformed(parsed.description());
  }
  std::optional<pugi::xml_node> root;
  for (const pugi::xml_node& child : doc.children()) {
    if (child.type() == pugi::node_doctype) {
      return Malformed("DOCTYPE is not allowed");
    }
    if (child.type() == pugi::node_element) {
      if (root) {
        return Malformed("more than one root element");
      }
      root = child;
    }
  }
  if (!root || LocalName(*root) != root_name) {
    return Malformed("the root element must be <" + std::string(root_name) + ">");
  }
  return *root;
}

Result<bool> ParseXmlBool(std::string_view text) {
  text = internal::TrimWhitespace(text);
  if (internal::EqualsIgnoreCase(text, "true")) {
    return true;
  }
  if (internal::EqualsIgnoreCase(text, "false")) {
    return false;
  }
  return Malformed("a boolean must be true or false");
}

Result<CompletedPart> ParseCompletedPart(const pugi::xml_node& part_node) {
  ASSIGN_OR_RETURN(const std::optional<pugi::xml_node> number_node,
                   UniqueChild(part_node, "PartNumber"));
  ASSIGN_OR_RETURN(const std::optional<pugi::xml_node> etag_node, UniqueChild(part_node, "ETag"));
  if (!number_node || !etag_node) {
    return Malformed("each <Part> needs one <PartNumber> and one <ETag>");
  }
  const std::optional<uint32_t> number =
      internal::ParseNonNegativeInt(internal::TrimWhitespace(ElementText(*number_node)));
  if (!number) {
    return Malformed("<PartNumber> must be an integer");
  }
  if (*number < kMinPartNumber || *number > kMaxPartNumber) {
    return S3ErrorStatus(S3ErrorCode::kInvalidArgument,
                         "Part number must be an integer between 1 and 10000, inclusive");
  }
  CompletedPart part;
  part.part_number = *number;
  part.etag = std::string(internal::Unquote(internal::TrimWhitespace(ElementText(*etag_node))));
  const std::array<std::pair<std::string_view, std::optional<std::string>*>, 5> checksums = {{
      {"ChecksumCRC32", &part.checksum_crc32},
      {"ChecksumCRC32C", &part.checksum_crc32c},
      {"ChecksumCRC64NVME", &part.checksum_crc64nvme},
      {"ChecksumSHA1", &part.checksum_sha1},
      {"ChecksumSHA256", &part.checksum_sha256},
  }};
  for (const auto& [name, field] : checksums) {
    ASSIGN_OR_RETURN(const std::optional<pugi::xml_node> node, UniqueChild(part_node, name));
    if (node) {
      *field = std::string(internal::TrimWhitespace(ElementText(*node)));
    }
  }
  return part;
}

}  // namespace

Result<DeleteObjectsRequest> ParseDeleteObjectsRequest(std::string_view body) {
  pugi::xml_document doc;
  ASSIGN_OR_RETURN(const pugi::xml_node root,
                   LoadDocument(doc, body, kMaxDeleteBodyBytes, "Delete"));
  DeleteObjectsRequest request;
  ASSIGN_OR_RETURN(const std::optional<pugi::xml_node> quiet, UniqueChild(root, "Quiet"));
  if (quiet) {
    ASSIGN_OR_RETURN(request.quiet, ParseXmlBool(ElementText(*quiet)));
  }
  for (const pugi::xml_node& object : root.children()) {
    if (object.type() != pugi::node_element || LocalName(object) != "Object") {
      continue;
    }
    if (request.keys.size() == kMaxDeleteObjectsKeys) {
      return Malformed("more than 1000 <Object> elements");
    }
    ASSIGN_OR_RETURN(const std::optional<pugi::xml_node> key, UniqueChild(object, "Key"));
    if (!key) {
      return Malformed("an <Object> without <Key>");
    }
    request.keys.push_back(ElementText(*key));
  }
  if (request.keys.empty()) {
    return Malformed("no <Object> elements");
  }
  return request;
}

Result<std::vector<CompletedPart>> ParseCompleteMultipartUpload(std::string_view body) {
  pugi::xml_document doc;
  ASSIGN_OR_RETURN(const pugi::xml_node root,
                   LoadDocument(doc, body, kMaxCompleteBodyBytes, "CompleteMultipartUpload"));
  std::vector<CompletedPart> parts;
  for (const pugi::xml_node& part_node : root.children()) {
    if (part_node.type() != pugi::node_element || LocalName(part_node) != "Part") {
      continue;
    }
    if (parts.size() == kMaxCompletedParts) {
      return Malformed("more than 10000 <Part> elements");
    }
    ASSIGN_OR_RETURN(CompletedPart part, ParseCompletedPart(part_node));
    if (!parts.empty() && part.part_number <= parts.back().part_number) {
      return S3ErrorStatus(S3ErrorCode::kInvalidPartOrder);
    }
    parts.push_back(std::move(part));
  }
  if (parts.empty()) {
    return Malformed("no <Part> elements");
  }
  return parts;
}

Result<CreateBucketConfiguration> ParseCreateBucketConfiguration(std::string_view body) {
  CreateBucketConfiguration configuration;
  if (internal::TrimWhitespace(body).empty()) {
    return configuration;
  }
  pugi::xml_document doc;
  ASSIGN_OR_RETURN(const pugi::xml_node root,
                   LoadDocument(doc, body, kMaxCreateBucketBodyBytes, "CreateBucketConfiguration"));
  ASSIGN_OR_RETURN(const std::optional<pugi::xml_node> location,
                   UniqueChild(root, "LocationConstraint"));
  if (location) {
    const std::string region(internal::TrimWhitespace(ElementText(*location)));
    if (!region.empty()) {  // An empty constraint is us-east-1's way of saying "none".
      configuration.location_constraint = region;
    }
  }
  return configuration;
}

Status CheckLocationConstraint(const CreateBucketConfiguration& configuration,
                               std::string_view region) {
  if (configuration.location_constraint && *configuration.location_constraint != region) {
    return S3ErrorStatus(S3ErrorCode::kIllegalLocationConstraintException,
                         "The " + *configuration.location_constraint +
                             " location constraint is incompatible for the region specific "
                             "endpoint this request was sent to (" +
                             std::string(region) + ").");
  }
  return Status::Ok();
}

}  // namespace gloss::storage::s3
