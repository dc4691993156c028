#include "config/references.h"

#include <algorithm>
#include <array>
#include <optional>
#include <utility>

namespace gloss::config {
namespace {

struct KindInfo {
  ResourceKind kind;
  std::string_view name;
  std::vector<std::string_view> attributes;
  std::string_view attribute_list;  // For messages.
};

const std::array<KindInfo, 3>& Kinds() {
  static const std::array<KindInfo, 3> kinds = {{
      {ResourceKind::kStorage, "storage", {"name", "arn"}, "name or arn"},
      {ResourceKind::kQueues, "queues", {"name", "url", "arn"}, "name, url or arn"},
      {ResourceKind::kFunctions, "functions", {"name", "arn"}, "name or arn"},
  }};
  return kinds;
}

const KindInfo* FindKind(std::string_view name) {
  for (const KindInfo& info : Kinds()) {
    if (info.name == name) {
      return &info;
    }
  }
  return nullptr;
}

std::string Quoted(std::string_view body) { return "'${" + std::string(body) + "}'"; }

// Parses the text between `${` and `}`.
std::variant<TemplateReference, std::string> ParseReferenceBody(std::string_view body,
                                                                size_t offset) {
  if (body.empty()) {
    return std::string("empty reference '${}'");
  }
  const size_t first_dot = body.find('.');
  const size_t last_dot = body.rfind('.');
  if (first_dot == std::string_view::npos || first_dot == last_dot || first_dot == 0 ||
      last_dot == first_dot + 1 || last_dot + 1 == body.size()) {
    return "reference " + Quoted(body) + " must have the form ${kind.key.attribute}";
  }
  const std::string_view kind_name = body.substr(0, first_dot);
  const KindInfo* kind = FindKind(kind_name);
  if (kind == nullptr) {
    return "unknown resource kind '" + std::string(kind_name) + "' in " + Quoted(body) +
           " (expected storage, queues or functions)";
  }
  const std::string_view attribute = body.substr(last_dot + 1);
  if (std::find(kind->attributes.begin(), kind->attributes.end(), attribute) ==
      kind->attributes.end()) {
    return "unknown attribute '" + std::string(attribute) + "' in " + Quoted(body) + " (" +
           std::string(kind->name) + " have " + std::string(kind->attribute_list) + ")";
  }
  return TemplateReference{kind->kind,
                           std::string(body.substr(first_dot + 1, last_dot - first_dot - 1)),
                           std::string(attribute), offset};
}

std::string ReferenceText(const TemplateReference& reference) {
  return "${" + std::string(ResourceKindName(reference.kind)) + "." + reference.key + "." +
         reference.attribute + "}";
}

std::optional<std::string> ResolveReference(const BackendSpec& spec,
                                            const TemplateReference& reference,
                                            const Endpoint& endpoint) {
  switch (reference.kind) {
    case ResourceKind::kStorage: {
      const auto bucket = spec.storage.find(reference.key);
      if (bucket == spec.storage.end()) {
        return std::nullopt;
      }
      return reference.attribute == "arn" ? BucketArn(bucket->second.name) : bucket->second.name;
    }
    case ResourceKind::kQueues: {
      const auto queue = spec.queues.find(reference.key);
      if (queue == spec.queues.end()) {
        return std::nullopt;
      }
      if (reference.attribute == "arn") {
        return QueueArn(spec.region, queue->second.name);
      }
      return reference.attribute == "url" ? QueueUrl(endpoint, queue->second.name)
                                          : queue->second.name;
    }
    case ResourceKind::kFunctions: {
      const auto function = spec.functions.find(reference.key);
      if (function == spec.functions.end()) {
        return std::nullopt;
      }
      return reference.attribute == "arn" ? FunctionArn(spec.region, function->second.name)
                                          : function->second.name;
    }
  }
  return std::nullopt;
}

}  // namespace

std::string_view ResourceKindName(ResourceKind kind) {
  for (const KindInfo& info : Kinds()) {
    if (info.kind == kind) {
      return info.name;
    }
  }
  return "?";
}

const std::set<std::string>& ResourceKeys::Of(ResourceKind kind) const {
  switch (kind) {
    case ResourceKind::kStorage: return storage;
    case ResourceKind::kQueues: return queues;
    case ResourceKind::kFunctions: return functions;
  }
  return storage;
}

ParsedTemplate ParseTemplate(std::string_view text) {
  ParsedTemplate parsed;
  std::string literal;
  size_t index = 0;
  while (index < text.size()) {
    if (text[index] != '$') {
      literal += text[index++];
      continue;
    }
    if (index + 1 < text.size() && text[index + 1] == '$') {
      literal += '$';
      index += 2;
      continue;
    }
    if (index + 1 >= text.size() || text[index + 1] != '{') {
      literal += text[index++];
      continue;
    }
    const size_t close = text.find('}', index + 2);
    if (close == std::string_view::npos) {
      parsed.problems.push_back({index, "unterminated '${' (missing '}')"});
      break;
    }
    auto reference = ParseReferenceBody(text.substr(index + 2, close - index - 2), index);
    if (auto* problem = std::get_if<std::string>(&reference)) {
      parsed.problems.push_back({index, std::move(*problem)});
    } else {
      if (!literal.empty()) {
        parsed.pieces.emplace_back(std::move(literal));
        literal.clear();
      }
      parsed.pieces.emplace_back(std::move(std::get<TemplateReference>(reference)));
    }
    index = close + 1;
  }
  if (!literal.empty()) {
    parsed.pieces.emplace_back(std::move(literal));
  }
  return parsed;
}

std::vector<TemplateProblem> CheckTemplate(std::string_view text, const ResourceKeys& keys) {
  ParsedTemplate parsed = ParseTemplate(text);
  std::vector<TemplateProblem> problems = std::move(parsed.problems);
  for (const TemplatePiece& piece : parsed.pieces) {
    const auto* reference = std::get_if<TemplateReference>(&piece);
    if (reference != nullptr && keys.Of(reference->kind).count(reference->key) == 0) {
      problems.push_back({reference->offset, "'" + ReferenceText(*reference) + "' refers to " +
                                                 std::string(ResourceKindName(reference->kind)) +
                                                 "." + reference->key + ", which is not defined"});
    }
  }
  std::stable_sort(
      problems.begin(), problems.end(),
      [](const TemplateProblem& a, const TemplateProblem& b) { return a.offset < b.offset; });
  return problems;
}

std::string ResolveTemplate(const BackendSpec& spec, const Template& tmpl,
                            const Endpoint& endpoint) {
  std::string resolved;
  for (const TemplatePiece& piece : ParseTemplate(tmpl.text).pieces) {
    if (const auto* literal = std::get_if<std::string>(&piece)) {
      resolved += *literal;
      continue;
    }
    const auto& reference = std::get<TemplateReference>(piece);
    resolved += ResolveReference(spec, reference, endpoint).value_or(ReferenceText(reference));
  }
  return resolved;
}

std::string BucketArn(std::string_view bucket_name) {
  return "arn:aws:s3:::" + std::string(bucket_name);
}

std::string QueueArn(std::string_view region, std::string_view queue_name) {
  return "arn:aws:sqs:" + std::string(region) + ":" + std::string(kAccountId) + ":" +
         std::string(queue_name);
}

std::string QueueUrl(const Endpoint& endpoint, std::string_view queue_name) {
  std::string_view base = endpoint.base_url;
  while (!base.empty() && base.back() == '/') {
    base.remove_suffix(1);
  }
  return std::string(base) + "/" + std::string(kAccountId) + "/" + std::string(queue_name);
}

std::string FunctionArn(std::string_view region, std::string_view function_name) {
  return "arn:aws:lambda:" + std::string(region) + ":" + std::string(kAccountId) +
         ":function:" + std::string(function_name);
}

}  // namespace gloss::config
