#include "queue/protocol/json_codec.h"

#include <cmath>
#include <cstdint>
#include <limits>

#include "queue/protocol/sqs_errors.h"
#include "queue/protocol/sqs_model.h"

namespace gloss::queue::protocol {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kTypePrefix = "com.amazonaws.sqs#";
// How much of a client-supplied name an error message repeats.
constexpr size_t kMaxQuotedLength = 64;

Status Invalid(std::string_view message) {
  return SqsErrorStatus(SqsErrorCode::kInvalidParameterValue, message);
}

Status InvalidMember(const std::string& path, std::string_view reason) {
  return Invalid("Value for parameter " + path.substr(0, 4 * kMaxQuotedLength) +
                 " is invalid. Reason: " + std::string(reason) + ".");
}

// True when `body` has more than `limit` nested arrays/objects. Counts
// brackets outside strings, so it runs before (and protects) the parser.
bool NestsDeeperThan(std::string_view body, size_t limit) {
  size_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : body) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) {
        return true;
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

// Checks `value` against `kind` (an Integer or Long member) and turns an
// integral floating-point number into an integer.
Status ConformInteger(Json& value, ShapeKind kind, const std::string& path) {
  const int64_t min = kind == ShapeKind::kInteger ? std::numeric_limits<int32_t>::min()
                                                  : std::numeric_limits<int64_t>::min();
  const int64_t max = kind == ShapeKind::kInteger ? std::numeric_limits<int32_t>::max()
                                                  : std::numeric_limits<int64_t>::max();
  const std::string_view reason =
      kind == ShapeKind::kInteger ? "must be a 32-bit integer" : "must be a 64-bit integer";
  if (value.is_number_unsigned()) {
    if (value.get<uint64_t>() > static_cast<uint64_t>(max)) {
      return InvalidMember(path, reason);
    }
    value = static_cast<int64_t>(value.get<uint64_t>());
    return Status::Ok();
  }
  if (value.is_number_integer()) {
    const auto number = value.get<int64_t>();
    return number < min || number > max ? InvalidMember(path, reason) : Status::Ok();
  }
  if (value.is_number_float()) {
    const double number = value.get<double>();
    const double low = static_cast<double>(min);  // -2^31 or -2^63, exact as doubles.
    const double high = -low;                     // The first integer out of range.
    if (std::trunc(number) != number || number < low || number >= high) {
      return InvalidMember(path, reason);
    }
    value = static_cast<int64_t>(number);
    return Status::Ok();
  }
  return InvalidMember(path, reason);
}

// Checks `value` against `shape`, removing null structure members.
Status Conform(Json& value, const Shape& shape, const std::string& path) {
  switch (shape.kind) {
    case ShapeKind::kString:
    case ShapeKind::kBlob:
      return value.is_string() ? Status::Ok() : InvalidMember(path, "must be a string");
    case ShapeKind::kBoolean:
      return value.is_boolean() ? Status::Ok() : InvalidMember(path, "must be a boolean");
    case ShapeKind::kInteger:
    case ShapeKind::kLong: return ConformInteger(value, shape.kind, path);
    case ShapeKind::kList: {
      if (!value.is_array()) {
        return InvalidMember(path, "must be a list");
      }
      for (size_t idx = 0; idx < value.size(); ++idx) {
        RETURN_IF_ERROR(Conform(value[idx], *shape.element, path + "." + std::to_string(idx + 1)));
      }
      return Status::Ok();
    }
    case ShapeKind::kMap: {
      if (!value.is_object()) {
        return InvalidMember(path, "must be a map");
      }
      for (auto it = value.begin(); it != value.end(); ++it) {
        RETURN_IF_ERROR(
            Conform(it.value(), *shape.element, path + "." + it.key().substr(0, kMaxQuotedLength)));
      }
      return Status::Ok();
    }
    case ShapeKind::kStructure: {
      if (!value.is_object()) {
        return InvalidMember(path, "must be a structure");
      }
      for (const Member& member : shape.members) {
        const auto found = value.find(std::string(member.name));
        if (found == value.end()) {
          continue;
        }
        if (found->is_null()) {
          value.erase(found);
          continue;
        }
        RETURN_IF_ERROR(Conform(
            *found, *member.shape,
            path.empty() ? std::string(member.name) : path + "." + std::string(member.name)));
      }
      return Status::Ok();
    }
  }
  return Status::Ok();  // Every kind returns above; GCC wants a return here.
}

std::string Dump(const Json& json) {
  return json.dump(-1, ' ', /*ensure_ascii=*/false, Json::error_handler_t::replace);
}

}  // namespace

Result<SqsCall> DecodeJsonRequest(std::string_view amz_target, std::string_view body) {
  if (!amz_target.starts_with(kJsonTargetPrefix)) {
    return SqsErrorStatus(SqsErrorCode::kInvalidAction,
                          "The X-Amz-Target header must name an AmazonSQS operation.");
  }
  const std::string_view name = amz_target.substr(kJsonTargetPrefix.size());
  const Operation* operation = FindOperation(name);
  if (operation == nullptr) {
    return SqsErrorStatus(SqsErrorCode::kInvalidAction,
                          "The action " + std::string(name.substr(0, kMaxQuotedLength)) +
                              " is not valid for this endpoint.");
  }
  if (NestsDeeperThan(body, kMaxJsonDepth)) {
    return Invalid("The request body nests deeper than " + std::to_string(kMaxJsonDepth) +
                   " levels.");
  }
  Json input =
      body.empty() ? Json::object() : Json::parse(body, /*cb=*/nullptr, /*allow_exceptions=*/false);
  if (input.is_discarded()) {
    return Invalid("The request body is not valid JSON.");
  }
  if (!input.is_object()) {
    return Invalid("The request body must be a JSON object.");
  }
  RETURN_IF_ERROR(Conform(input, *operation->input, ""));
  return SqsCall{.operation = std::string(operation->name), .input = std::move(input)};
}

std::string EncodeJsonResponse(const nlohmann::json& output) { return Dump(output); }

SqsJsonError EncodeJsonError(const Status& status, std::string_view request_id) {
  const SqsError error = SqsErrorOf(status);
  SqsJsonError response;
  response.http_status = error.http_status;
  response.headers = {
      {"content-type", std::string(kJsonContentType)},
      {"x-amzn-query-error",
       error.query_code + (error.fault == SqsFault::kSender ? ";Sender" : ";Receiver")},
      {"x-amzn-RequestId", std::string(request_id)},
  };
  response.body =
      Dump(Json{{"__type", std::string(kTypePrefix) + error.name}, {"message", error.message}});
  return response;
}

}  // namespace gloss::queue::protocol
