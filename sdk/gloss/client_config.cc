#include "gloss/client_config.h"

#include <cstdlib>
#include <string>

namespace gloss {
namespace {

std::string Get(const EnvLookup& lookup, const std::string& name) {
  const char* value = lookup ? lookup(name.c_str()) : std::getenv(name.c_str());
  return value == nullptr ? std::string() : std::string(value);
}

}  // namespace

ClientConfig ConfigFromEnvironment(std::string_view service_env_id, const EnvLookup& lookup) {
  ClientConfig config;
  config.endpoint = Get(lookup, "AWS_ENDPOINT_URL_" + std::string(service_env_id));
  if (config.endpoint.empty()) {
    config.endpoint = Get(lookup, "AWS_ENDPOINT_URL");
  }
  config.region = Get(lookup, "AWS_REGION");
  if (config.region.empty()) {
    config.region = Get(lookup, "AWS_DEFAULT_REGION");
  }
  if (config.region.empty()) {
    config.region = "us-east-1";
  }
  config.access_key_id = Get(lookup, "AWS_ACCESS_KEY_ID");
  config.secret_access_key = Get(lookup, "AWS_SECRET_ACCESS_KEY");
  config.session_token = Get(lookup, "AWS_SESSION_TOKEN");
  return config;
}

}  // namespace gloss
