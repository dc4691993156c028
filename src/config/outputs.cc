#include "config/outputs.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace gloss::config {
namespace {

bool LogsInWith(const AuthSpec& auth, LoginAttribute attribute) {
  return std::find(auth.login_with.begin(), auth.login_with.end(), attribute) !=
         auth.login_with.end();
}

bool AnyGuestAccess(const BackendSpec& spec) {
  for (const auto& [key, bucket] : spec.storage) {
    for (const StorageAccessRule& rule : bucket.access) {
      if (!rule.guest.empty()) {
        return true;
      }
    }
  }
  return false;
}

nlohmann::json RenderAuth(const BackendSpec& spec, const AuthSpec& auth) {
  nlohmann::json attributes = nlohmann::json::array();  // How users sign in and are verified.
  if (LogsInWith(auth, LoginAttribute::kEmail)) {
    attributes.push_back("email");
  }
  if (LogsInWith(auth, LoginAttribute::kPhone)) {
    attributes.push_back("phone_number");
  }
  nlohmann::json groups = nlohmann::json::array();
  for (size_t group_idx = 0; group_idx < auth.groups.size(); ++group_idx) {
    nlohmann::json group;
    group[auth.groups[group_idx]]["precedence"] = group_idx;  // Order of declaration.
    groups.push_back(std::move(group));
  }
  const PasswordPolicy& policy = auth.password_policy;
  return {
      {"aws_region", spec.region},
      {"password_policy",
       {{"min_length", policy.min_length},
        {"require_numbers", policy.require_numbers},
        {"require_lowercase", policy.require_lowercase},
        {"require_uppercase", policy.require_uppercase},
        {"require_symbols", policy.require_symbols}}},
      {"username_attributes", attributes},
      {"standard_required_attributes", attributes},
      {"user_verification_types", attributes},
      {"unauthenticated_identities_enabled", AnyGuestAccess(spec)},
      {"mfa_configuration", "NONE"},
      {"groups", groups},
  };
}

std::string_view AuthorizationType(AuthorizationMode mode) {
  switch (mode) {
    case AuthorizationMode::kUserPool: return "AMAZON_COGNITO_USER_POOLS";
    case AuthorizationMode::kApiKey: return "API_KEY";
    case AuthorizationMode::kIam: return "AWS_IAM";
  }
  return "AWS_IAM";
}

nlohmann::json RenderData(const BackendSpec& spec, const DataSpec& data, const Endpoint& endpoint) {
  std::vector<AuthorizationMode> available;
  if (spec.auth) {
    available.push_back(AuthorizationMode::kUserPool);
  }
  if (data.api_key) {
    available.push_back(AuthorizationMode::kApiKey);
  }
  available.push_back(AuthorizationMode::kIam);
  nlohmann::json others = nlohmann::json::array();
  for (const AuthorizationMode mode : available) {
    if (mode != data.default_authorization_mode) {
      others.push_back(AuthorizationType(mode));
    }
  }
  return {
      {"aws_region", spec.region},
      {"url", endpoint.base_url + "/graphql"},
      {"default_authorization_type", AuthorizationType(data.default_authorization_mode)},
      {"authorization_types", others},
  };
}

// Amplify's action names, with "read" expanded to "get" and "list".
nlohmann::json RenderActions(const std::vector<StorageAction>& actions) {
  std::vector<std::string> names;
  const auto add = [&](const char* name) {
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      names.push_back(name);
    }
  };
  for (const StorageAction action : actions) {
    switch (action) {
      case StorageAction::kRead:
        add("get");
        add("list");
        break;
      case StorageAction::kGet: add("get"); break;
      case StorageAction::kList: add("list"); break;
      case StorageAction::kWrite: add("write"); break;
      case StorageAction::kDelete: add("delete"); break;
    }
  }
  return names;
}

