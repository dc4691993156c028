#include "http/router.h"

#include <algorithm>
#include <utility>

namespace gloss::http {
namespace {

using RoutePtr = std::shared_ptr<const Route>;

void InsertLongestFirst(std::vector<std::pair<std::string, RoutePtr>>& list, std::string key,
                        RoutePtr route) {
  auto position = std::find_if(list.begin(), list.end(),
                               [&](const auto& entry) { return entry.first.size() < key.size(); });
  list.emplace(position, std::move(key), std::move(route));
}

// The service part of "AKID/DATE/REGION/SERVICE/aws4_request".
std::optional<std::string> ScopeService(std::string_view credential) {
  constexpr size_t kParts = 5;
  std::string_view parts[kParts];
  size_t count = 0;
  for (;;) {
    if (count == kParts) {
      return std::nullopt;  // More than five parts.
    }
    const size_t slash = credential.find('/');
    parts[count++] = credential.substr(0, slash);
    if (slash == std::string_view::npos) {
      break;
    }
    credential.remove_prefix(slash + 1);
  }
  if (count != kParts || parts[4] != "aws4_request" || parts[3].empty()) {
    return std::nullopt;
  }
  return std::string(parts[3]);
}

}  // namespace

void RouteTable::AddPath(std::string method, std::string path, Route route) {
  paths_[std::move(path)][std::move(method)] = std::make_shared<const Route>(std::move(route));
}

void RouteTable::AddPathPrefix(std::string prefix, Route route) {
  InsertLongestFirst(prefixes_, std::move(prefix), std::make_shared<const Route>(std::move(route)));
}

void RouteTable::AddPathSuffix(std::string suffix, Route route) {
  InsertLongestFirst(suffixes_, std::move(suffix), std::make_shared<const Route>(std::move(route)));
}

void RouteTable::AddAmzTarget(std::string prefix, Route route) {
  amz_targets_[std::move(prefix)] = std::make_shared<const Route>(std::move(route));
}

void RouteTable::AddSigV4Service(std::string service, Route route) {
  sigv4_services_[std::move(service)] = std::make_shared<const Route>(std::move(route));
}

void RouteTable::SetFallback(Route route) {
  fallback_ = std::make_shared<const Route>(std::move(route));
}

RouteMatch RouteTable::Match(const RequestHead& head) const {
  auto match_path = [&]() -> std::optional<RouteMatch> {
    const auto by_path = paths_.find(head.path);
    if (by_path == paths_.end()) {
      return std::nullopt;
    }
    const auto& by_method = by_path->second;
    if (auto exact = by_method.find(head.method); exact != by_method.end()) {
      return RouteMatch{exact->second.get(), false};
    }
    if (auto any = by_method.find(""); any != by_method.end()) {
      return RouteMatch{any->second.get(), false};
    }
    return RouteMatch{nullptr, true};
  };

  if (head.path.starts_with(kSystemPrefix)) {
    if (std::optional<RouteMatch> system = match_path()) {
      return *system;
    }
  }
  if (std::optional<std::string_view> target = AmzTargetPrefix(head)) {
    if (auto found = amz_targets_.find(*target); found != amz_targets_.end()) {
      return {found->second.get(), false};
    }
  }
  if (std::optional<std::string> service = SigV4Service(head)) {
    if (auto found = sigv4_services_.find(*service); found != sigv4_services_.end()) {
      return {found->second.get(), false};
    }
  }
  if (std::optional<RouteMatch> exact = match_path()) {
    return *exact;
  }
  for (const auto& [prefix, route] : prefixes_) {
    if (head.path.starts_with(prefix)) {
      return {route.get(), false};
    }
  }
  for (const auto& [suffix, route] : suffixes_) {
    if (head.path.ends_with(suffix)) {
      return {route.get(), false};
    }
  }
  return {fallback_.get(), false};
}

std::optional<std::string> SigV4Service(const RequestHead& head) {
  if (std::optional<std::string_view> authorization = head.headers.Get("authorization")) {
    constexpr std::string_view kScheme = "AWS4-HMAC-SHA256 ";
    if (!authorization->starts_with(kScheme)) {
      return std::nullopt;
    }
    constexpr std::string_view kCredential = "Credential=";
    const size_t start = authorization->find(kCredential);
    if (start == std::string_view::npos) {
      return std::nullopt;
    }
    std::string_view credential = authorization->substr(start + kCredential.size());
    credential = credential.substr(0, credential.find_first_of(", "));
    return ScopeService(credential);
  }
  if (std::optional<std::string> credential = head.QueryParam("X-Amz-Credential")) {
    return ScopeService(*credential);
  }
  return std::nullopt;
}

std::optional<std::string_view> AmzTargetPrefix(const RequestHead& head) {
  std::optional<std::string_view> target = head.headers.Get("x-amz-target");
  if (!target) {
    return std::nullopt;
  }
  const size_t dot = target->find('.');
  if (dot == 0 || dot == std::string_view::npos) {
    return std::nullopt;
  }
  return target->substr(0, dot);
}

}  // namespace gloss::http
