#include "queue/protocol/internal/form.h"

#include <algorithm>

#include "http/request.h"
#include "queue/protocol/sqs_errors.h"

namespace gloss::queue::protocol::internal {
namespace {

Result<std::string> DecodeComponent(std::string_view text) {
  std::string spaced(text);
  std::replace(spaced.begin(), spaced.end(), '+', ' ');
  Result<std::string> decoded = http::PercentDecode(spaced);
  if (!decoded.ok()) {
    return SqsErrorStatus(
        SqsErrorCode::kInvalidParameterValue,
        "The request is not a valid form: " + std::string(decoded.status().message()));
  }
  return decoded;
}

}  // namespace

Result<FormParameters> ParseForm(std::string_view form) {
  FormParameters parameters;
  size_t count = 0;
  while (!form.empty()) {
    const size_t amp = form.find('&');
    const std::string_view piece = form.substr(0, amp);
    form = amp == std::string_view::npos ? std::string_view() : form.substr(amp + 1);
    if (piece.empty()) {
      continue;
    }
    if (++count > kMaxFormParameters) {
      return SqsErrorStatus(
          SqsErrorCode::kInvalidParameterValue,
          "The request has more than " + std::to_string(kMaxFormParameters) + " parameters.");
    }
    const size_t eq = piece.find('=');
    ASSIGN_OR_RETURN(std::string name, DecodeComponent(piece.substr(0, eq)));
    std::string value;
    if (eq != std::string_view::npos) {
      ASSIGN_OR_RETURN(value, DecodeComponent(piece.substr(eq + 1)));
    }
    const auto [it, inserted] = parameters.try_emplace(std::move(name), std::move(value));
    if (!inserted) {
      return SqsErrorStatus(
          SqsErrorCode::kInvalidParameterValue,
          "The parameter " + it->first.substr(0, 256) + " is given more than once.");
    }
  }
  return parameters;
}

}  // namespace gloss::queue::protocol::internal