nlohmann::json RenderBucket(const BackendSpec& spec, const StorageSpec& bucket) {
  nlohmann::json paths = nlohmann::json::object();
  for (const StorageAccessRule& rule : bucket.access) {
    nlohmann::json principals = nlohmann::json::object();
    if (!rule.guest.empty()) {
      principals["guest"] = RenderActions(rule.guest);
    }
    if (!rule.authenticated.empty()) {
      principals["authenticated"] = RenderActions(rule.authenticated);
    }
    for (const auto& [group, actions] : rule.groups) {
      if (!actions.empty()) {
        principals["groups" + group] = RenderActions(actions);  // Amplify's key: "groupsADMINS".
      }
    }
    if (!rule.entity.empty()) {
      principals["entityidentity"] = RenderActions(rule.entity);
    }
    paths[rule.path] = principals;
  }
  return {
      {"name", bucket.key},
      {"bucket_name", bucket.name},
      {"aws_region", spec.region},
      {"paths", paths},
  };
}

nlohmann::json RenderStorage(const BackendSpec& spec) {
  nlohmann::json buckets = nlohmann::json::array();
  std::string default_bucket = spec.storage.begin()->second.name;
  for (const auto& [key, bucket] : spec.storage) {
    buckets.push_back(RenderBucket(spec, bucket));
    if (bucket.is_default) {
      default_bucket = bucket.name;
    }
  }
  return {{"aws_region", spec.region}, {"bucket_name", default_bucket}, {"buckets", buckets}};
}

nlohmann::json ResolveCustom(const BackendSpec& spec, const nlohmann::json& value,
                             const Endpoint& endpoint) {
  if (value.is_string()) {
    return ResolveTemplate(spec, Template{value.get<std::string>(), {}}, endpoint);
  }
  if (value.is_structured()) {
    nlohmann::json resolved = value;
    for (auto& [key, child] : resolved.items()) {
      child = ResolveCustom(spec, child, endpoint);
    }
    return resolved;
  }
  return value;
}

Status IoError(const std::filesystem::path& path, std::string_view what) {
  return Status::Unavailable(path.string() + ": " + std::string(what) + ": " +
                             std::strerror(errno));
}

bool WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0 && errno == EINTR) {
      continue;
    }
    if (written <= 0) {
      return false;
    }
    bytes.remove_prefix(static_cast<size_t>(written));
  }
  return true;
}

}  // namespace

nlohmann::json RenderOutputs(const BackendSpec& spec, const Endpoint& endpoint) {
  nlohmann::json outputs = {{"version", kOutputsVersion}};
  if (spec.auth) {
    outputs["auth"] = RenderAuth(spec, *spec.auth);
  }
  if (spec.data) {
    outputs["data"] = RenderData(spec, *spec.data, endpoint);
  }
  if (!spec.storage.empty()) {
    outputs["storage"] = RenderStorage(spec);
  }
  outputs["custom"] = ResolveCustom(spec, spec.custom_outputs, endpoint);
  return outputs;
}

Status WriteOutputsFile(const std::filesystem::path& path, const nlohmann::json& outputs) {
  // Invalid UTF-8 cannot come from a loaded spec; replace it rather than throw.
  const std::string text =
      outputs.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  const std::filesystem::path directory =
      path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::string temp_name = (directory / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
  const int fd = ::mkstemp(temp_name.data());
  if (fd < 0) {
    return IoError(temp_name, "cannot create temporary file");
  }
  Status status;
  if (!WriteAll(fd, text)) {
    status = IoError(temp_name, "write failed");
  } else if (::fchmod(fd, 0644) != 0) {
    status = IoError(temp_name, "chmod failed");
  } else if (::fsync(fd) != 0) {
    status = IoError(temp_name, "fsync failed");
  }
  if (::close(fd) != 0 && status.ok()) {
    status = IoError(temp_name, "close failed");
  }
  if (status.ok() && ::rename(temp_name.c_str(), path.c_str()) != 0) {
    status = IoError(path, "rename failed");
  }
  if (!status.ok()) {
    ::unlink(temp_name.c_str());
    return status;
  }
  // Make the rename itself durable.
  const int directory_fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (directory_fd >= 0) {
    const int synced = ::fsync(directory_fd);
    ::close(directory_fd);
    if (synced != 0) {
      return IoError(directory, "fsync failed");
    }
  }
  return Status::Ok();
}

}  // namespace gloss::config
