// SqsCall is one decoded SQS request, whichever wire protocol it came in:
// the operation's name and its input in the shape of the AWS JSON 1.0
// protocol, so every operation is implemented once, against JSON.
//
// Thread safety: a plain value.

#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace gloss::queue::protocol {

struct SqsCall {
  std::string operation;  // "SendMessage": one of sqs_model.h's operations.
  // The operation's input object. Members conform to the model's types
  // (strings are strings, Integer members integers in range, lists arrays,
  // maps objects); unknown members may be present and mean nothing; null
  // members have been removed.
  nlohmann::json input;
};

}  // namespace gloss::queue::protocol
